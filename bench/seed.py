#!/usr/bin/env python
"""Fill a database with a realistic forum, fast, for the benchmarks.

    .venv/bin/python bench/seed.py                       # 1,000 topics, 20,000 posts, temp SQLite
    .venv/bin/python bench/seed.py --posts 200000        # the large run
    .venv/bin/python bench/seed.py --database-url postgresql://u:p@127.0.0.1/bench --reset
    .venv/bin/python bench/seed.py --corpus /work/shared/corpus/sela-programa-de-trabajo-2008.txt

The schema comes from the app itself (`forum.cli.create_schema()`); rows are
written with SQLAlchemy Core bulk inserts (executemany), ids are assigned
here so that each post's materialized path can be built without a round
trip, exactly as `services.reply` builds it (parent path + zero-padded id).
Bodies are drawn from a pool of distinct texts, each rendered once with the
app's own `render_markdown`. Every denormalised counter (topic reply_count,
last_post_at, last_poster_id; category topic_count, post_count,
last_post_at; user post_count) is consistent with the rows.

One topic, in the public category that receives the most topics, holds
exactly `--big-topic-posts` posts (500): the "big topic" the HTTP benchmark
pages through. Every other topic is kept smaller, so "the public topic with
the most replies" finds it again when a database is reused.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import sys
import tempfile
import time
from bisect import bisect
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHUNK = 5_000
BODY_POOL = 600
DEFAULT_USERS = 500
POSTS_PER_TOPIC = 20
BENCH_PASSWORD = "contrasena-de-banco"

# Heavier weight = more topics. Keys are category slugs from forum/reference.py;
# unknown slugs get weight 3. The first public category gets the most topics.
CATEGORY_WEIGHTS = {
    "cooperacion-sur-sur": 30,
    "experiencias-exitosas": 14,
    "cumbres": 9,
    "posiciones-regionales": 6,
    "secretaria": 2,
    "distribucion-del-ingreso": 14,
    "pobreza-e-inclusion": 11,
    "crecimiento-sostenible": 9,
    "organismos-subregionales": 5,
}


# Text ----------------------------------------------------------------------

SUBJECTS = [
    "La Secretaría Permanente",
    "Nuestra delegación",
    "El grupo de trabajo",
    "El punto focal de Chile",
    "La propuesta de la CAN",
    "El Consejo Latinoamericano",
    "La experiencia de Colombia",
    "El equipo técnico del MERCOSUR",
    "La CEPAL",
    "El programa de cooperación Sur-Sur",
    "La reunión regional de Caracas",
    "El SICA",
    "La comisión de seguimiento",
    "Esta iniciativa",
    "El estudio del BID",
    "La CARICOM",
    "El informe de la SP-SELA",
    "La oficina nacional de cooperación",
    "El foro virtual",
]
VERBS = [
    "propone",
    "considera oportuno revisar",
    "recomienda fortalecer",
    "ha analizado",
    "respalda",
    "sugiere ampliar",
    "plantea con preocupación",
    "destaca",
    "insiste en",
    "quisiera profundizar en",
    "ha documentado",
    "pone a consideración",
    "no comparte del todo",
    "valora positivamente",
    "pide aclarar",
]
OBJECTS = [
    "la articulación y convergencia de los esquemas de integración",
    "el tratamiento de las asimetrías entre economías de distinto tamaño",
    "la movilización de recursos para la cooperación técnica",
    "los mecanismos de financiamiento del desarrollo",
    "la distribución del ingreso y la reducción de la pobreza",
    "el intercambio de experiencias exitosas entre los Estados Miembros",
    "la oferta y la demanda de cooperación de cada país",
    "las políticas públicas de protección social",
    "el comercio intrarregional y la facilitación del transporte",
    "la agenda social concertada a nivel regional",
    "la participación de los actores sociales en la integración",
    "el seguimiento de los mandatos de las Cumbres",
    "la sostenibilidad del crecimiento económico",
    "la capacitación de funcionarios en gestión de proyectos",
    "la cooperación triangular con socios extrarregionales",
    "el fortalecimiento institucional de las pequeñas economías del Caribe",
]
TAILS = [
    "en el marco del Consejo Latinoamericano",
    "antes de la próxima reunión de coordinación",
    "con el apoyo de la CEPAL y el BID",
    "durante el primer semestre",
    "a nivel subregional",
    "tal como se acordó en la Decisión N° 440",
    "sin duplicar esfuerzos con otros organismos",
    "en estrecha coordinación con la Secretaría",
    "según los datos más recientes",
    "para los países de menor desarrollo relativo",
    "de manera gradual y verificable",
    "a partir de la experiencia acumulada desde 2005",
    "",
]
OPENERS = [
    "Gracias por la información.",
    "Coincido con lo expuesto.",
    "Buenos días a todos.",
    "Una precisión sobre lo anterior.",
    "Comparto algunas ideas.",
    "Estimados colegas:",
    "Me sumo a la propuesta.",
    "Con respecto al punto dos,",
    "Permítanme discrepar.",
    "",
]
LINKS = [
    "https://www.sela.org/es/eventos",
    "https://www.cepal.org/es/publicaciones",
    "https://www.iadb.org/es",
    "http://www.comunidadandina.org",
    "https://caricom.org",
]
TITLE_HEADS = [
    "Propuesta sobre",
    "Consulta:",
    "Experiencia nacional en",
    "Debate:",
    "Borrador de posición sobre",
    "Resultados del taller de",
    "Seguimiento a",
    "Convocatoria:",
    "Dudas sobre",
    "Informe de avance:",
    "Lecciones aprendidas en",
    "¿Cómo mejorar",
    "Aportes para",
]


def sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    tail = rng.choice(TAILS)
    return (f"{text} {tail}" if tail else text) + "."


def generated_paragraph(rng: random.Random) -> str:
    opener = rng.choice(OPENERS)
    sentences = [sentence(rng) for _ in range(rng.randint(1, 5))]
    if rng.random() < 0.15:
        i = rng.randrange(len(sentences))
        sentences[i] = "**" + sentences[i].rstrip(".") + "**."
    return " ".join(([opener] if opener else []) + sentences)


def load_corpus(path: str | None) -> list[str]:
    """Paragraphs of a plain-text file, with PDF-extraction debris removed."""
    if not path:
        return []
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        line = " ".join(block.split())
        letters = [c for c in line if c.isalpha()]
        if len(line) < 120 or not letters:
            continue
        if sum(c.isupper() for c in letters) / len(letters) > 0.3:  # headers, tables
            continue
        line = re.sub(r"(\w)- (\w)", r"\1\2", line)  # words hyphenated across lines
        paragraphs.append(line)
    return paragraphs


def make_body(rng: random.Random, corpus: list[str]) -> str:
    """A Markdown body: mostly one or two paragraphs, sometimes a long post."""
    size = rng.choices([1, 2, 3, 5, 8], weights=[40, 30, 15, 10, 5])[0]
    parts = []
    for _ in range(size):
        if corpus and rng.random() < 0.6:
            parts.append(rng.choice(corpus))
        else:
            parts.append(generated_paragraph(rng))
    roll = rng.random()
    if roll < 0.10:
        parts.insert(
            rng.randrange(len(parts) + 1),
            "\n".join(f"- {rng.choice(OBJECTS).capitalize()}" for _ in range(rng.randint(2, 5))),
        )
    elif roll < 0.18:
        parts.insert(0, "> " + generated_paragraph(rng))
    elif roll < 0.26:
        parts.append(f"Más detalles en {rng.choice(LINKS)} y en el [informe]({rng.choice(LINKS)}).")
    elif roll < 0.30:
        parts.append(
            "| País | Proyectos |\n|---|---|\n"
            + "\n".join(
                f"| {c} | {rng.randint(1, 40)} |" for c in rng.sample(["Chile", "Perú", "Cuba", "Haití", "Brasil"], 3)
            )
        )
    return "\n\n".join(parts)


def make_title(rng: random.Random, number: int) -> str:
    head = rng.choice(TITLE_HEADS)
    title = f"{head} {rng.choice(OBJECTS)}"
    if head.startswith("¿"):
        title += "?"
    if rng.random() < 0.5:
        title += f" ({rng.choice(TAILS) or 'segunda ronda'})"
    return f"{title} #{number}"[:200]


# Shapes ----------------------------------------------------------------------


def topic_sizes(rng: random.Random, topics: int, posts: int, big: int) -> list[int]:
    """Posts per topic: the big one first, the others skewed (log-normal),
    each at least 1 (the opening post) and, when possible, below `big`."""
    others = topics - 1
    rest = posts - big
    if others < 0 or rest < others:
        raise SystemExit(f"--posts must be at least {big} + one per other topic")
    if others == 0:
        return [big]
    cap = big - 1 if others * (big - 1) >= rest else rest  # no cap when it cannot fit
    weights = [rng.lognormvariate(0, 1.1) for _ in range(others)]
    scale = (rest - others) / sum(weights)
    sizes = [1 + int(w * scale) for w in weights]
    # Clip to the cap, then hand out the remainder.
    sizes = [min(s, cap) for s in sizes]
    missing = rest - sum(sizes)
    open_ = [i for i, s in enumerate(sizes) if s < cap]
    while missing > 0:
        i = rng.choice(open_)
        take = min(missing, cap - sizes[i], max(1, missing // len(open_)))
        sizes[i] += take
        missing -= take
        if sizes[i] >= cap:
            open_.remove(i)
    return [big] + sizes


class Picker:
    """Weighted choice by bisection over cumulative weights (fast for 200k draws)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def choose_parent(rng: random.Random, replies: list[int], depth_of: dict, root: int) -> int:
    """Who a reply answers: the opening post, a recent reply, or any earlier one."""
    if not replies or rng.random() < 0.35:
        return root
    if rng.random() < 0.6:
        parent = replies[-rng.randint(1, min(5, len(replies)))]
    else:
        parent = rng.choice(replies)
    return root if depth_of[parent] >= 12 else parent


# Seeding ---------------------------------------------------------------------


def bench_config(database_url: str, workdir: str | Path) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "bench-secret-key",
        "SEARCH_INDEX_DIR": str(Path(workdir) / "index"),
        "PASSWORD_TIME_COST": 1,
        "PASSWORD_MEMORY_COST": 64,
        # The in-process measurements render every page; the HTTP runs set their own.
        "GUEST_PAGE_CACHE_SECONDS": 0,
    }


def default_topics(posts: int) -> int:
    """One topic per 20 posts (1,000 for the default 20,000), as in a live forum."""
    return max(1, posts // POSTS_PER_TOPIC)


def seed(
    database_url: str | None = None,
    *,
    topics: int | None = None,
    posts: int = 20_000,
    users: int = DEFAULT_USERS,
    big_topic_posts: int = 500,
    corpus: str | None = None,
    random_seed: int = 2008,
    reset: bool = False,
    analyze: bool | None = None,
    search_index: bool = False,
    workdir: str | None = None,
    log=print,
) -> dict:
    """Create the schema and fill it; returns a description of what was made."""
    import sqlalchemy as sa
    from argon2 import PasswordHasher

    import models
    from app import create_app
    from forum.cli import create_schema
    from forum.discussions.services import path_segment, slugify
    from forum.markup import render_markdown
    from models import (
        PUBLIC,
        Category,
        Country,
        Organization,
        Post,
        Space,
        Topic,
        User,
        db,
    )

    started = time.perf_counter()
    topics = topics or default_topics(posts)
    workdir = workdir or tempfile.mkdtemp(prefix="encuentro-bench-")
    database_url = database_url or f"sqlite:///{Path(workdir) / 'bench.db'}"
    rng = random.Random(random_seed)
    # The body pool and the big topic have their own generators, so both are
    # the same at every size: 20k and 200k runs then render the same pages.
    text_rng = random.Random(f"{random_seed}-text")
    big_rng = random.Random(f"{random_seed}-big")
    app = create_app(bench_config(database_url, workdir))

    with app.app_context():
        dialect = db.engine.dialect.name
        if reset:
            db.drop_all()
        create_schema()
        if db.session.scalar(sa.select(sa.func.count()).select_from(Post)):
            raise SystemExit(f"{database_url} already holds posts: use a fresh database or --reset")

        spaces = {s.id: s for s in db.session.scalars(sa.select(Space))}
        categories = db.session.scalars(
            sa.select(Category).join(Category.space).order_by(Space.position, Category.position)
        ).all()
        countries = list(db.session.scalars(sa.select(Country.code).order_by(Country.code)))
        organizations = list(db.session.scalars(sa.select(Organization.id).order_by(Organization.id)))
        now = datetime.now(UTC).replace(microsecond=0)

        # Users: one cheap hash shared by all; post activity is Zipf-like.
        password_hash = PasswordHasher(
            time_cost=app.config["PASSWORD_TIME_COST"], memory_cost=app.config["PASSWORD_MEMORY_COST"]
        ).hash(BENCH_PASSWORD)
        first_user = (db.session.scalar(sa.select(sa.func.max(User.id))) or 0) + 1
        user_ids = list(range(first_user, first_user + users))
        user_rows = []
        for n, uid in enumerate(user_ids):
            role = (
                "admin"
                if n == users - 1
                else rng.choices(["member", "focal_point", "moderator"], weights=[80, 17, 3])[0]
            )
            with_org = organizations and rng.random() < 0.15
            user_rows.append(
                {
                    "id": uid,
                    "email": f"bench{uid}@example.org",
                    "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "title": rng.choice(["", "Punto focal", "Director de Cooperación", "Asesora", "Analista"]),
                    "password_hash": password_hash,
                    "role": role,
                    "country_code": None if with_org or not countries else rng.choice(countries),
                    "organization_id": rng.choice(organizations) if with_org else None,
                    "language": None,
                    "created_at": now - timedelta(days=800 + rng.randint(0, 400)),
                    "suspended_until": None,
                    "post_count": 0,
                }
            )
        author = Picker(user_ids, [1 / (rank + 1) ** 0.8 for rank in range(users)])

        # Topics: sizes, categories, time spans.
        sizes = topic_sizes(rng, topics, posts, big_topic_posts)

        def eff(c):
            return max(c.visibility, spaces[c.space_id].visibility)

        public = [c for c in categories if eff(c) == PUBLIC]
        weights = [CATEGORY_WEIGHTS.get(c.slug, 3) for c in categories]
        pick_category = Picker(categories, weights)
        big_category = max(public, key=lambda c: CATEGORY_WEIGHTS.get(c.slug, 3))
        span = timedelta(days=730).total_seconds()

        topic_specs = []  # (start, size, category, flags)
        for i, size in enumerate(sizes):
            if i == 0:  # the big topic: started a month ago, still active
                start = (now - timedelta(days=30)).timestamp()
                category, flags = big_category, (False, False, False)
            else:
                start = now.timestamp() - span + rng.random() * (span - 86_400)
                category = pick_category(rng)
                flags = (rng.random() < 0.01, rng.random() < 0.02, rng.random() < 0.005)
            # Gaps between posts: exponential, squeezed to end before now.
            gaps = [max(1.0, (big_rng if i == 0 else rng).expovariate(1 / 5_400)) for _ in range(size - 1)]
            room = now.timestamp() - 60 - start
            if sum(gaps) > room:
                factor = room / sum(gaps)
                gaps = [max(0.001, g * factor) for g in gaps]
            times = list(itertools.accumulate([start] + gaps))
            topic_specs.append((times, category, flags))

        # Ids in global time order, as a live forum would have given them.
        order = sorted(range(topics), key=lambda t: topic_specs[t][0][0])
        first_topic = (db.session.scalar(sa.select(sa.func.max(Topic.id))) or 0) + 1
        topic_id_of = {t: first_topic + rank for rank, t in enumerate(order)}
        events = sorted((when, t, seq) for t, (times, _, _) in enumerate(topic_specs) for seq, when in enumerate(times))
        first_post = (db.session.scalar(sa.select(sa.func.max(Post.id))) or 0) + 1
        post_ids = [[0] * len(spec[0]) for spec in topic_specs]
        for rank, (_, t, seq) in enumerate(events):
            post_ids[t][seq] = first_post + rank
        del events

        # Distinct bodies, rendered once each.
        corpus_paragraphs = load_corpus(corpus)
        pool = [make_body(text_rng, corpus_paragraphs) for _ in range(min(BODY_POOL, posts))]
        rendered = [render_markdown(body) for body in pool]
        pick_body = Picker(range(len(pool)), [1 / (1 + len(b) / 400) for b in pool])
        log(
            f"prepared {users} users, {topics} topics, {len(pool)} distinct bodies "
            f"({time.perf_counter() - started:.1f}s)"
        )

        user_posts = dict.fromkeys(user_ids, 0)
        cat_stats = {c.id: [0, 0, None] for c in categories}  # topics, posts, last_post_at
        topic_rows, post_rows = [], []
        conn = db.session.connection()
        post_table = Post.__table__
        written = 0

        def flush_posts():
            nonlocal written
            if post_rows:
                conn.execute(post_table.insert(), post_rows)
                written += len(post_rows)
                post_rows.clear()

        # Topics first (posts reference them), then posts in chunks.
        plans = []
        for t in order:
            times, category, (pinned, locked, hidden) = topic_specs[t]
            ids = post_ids[t]
            trng = big_rng if t == 0 else rng
            authors = [author(trng) for _ in ids]
            tid = topic_id_of[t]
            title = ("Tema extenso: " if t == 0 else "") + make_title(trng, tid)
            created = datetime.fromtimestamp(times[0], UTC)
            last = datetime.fromtimestamp(times[-1], UTC)
            topic_rows.append(
                {
                    "id": tid,
                    "category_id": category.id,
                    "author_id": authors[0],
                    "title": title,
                    "slug": slugify(title),
                    "visibility": eff(category),
                    "created_at": created,
                    "pinned": pinned,
                    "locked": locked,
                    "hidden": hidden,
                    "reply_count": len(ids) - 1,
                    "last_post_at": last,
                    "last_poster_id": authors[-1],
                }
            )
            stats = cat_stats[category.id]
            stats[0] += 1
            stats[1] += len(ids)
            stats[2] = last if stats[2] is None or last > stats[2] else stats[2]
            plans.append((tid, times, ids, authors, trng))
        conn.execute(User.__table__.insert(), user_rows)
        for chunk_start in range(0, len(topic_rows), CHUNK):
            conn.execute(Topic.__table__.insert(), topic_rows[chunk_start : chunk_start + CHUNK])
        # Member-state tags, where the schema has them: about half the topics,
        # one to three countries each (the big topic two).
        tag_table = getattr(models, "topic_countries", None)
        tag_rows = []
        if tag_table is not None and countries:
            for row in topic_rows:
                big = row["title"].startswith("Tema extenso")
                if big or rng.random() < 0.5:
                    for code in (big_rng if big else rng).sample(countries, 2 if big else rng.choice([1, 1, 2, 3])):
                        tag_rows.append({"topic_id": row["id"], "country_code": code})
            for chunk_start in range(0, len(tag_rows), CHUNK):
                conn.execute(tag_table.insert(), tag_rows[chunk_start : chunk_start + CHUNK])

        for tid, times, ids, authors, trng in plans:
            root = ids[0]
            path_of = {root: path_segment(root)}
            depth_of = {root: 0}
            replies: list[int] = []
            for seq, (pid, when, uid) in enumerate(zip(ids, times, authors, strict=False)):
                parent = None if seq == 0 else choose_parent(trng, replies, depth_of, root)
                if parent is not None:
                    path_of[pid] = path_of[parent] + path_segment(pid)
                    depth_of[pid] = depth_of[parent] + 1
                    replies.append(pid)
                body = pick_body(trng)
                created = datetime.fromtimestamp(when, UTC)
                roll = trng.random() if seq else 1.0
                post_rows.append(
                    {
                        "id": pid,
                        "topic_id": tid,
                        "author_id": uid,
                        "parent_id": parent,
                        "path": path_of[pid],
                        "depth": depth_of[pid],
                        "body_source": pool[body],
                        "body_html": rendered[body],
                        "created_at": created,
                        "edited_at": created + timedelta(minutes=trng.randint(2, 600)) if roll < 0.05 else None,
                        "deleted_at": created + timedelta(hours=1) if 0.05 <= roll < 0.06 else None,
                        "hidden_at": created + timedelta(hours=2) if 0.06 <= roll < 0.065 else None,
                        "hidden_by_id": user_ids[-1] if 0.06 <= roll < 0.065 else None,
                    }
                )
                user_posts[uid] += 1
                if len(post_rows) >= CHUNK:
                    flush_posts()
        flush_posts()

        conn.execute(
            sa.update(User.__table__)
            .where(User.__table__.c.id == sa.bindparam("b_id"))
            .values(post_count=sa.bindparam("b_count")),
            [{"b_id": uid, "b_count": n} for uid, n in user_posts.items()],
        )
        conn.execute(
            sa.update(Category.__table__)
            .where(Category.__table__.c.id == sa.bindparam("b_id"))
            .values(
                topic_count=sa.bindparam("b_topics"),
                post_count=sa.bindparam("b_posts"),
                last_post_at=sa.bindparam("b_last"),
            ),
            [{"b_id": cid, "b_topics": s[0], "b_posts": s[1], "b_last": s[2]} for cid, s in cat_stats.items()],
        )
        if dialect == "postgresql":
            for table in ("users", "topics", "posts"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        db.session.commit()

        # The full-text index (where the app has one) is filled by the services
        # on each write; rows written here bypass them, so rebuild it the way
        # `flask search rebuild` does. An index left empty would make pages
        # that search it (related topics) unrealistically cheap, or fail.
        index_seconds = None
        if search_index:
            try:
                from forum.indexing import documents
                from forum.indexing import search_index as app_search_index
            except ImportError:
                pass
            else:
                t0 = time.perf_counter()
                count = app_search_index().rebuild(documents())
                db.session.commit()  # end the read transaction (SQLite: it holds the write lock)
                index_seconds = round(time.perf_counter() - t0, 1)
                log(f"search index: {count} documents in {index_seconds}s")

        # The app never runs ANALYZE on SQLite, so by default neither do we;
        # PostgreSQL's autovacuum would, so we do it there.
        if analyze if analyze is not None else dialect == "postgresql":
            with db.engine.connect() as c:
                c.exec_driver_sql("ANALYZE")
                c.commit()

        meta = describe(app)
        meta.update(
            database_url=database_url,
            workdir=str(workdir),
            seconds=round(time.perf_counter() - started, 1),
            distinct_bodies=len(pool),
            corpus=bool(corpus_paragraphs),
            topic_country_tags=len(tag_rows),
            search_index_seconds=index_seconds,
        )
        db.session.remove()
        db.engine.dispose()
    if written != posts:
        raise RuntimeError(f"wrote {written} posts, expected {posts}")
    if database_url.startswith("sqlite:///"):
        (Path(database_url[len("sqlite:///") :]).parent / "seed.json").write_text(json.dumps(meta, indent=2))
    return meta


def describe(app) -> dict:
    """Find the benchmark targets in a seeded database (also used on reuse):
    the public category with the most topics, the public topic with the most
    posts, the user with the most posts, and the first seeded member (role
    "member", password BENCH_PASSWORD) for the signed-in runs, or None."""
    import sqlalchemy as sa

    from models import PUBLIC, Category, Post, Space, Topic, User, db

    with app.app_context():
        category, space_slug = db.session.execute(
            sa.select(Category, Space.slug)
            .join(Category.space)
            .where(Category.visibility == PUBLIC, Space.visibility == PUBLIC)
            .order_by(Category.topic_count.desc(), Category.id)
        ).first()
        topic = db.session.scalar(
            sa.select(Topic)
            .join(Topic.category)
            .join(Category.space)
            .where(
                Topic.visibility == PUBLIC,
                Category.visibility == PUBLIC,
                Space.visibility == PUBLIC,
                Topic.hidden.is_(False),
            )
            .order_by(Topic.reply_count.desc(), Topic.id)
        )
        user = db.session.scalar(sa.select(User).order_by(User.post_count.desc(), User.id))
        member = db.session.scalar(
            sa.select(User).where(User.role == "member", User.email.like("bench%@example.org")).order_by(User.id)
        )
        per_page = app.config["POSTS_PER_PAGE"]
        return {
            "posts": db.session.scalar(sa.select(sa.func.count()).select_from(Post)),
            "topics": db.session.scalar(sa.select(sa.func.count()).select_from(Topic)),
            "users": db.session.scalar(sa.select(sa.func.count()).select_from(User)),
            "category": {"space_slug": space_slug, "slug": category.slug, "topic_count": category.topic_count},
            "big_topic": {
                "id": topic.id,
                "slug": topic.slug,
                "posts": topic.reply_count + 1,
                "pages": max(1, math.ceil((topic.reply_count + 1) / per_page)),
            },
            "profile_user": {"id": user.id, "post_count": user.post_count},
            "member": {"id": member.id, "email": member.email} if member else None,
        }


def target_urls(meta: dict) -> dict[str, str]:
    """The pages the benchmarks load, by kind (an anonymous visitor can see them all)."""
    category, topic, user = meta["category"], meta["big_topic"], meta["profile_user"]
    return {
        "topic_list": f"/c/{category['space_slug']}/{category['slug']}",
        "topic_first": f"/t/{topic['id']}/{topic['slug']}",
        "topic_last": f"/t/{topic['id']}/{topic['slug']}?page={topic['pages']}",
        "profile": f"/u/{user['id']}",
    }


def verify(app) -> list[str]:
    """Check the denormalised counters and the reply tree against the rows."""
    import sqlalchemy as sa

    from forum.discussions.services import path_segment
    from models import Category, Post, Topic, User, db

    problems = []
    with app.app_context():
        posts = db.session.execute(
            sa.select(
                Post.id, Post.topic_id, Post.parent_id, Post.path, Post.depth, Post.author_id, Post.created_at
            ).order_by(Post.id)
        ).all()
        by_id = {p.id: p for p in posts}
        per_topic, per_user = {}, {}
        for p in posts:
            per_topic.setdefault(p.topic_id, []).append(p)
            per_user[p.author_id] = per_user.get(p.author_id, 0) + 1
            parent = by_id.get(p.parent_id)
            expected = (parent.path if parent else "") + path_segment(p.id)
            if p.path != expected or p.depth != (parent.depth + 1 if parent else 0):
                problems.append(f"post {p.id}: path/depth")
            if parent and (parent.topic_id != p.topic_id or parent.created_at > p.created_at):
                problems.append(f"post {p.id}: parent in another topic or newer")
        topic_posts = {}
        for t in db.session.scalars(sa.select(Topic)):
            rows = per_topic.get(t.id, [])
            topic_posts.setdefault(t.category_id, [0, 0, None])
            stats = topic_posts[t.category_id]
            stats[0] += 1
            stats[1] += len(rows)
            stats[2] = max(filter(None, [stats[2], t.last_post_at]))
            roots = [p for p in rows if p.parent_id is None]
            if len(roots) != 1 or roots[0].author_id != t.author_id:
                problems.append(f"topic {t.id}: opening post")
            if (
                t.reply_count != len(rows) - 1
                or t.last_post_at != rows[-1].created_at
                or t.last_poster_id != rows[-1].author_id
            ):
                problems.append(f"topic {t.id}: counters")
        for c in db.session.scalars(sa.select(Category)):
            stats = topic_posts.get(c.id, [0, 0, None])
            if (c.topic_count, c.post_count, c.last_post_at) != tuple(stats):
                problems.append(f"category {c.slug}: counters {c.topic_count, c.post_count} != {stats[:2]}")
        for u in db.session.scalars(sa.select(User)):
            if u.post_count != per_user.get(u.id, 0):
                problems.append(f"user {u.id}: post_count")
        db.session.remove()
    return problems


FIRST_NAMES = [
    "Ana",
    "Carlos",
    "María",
    "José",
    "Lucía",
    "Jorge",
    "Carmen",
    "Luis",
    "Rosa",
    "Andrés",
    "Patricia",
    "Miguel",
    "Gabriela",
    "Ricardo",
    "Sofía",
    "Fernando",
    "Isabel",
    "Héctor",
    "Valentina",
    "Raúl",
    "Beatriz",
    "Ramón",
    "Daniela",
    "Álvaro",
    "Marcela",
    "Sebastián",
]
LAST_NAMES = [
    "González",
    "Rodríguez",
    "Pérez",
    "Martínez",
    "García",
    "López",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Cruz",
    "Morales",
    "Reyes",
    "Gutiérrez",
    "Ortiz",
    "Chávez",
    "Ramos",
    "Castillo",
    "Jiménez",
    "Vargas",
    "Rojas",
    "Mendoza",
]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: SQLite file in a new temp dir")
    parser.add_argument("--dir", help="directory for the SQLite file (default: a new temp dir)")
    parser.add_argument("--topics", type=int, help="default: posts / 20 (1,000 for 20,000 posts)")
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=DEFAULT_USERS)
    parser.add_argument("--big-topic-posts", type=int, default=500)
    parser.add_argument("--corpus", help="optional plain-text file to take paragraphs from")
    parser.add_argument("--seed", type=int, default=2008, help="random seed")
    parser.add_argument("--reset", action="store_true", help="drop all tables first (PostgreSQL reuse)")
    parser.add_argument(
        "--analyze",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run ANALYZE afterwards (default: only on PostgreSQL)",
    )
    parser.add_argument(
        "--search-index",
        action="store_true",
        help="rebuild the app's full-text index afterwards, as `flask search rebuild` does "
        "(slow: Whoosh takes about 3 minutes per 20,000 posts)",
    )
    parser.add_argument("--check", action="store_true", help="verify counters and paths afterwards")
    args = parser.parse_args(argv)
    workdir = args.dir
    if workdir:
        Path(workdir).mkdir(parents=True, exist_ok=True)
    meta = seed(
        args.database_url,
        topics=args.topics,
        posts=args.posts,
        users=args.users,
        big_topic_posts=args.big_topic_posts,
        corpus=args.corpus,
        random_seed=args.seed,
        reset=args.reset,
        analyze=args.analyze,
        search_index=args.search_index,
        workdir=workdir,
    )
    print(json.dumps(meta, indent=2))
    if args.check:
        from app import create_app

        problems = verify(create_app(bench_config(meta["database_url"], meta["workdir"])))
        print("check:", "ok" if not problems else f"{len(problems)} problems")
        for problem in problems[:20]:
            print("  ", problem)
        if problems:
            raise SystemExit(1)


if __name__ == "__main__":
    main()

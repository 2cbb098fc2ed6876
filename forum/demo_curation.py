"""Demo curation, loaded by `flask seed-demo` after the discussions: posts
the Secretariat featured with a one-line summary, a topic's conclusion, one
member's flag waiting in the review queue, and the first issue of the
magazine for the last complete quarter.

Written through the services, as a moderator would, then moved back to the
days it would have happened.
"""

from datetime import datetime, timedelta

from models import DigestIssue, Flag, ModerationAction, Post, Topic, User, db

from .curation import services as curation
from .digest import services as digest
from .moderation import flags

CURATOR = "carolina.mendez"

# (topic title, author of the post, summary): the post is the author's first in the topic.
FEATURED = [
    (
        "Rede de Bancos de Leite Humano: uma cooperação que se multiplicou",
        "ana.carvalho",
        "Un modelo de bajo costo que cada país adaptó a sus normas: la red de bancos de leche humana.",
    ),
    (
        "Rede de Bancos de Leite Humano: uma cooperação que se multiplicou",
        "patricia.illanes",
        "Medir la línea de base antes de abrir un banco de leche permite demostrar después su impacto.",
    ),
    (
        "Preparación comunitaria ante huracanes: experiencias en el Caribe",
        "ernesto.valdes",
        "Alerta por fases, evacuación organizada desde el barrio y simulacros anuales: la experiencia cubana.",
    ),
    (
        "Transferencias condicionadas: qué funcionó y qué corregiríamos",
        "ana.carvalho",
        "El legado más duradero de las transferencias en Brasil es un registro único de familias.",
    ),
    (
        "MIPYMES y empleo: ¿qué apoyos ayudan de verdad a exportar?",
        "rosa.lemus",
        "Los consorcios de exportación duran cuando las empresas pagan parte de un gerente compartido.",
    ),
    (
        "Cooperación triangular: ¿quién conduce cuando el socio es del Norte?",
        "mauricio.solano",
        "En un proyecto triangular, el comité de gestión lo preside el país receptor.",
    ),
    (
        "Financiamiento para la adaptación al cambio climático en los pequeños Estados insulares",
        "patricia.illanes",
        "La vulnerabilidad, y no solo el ingreso per cápita, como criterio para el financiamiento favorable.",
    ),
    (
        "Mapa de los programas sociales de los esquemas de integración",
        "rosa.lemus",
        "Un mapa compartido de los programas sociales de SICA, CAN, MERCOSUR y CARICOM.",
    ),
]

CONCLUSION = ("Cooperación triangular: ¿quién conduce cuando el socio es del Norte?", "ana.carvalho")

FLAG = {
    "topic": "MIPYMES y empleo: ¿qué apoyos ayudan de verdad a exportar?",
    "post_author": "tomas.aguirre",
    "reporter": "andres.rincon",
    "reason": "off_topic",
    "text": "El hilo trata de las MIPYMES exportadoras; las cooperativas merecen un tema propio.",
}

INTRODUCTION = """\
Este es el primer número de la revista del Espacio Virtual de Encuentro. Reúne lo que los puntos
focales y los organismos subregionales compartieron durante el trimestre: los aportes que la
Secretaría Permanente destacó en los debates, las fichas de oferta y demanda de cooperación que se
publicaron o actualizaron, las reuniones virtuales con su relatoría y las cifras de participación.

Cada destacado enlaza con su debate, que sigue abierto: invitamos a los países que aún no han
intervenido a sumar su experiencia. Las propuestas de temas para el próximo número pueden enviarse
a la Secretaría desde el propio foro.
"""


def seed_demo_curation(users: dict[str, User], now: datetime) -> None:
    """Everything above, unless a previous run already wrote it."""
    if db.session.scalar(db.select(Post.id).where(Post.featured_at.is_not(None)).limit(1)) is not None:
        return
    curator = users[CURATOR]
    for title, author, summary in FEATURED:
        post = _first_post(title, users[author])
        curation.feature_post(curator, post, summary)
        _backdate(post, "post.feature", min(post.created_at + timedelta(days=2), now), "featured_at")
    conclusion = _first_post(CONCLUSION[0], users[CONCLUSION[1]])
    curation.mark_answer(curator, conclusion)
    _backdate(conclusion.topic, "topic.answer", min(conclusion.created_at + timedelta(days=3), now))
    _flag(users, now)
    _magazine(curator, now)


def _first_post(title: str, author: User) -> Post:
    return db.session.scalar(
        db.select(Post).join(Post.topic).where(Topic.title == title, Post.author_id == author.id).order_by(Post.id)
    )


def _backdate(item, action: str, moment: datetime, attribute: str | None = None) -> None:
    """Move an action (and the item's own date, if named) back to `moment`."""
    if attribute:
        setattr(item, attribute, moment)
    logged = db.session.scalar(
        db.select(ModerationAction).filter_by(action=action, target_id=item.id).order_by(ModerationAction.id.desc())
    )
    logged.created_at = moment
    db.session.commit()


def _flag(users: dict[str, User], now: datetime) -> None:
    post = _first_post(FLAG["topic"], users[FLAG["post_author"]])
    flags.flag(users[FLAG["reporter"]], "post", post.id, FLAG["reason"], FLAG["text"])
    flagged = db.session.scalar(db.select(Flag).filter_by(target_type="post", target_id=post.id))
    flagged.created_at = min(post.created_at + timedelta(days=1), now)
    db.session.commit()


def _magazine(curator: User, now: datetime) -> None:
    """Issue 1, for the last quarter that has ended, published ten days after it."""
    period = digest.last_complete_quarter(now.date())
    issue = digest.build_issue(curator, period)
    digest.update_issue(curator, issue, issue.title, INTRODUCTION)
    digest.publish_issue(curator, issue)
    published = min(datetime.combine(period.end, now.timetz()) + timedelta(days=10), now)
    issue = db.session.get(DigestIssue, issue.id)
    issue.created_at = issue.updated_at = published - timedelta(days=2)
    issue.published_at = published
    _backdate(issue, "digest.publish", published)

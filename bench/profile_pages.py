#!/usr/bin/env python
"""Where a page's time goes, in-process (no HTTP server, no other request
competing): per page, the median and minimum wall time, the number of SQL
statements and the time spent executing them; optionally the statements,
their SQLite query plans, or a cProfile listing.

    .venv/bin/python bench/profile_pages.py --database-url sqlite:////tmp/x/bench.db
    .venv/bin/python bench/profile_pages.py --database-url ... --sql        # each statement
    .venv/bin/python bench/profile_pages.py --database-url ... --explain    # + SQLite query plans
    .venv/bin/python bench/profile_pages.py --database-url ... --cprofile profile

Without --database-url it seeds a temporary SQLite database first (--posts,
--topics, --corpus as in seed.py). Requests carry no cookie, like wrk's, so
each one pays for a new session, as an anonymous visitor's first page does.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import seed as seeding  # noqa: E402


def page_costs(
    database_url: str, workdir: str, repeat: int = 40, show_sql: bool = False, explain: bool = False
) -> tuple[dict, dict]:
    """Measure each benchmark page in-process; returns (meta, {kind: costs})."""
    import sqlalchemy as sa

    from app import create_app
    from models import db

    app = create_app(seeding.bench_config(database_url, workdir))
    meta = seeding.describe(app)
    with app.app_context():
        engine = db.engine
    statements: list[tuple[str, object, float]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_t0"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters, time.perf_counter() - conn.info.pop("bench_t0")))

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    client = app.test_client(use_cookies=False)
    costs = {}
    try:
        for kind, url in seeding.target_urls(meta).items():
            for _ in range(3):
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {response.status_code}")
            walls, sql_times, counts = [], [], []
            for _ in range(repeat):
                statements.clear()
                t0 = time.perf_counter()
                response = client.get(url)
                walls.append(time.perf_counter() - t0)
                sql_times.append(sum(s[2] for s in statements))
                counts.append(len(statements))
            costs[kind] = {
                "url": url,
                "median_ms": 1000 * statistics.median(walls),
                "min_ms": 1000 * min(walls),
                "sql_ms": 1000 * statistics.median(sql_times),
                "queries": int(statistics.median(counts)),
                "bytes": len(response.data),
                "statements": list(statements),
            }
            if show_sql or explain:
                print(f"-- {kind} {url}")
                for statement, parameters, seconds in list(statements):
                    print(f"   {seconds * 1000:7.2f} ms  {' '.join(statement.split())[:300]}  {parameters!r:.100}")
                    if explain and engine.dialect.name == "sqlite" and statement.lstrip().upper().startswith("SELECT"):
                        with engine.connect() as conn:
                            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters):
                                print(f"              plan: {row[-1]}")
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
    costs["_client"] = client
    return meta, costs


def print_costs(costs: dict) -> None:
    print(f"{'page':12} {'median ms':>9} {'min ms':>7} {'SQL ms':>7} {'queries':>7} {'bytes':>7}  url")
    for kind, c in costs.items():
        if not kind.startswith("_"):
            print(
                f"{kind:12} {c['median_ms']:9.1f} {c['min_ms']:7.1f} {c['sql_ms']:7.1f} {c['queries']:7d} "
                f"{c['bytes']:7d}  {c['url']}"
            )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--topics", type=int, help="default: posts / 20")
    parser.add_argument("--corpus")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--sql", action="store_true", help="print the statements of one request per page")
    parser.add_argument("--explain", action="store_true", help="also print SQLite query plans")
    parser.add_argument(
        "--cprofile",
        metavar="KIND",
        choices=["topic_list", "topic_first", "topic_last", "profile"],
        help="cProfile this page and print the top entries",
    )
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="encuentro-profile-")
    database_url = (
        args.database_url
        or seeding.seed(None, posts=args.posts, topics=args.topics, corpus=args.corpus, workdir=workdir)["database_url"]
    )
    meta, costs = page_costs(database_url, workdir, args.repeat, args.sql, args.explain)
    print(
        f"{meta['posts']:,} posts, {meta['topics']:,} topics; profile user has "
        f"{meta['profile_user']['post_count']:,} posts"
    )
    print_costs(costs)
    if args.cprofile:
        client, url = costs["_client"], costs[args.cprofile]["url"]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()

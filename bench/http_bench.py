#!/usr/bin/env python
"""HTTP benchmark: seed a database, serve it with gunicorn on 127.0.0.1, load
four pages with wrk as a guest and as a signed-in member, print requests/s,
p50, p99 and response size.

    .venv/bin/python bench/http_bench.py                          # 20,000 posts, sync, guest + member
    .venv/bin/python bench/http_bench.py --posts 20000 200000     # both sizes, with a growth table
    .venv/bin/python bench/http_bench.py --visitor member --duration 5
    .venv/bin/python bench/http_bench.py --worker-class sync gevent
    .venv/bin/python bench/http_bench.py --database-url postgresql://u:p@127.0.0.1/bench  # seeds it (drops tables!)
    .venv/bin/python bench/http_bench.py --database-url sqlite:////tmp/x/bench.db --no-seed  # reuse

Pages: the topic list of the public category with the most topics, the big
topic's first and last page (500 posts, 25 a page), and the profile of the
user with the most posts. Visitors: "guest" sends no cookie and is served the
page each worker keeps for guests (GUEST_PAGE_CACHE_SECONDS, taken from the
environment as the app does); "member" signs in as the first seeded member
and every request renders the page. The server is always stopped at the end,
whatever happens.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import seed as seeding  # noqa: E402
from profile_pages import page_costs  # noqa: E402

from forum.config import DEFAULTS  # noqa: E402

VISITORS = ["guest", "member"]
# kind -> (minimum requests/s, maximum p99 in ms or None), for 2 workers / 16 connections, either visitor.
TARGETS = {
    "topic_list": (250, None),
    "topic_first": (150, 250),
    "topic_last": (150, 250),
    "profile": (250, None),
}
# A page "does not grow" with the database when its in-process cost at the
# largest size stays within this factor of its cost at the smallest size.
GROWTH_TOLERANCE = 1.25


target_urls = seeding.target_urls


# gunicorn ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group; `stop()` is idempotent."""

    def __init__(
        self, database_url: str, workdir: Path, worker_class: str, workers: int, port: int, extra_args: list[str] = ()
    ):
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = workdir / f"gunicorn-{worker_class}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log_path),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ]
        if worker_class == "gevent":
            command += ["--worker-connections", "100"]
        command += list(extra_args)
        command.append("app:create_app()")
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            SECRET_KEY="bench-secret-key",
            SEARCH_INDEX_DIR=str(workdir / "index"),
        )
        self.stderr = open(workdir / f"gunicorn-{worker_class}.stderr", "w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=self.stderr
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited ({self.process.returncode}); see {self.log_path}:\n" + self.log_tail()
                )
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready after {timeout}s:\n" + self.log_tail())

    def log_tail(self, lines: int = 30) -> str:
        text = []
        for path in (self.log_path, Path(self.stderr.name)):
            try:
                text += path.read_text().splitlines()[-lines:]
            except OSError:
                pass
        return "\n".join(text)

    def stop(self) -> None:
        self.stderr.close()
        if self.process.poll() is not None:
            return
        try:
            os.kill(self.process.pid, signal.SIGTERM)  # the master: graceful shutdown
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # our own process group only
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass


# CPU accounting ------------------------------------------------------------------
# The machine may be shared: besides wall-clock figures we record the CPU the
# server itself spent per request (robust to other load, the best measure of
# a page's cost) and how busy the machine was with other processes.

TICK = os.sysconf("SC_CLK_TCK")


def process_tree(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    return tree


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / TICK
    return times


def machine_seconds() -> tuple[float, float]:
    """(busy, total) CPU-seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / TICK, sum(values[:8]) / TICK


def wait_for_quiet(max_wait: float, threshold: float) -> float:
    """Wait (up to max_wait s) until other processes use under `threshold` %
    of the machine over a 2 s window; returns the last busy % seen."""
    deadline = time.monotonic() + max_wait
    while True:
        busy0, total0 = machine_seconds()
        time.sleep(2)
        busy1, total1 = machine_seconds()
        busy = 100 * (busy1 - busy0) / max(1e-9, total1 - total0)
        if busy < threshold or time.monotonic() >= deadline:
            return busy
        print(f"    (machine {busy:.0f}% busy with other work; waiting)", flush=True)


class CpuMeter:
    def __init__(self, server_pid: int):
        self.pids = process_tree(server_pid)
        self.server0 = cpu_seconds(self.pids)
        self.machine0 = machine_seconds()
        self.children0 = os.times()
        self.self0 = time.process_time()

    def stop(self) -> dict:
        server1 = cpu_seconds(self.pids)
        server = sum(server1[p] - self.server0.get(p, 0) for p in server1)
        busy1, total1 = machine_seconds()
        busy, total = busy1 - self.machine0[0], total1 - self.machine0[1]
        now = os.times()
        load_tool = (
            now.children_user - self.children0.children_user + now.children_system - self.children0.children_system
        )
        ours = time.process_time() - self.self0
        other = max(0.0, busy - server - load_tool - ours)
        return {
            "server_cpu": server,
            "other_cpu_pct": 100 * other / total if total else 0.0,
            "machine_busy_pct": 100 * busy / total if total else 0.0,
        }


# wrk ---------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> dict:
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for pct in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", output, re.M)
        result[f"p{pct}"] = to_ms(match.group(1)) if match else math.nan
    match = re.search(r"(\d+) requests in", output)
    result["requests"] = int(match.group(1)) if match else 0
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = sum(map(int, match.groups())) if match else 0
    return result


def run_wrk(url: str, headers: dict[str, str], duration: int, connections: int, threads: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    command += [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    command.append(url)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed: {completed.stderr or completed.stdout}")
    return parse_wrk(completed.stdout)


def fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return response.status, response.read()


# Visitors ------------------------------------------------------------------------


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back (as HTTPError) instead of following them."""

    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, email: str) -> dict[str, str]:
    """Sign in through the login form, as a browser does; returns the
    request headers that carry the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), KeepRedirects)
    with opener.open(base + "/login", timeout=30) as response:
        form = response.read().decode()
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', form)
    if not match:
        raise RuntimeError("/login: no csrf_token in the form")
    fields = {"csrf_token": match.group(1), "email": email, "password": seeding.BENCH_PASSWORD}
    try:
        with opener.open(base + "/login", urllib.parse.urlencode(fields).encode(), timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
    if status != 302:
        raise RuntimeError(f"signing in as {email}: HTTP {status}, expected 302")
    return {"Cookie": "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)}


def visitor_headers(visitor: str, base: str, meta: dict) -> dict[str, str]:
    if visitor == "guest":
        return {}
    if not meta["member"]:
        raise RuntimeError("no seeded member (role 'member', email bench<id>@example.org) to sign in as")
    return sign_in(base, meta["member"]["email"])


# One configuration ---------------------------------------------------------------


def bench_config(database_url: str, workdir: Path, meta: dict, costs: dict, worker_class: str, args) -> list[dict]:
    urls = target_urls(meta)
    server = Server(
        database_url, workdir, worker_class, args.workers, free_port(), shlex.split(args.gunicorn_args or "")
    )
    rows = []
    try:
        server.wait_ready()
        for visitor in args.visitor:
            headers = visitor_headers(visitor, server.base, meta)
            sizes = {}
            for kind, path in urls.items():
                status, body = fetch(server.base + path, headers)
                if status != 200:
                    raise RuntimeError(f"{path} ({visitor}): HTTP {status}")
                signed_in = b'action="/logout"' in body  # the sign-out button
                if signed_in != (visitor == "member"):
                    raise RuntimeError(f"{path} ({visitor}): the page is {'' if signed_in else 'not '}signed in")
                sizes[kind] = len(body)
            for path in urls.values():  # warm every worker's caches and pools
                run_wrk(server.base + path, headers, args.warmup, args.connections, args.threads)
            for kind, path in urls.items():
                if args.quiet_wait:
                    wait_for_quiet(args.quiet_wait, args.quiet_threshold)
                meter = CpuMeter(server.process.pid)
                result = run_wrk(server.base + path, headers, args.duration, args.connections, args.threads)
                result.update(meter.stop())
                result["cpu_ms"] = 1000 * result["server_cpu"] / max(1, result["requests"])
                result.update(
                    kind=kind,
                    url=path,
                    size=sizes[kind],
                    worker_class=worker_class,
                    visitor=visitor,
                    posts=meta["posts"],
                    app_ms=costs[kind]["min_ms"],
                    app_median_ms=costs[kind]["median_ms"],
                    queries=costs[kind]["queries"],
                )
                rows.append(result)
                print(
                    f"  {worker_class:6} {visitor:6} {kind:12} {result['rps']:7.1f} req/s  p50 {result['p50']:6.1f} ms"
                    f"  p99 {result['p99']:6.1f} ms  server CPU {result['cpu_ms']:5.1f} ms/req  "
                    f"other load {result['other_cpu_pct']:4.0f}%  {verdict(result)}",
                    flush=True,
                )
    finally:
        server.stop()
    return rows


# Output --------------------------------------------------------------------------


def verdict(row: dict) -> str:
    min_rps, max_p99 = TARGETS[row["kind"]]
    ok = row["rps"] >= min_rps and (max_p99 is None or row["p99"] < max_p99)
    ok = ok and row["non2xx"] == 0 and row["socket_errors"] == 0
    return "ok" if ok else "MISS"


def print_table(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    header = (
        f"| {'workers':7} | {'visitor':7} | {'page':12} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} "
        f"| {'size KB':>7} | {'CPU ms/req':>10} | {'app ms':>6} | {'other load':>10} | {'errors':>6} | target |"
    )
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for row in rows:
        min_rps, max_p99 = TARGETS[row["kind"]]
        target = f">={min_rps}" + (f", p99<{max_p99}" if max_p99 else "")
        errors = row["non2xx"] + row["socket_errors"]
        print(
            f"| {row['worker_class']:7} | {row['visitor']:7} | {row['kind']:12} | {row['rps']:7.1f} | "
            f"{row['p50']:7.1f} | {row['p99']:7.1f} | {row['size'] / 1024:7.1f} | {row['cpu_ms']:10.1f} | "
            f"{row['app_ms']:6.1f} | {row['other_cpu_pct']:9.0f}% | {errors:6d} | {verdict(row):4} ({target}) |"
        )


def print_growth(rows: list[dict]) -> None:
    sizes = sorted({row["posts"] for row in rows})
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    app_ms = {(r["kind"], r["posts"]): r["app_ms"] for r in rows}
    rps = {(r["worker_class"], r["visitor"], r["kind"], r["posts"]): r["rps"] for r in rows}
    runs = sorted(
        {(r["worker_class"], r["visitor"]) for r in rows},
        key=lambda run: (["sync", "gevent"].index(run[0]), VISITORS.index(run[1])),
    )
    print(
        f"\nGrowth from {small:,} to {large:,} posts. 'app ms' is the page rendered in-process, one "
        f"request at a time\n(min of 3x20, sizes measured in alternation, no guest cache); the verdict is on "
        f"its ratio (over {GROWTH_TOLERANCE}: the page costs more as the forum grows)."
    )
    labels = [f"{worker_class} {visitor} req/s" for worker_class, visitor in runs]
    widths = [max(17, len(label)) for label in labels]
    header = (
        f"| {'page':12} | {'app ms small':>12} | {'app ms large':>12} | {'ratio':>5} | verdict | "
        + " | ".join(f"{label:>{width}}" for label, width in zip(labels, widths, strict=True))
        + " |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for kind in TARGETS:
        ratio = app_ms[(kind, large)] / app_ms[(kind, small)]
        rates = [
            f"{rps[(*run, kind, small)]:7.1f} → {rps[(*run, kind, large)]:7.1f}".rjust(width)
            for run, width in zip(runs, widths, strict=True)
        ]
        print(
            f"| {kind:12} | {app_ms[(kind, small)]:12.1f} | {app_ms[(kind, large)]:12.1f} | {ratio:5.2f} | "
            f"{'ok' if ratio <= GROWTH_TOLERANCE else 'GROWS':7} | " + " | ".join(rates) + " |"
        )


def run_quietly(*command) -> str:
    """A command's output, or "?" when it cannot run."""
    try:
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def provenance(*tools: str) -> str:
    """The app's commit (and whether it was modified), the machine and `tools`."""
    commit = run_quietly("git", "rev-parse", "--short", "HEAD")
    dirty = len(run_quietly("git", "status", "--porcelain", "--untracked-files=no").splitlines())
    return " · ".join(
        (
            f"app {commit}{f' + {dirty} modified files' if dirty else ''}",
            f"{os.cpu_count()} CPUs",
            f"Python {sys.version.split()[0]}",
            *tools,
        )
    )


def describe_database(database_url: str, sized: Path) -> dict:
    from app import create_app

    return seeding.describe(create_app(seeding.bench_config(database_url, sized)))


def prepare(posts: int, workdir: Path, args) -> tuple[int, Path, str, dict]:
    """Seed (or find) the database for one size."""
    sized = workdir / f"posts-{posts}"
    sized.mkdir(exist_ok=True)
    if args.no_seed:
        database_url = args.database_url
        meta = describe_database(database_url, sized)
    elif args.reuse and (sized / "seed.json").exists() and not args.database_url:
        meta = json.loads((sized / "seed.json").read_text())
        database_url = meta["database_url"]
        if "member" not in meta:  # seed.json written before the signed-in runs
            meta["member"] = describe_database(database_url, sized)["member"]
    else:
        postgres = bool(args.database_url)
        database_url = args.database_url or f"sqlite:///{sized / 'bench.db'}"
        if not postgres:
            for leftover in sized.glob("bench.db*"):
                leftover.unlink()
        topics = args.topics or seeding.default_topics(posts)
        print(f"seeding {posts:,} posts, {topics:,} topics into {database_url} ...", flush=True)
        meta = seeding.seed(
            database_url,
            posts=posts,
            topics=topics,
            corpus=args.corpus,
            reset=postgres,
            search_index=args.search_index,
            workdir=str(sized),
            log=lambda *_: None,
        )
        print(f"  seeded in {meta['seconds']}s", flush=True)
    print(
        f"{meta['posts']:,} posts, {meta['topics']:,} topics: big topic {meta['big_topic']['id']} "
        f"({meta['big_topic']['posts']} posts, {meta['big_topic']['pages']} pages); category "
        f"{meta['category']['slug']} ({meta['category']['topic_count']} topics); user "
        f"{meta['profile_user']['id']} ({meta['profile_user']['post_count']} posts)",
        flush=True,
    )
    return posts, sized, database_url, meta


def measure_costs(datasets: list, rounds: int = 3, repeat: int = 20) -> dict[int, dict]:
    """Each page's in-process cost (min over rounds x repeat), sizes alternating."""
    best: dict[int, dict] = {}
    for _ in range(rounds):
        for posts, sized, database_url, _meta in datasets:
            _, costs = page_costs(database_url, str(sized), repeat=repeat)
            for kind, cost in costs.items():
                if kind.startswith("_"):
                    continue
                kept = best.setdefault(posts, {}).setdefault(kind, cost)
                kept["min_ms"] = min(kept["min_ms"], cost["min_ms"])
                kept["median_ms"] = min(kept["median_ms"], cost["median_ms"])
    for posts, costs in best.items():
        print(
            f"  {posts:,} posts, in-process (min of {rounds}x{repeat}, ms): "
            + ", ".join(f"{kind} {c['min_ms']:.1f} ({c['queries']} queries)" for kind, c in costs.items()),
            flush=True,
        )
    return best


# Main ----------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[20_000], help="one run per size")
    parser.add_argument("--topics", type=int, help="default: posts / 20 (1,000 for 20,000 posts)")
    parser.add_argument("--corpus", help="optional plain-text file for post bodies")
    parser.add_argument(
        "--search-index",
        action="store_true",
        help="rebuild the app's full-text index after seeding (slow: about 3 minutes per 20,000 posts)",
    )
    parser.add_argument("--database-url", help="default: a SQLite file per size in the work dir")
    parser.add_argument("--no-seed", action="store_true", help="use --database-url as it is")
    parser.add_argument("--workdir", help="keep databases and logs here (default: temp dir, removed)")
    parser.add_argument("--reuse", action="store_true", help="reuse a database already seeded in --workdir")
    parser.add_argument(
        "--worker-class",
        nargs="+",
        default=["sync"],
        choices=["sync", "gevent"],
        help="gevent starves keep-alive connections under this load (p99 of 5-8 s)",
    )
    parser.add_argument(
        "--visitor",
        nargs="+",
        default=VISITORS,
        choices=VISITORS,
        help="guest: no cookie, pages kept per worker; member: signed in, every page rendered",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per URL")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up load per URL")
    parser.add_argument("--gunicorn-args", help='extra gunicorn options, e.g. "--keep-alive 0"')
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="on a shared machine, wait up to this long before each URL for other load to drop",
    )
    parser.add_argument("--quiet-threshold", type=float, default=15, metavar="PERCENT")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)

    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install -y wrk)")
    if args.no_seed and not args.database_url:
        parser.error("--no-seed needs --database-url")
    if args.no_seed and len(args.posts) > 1:
        parser.error("--no-seed benchmarks one database: give one --posts (or none)")

    own_workdir = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="encuentro-http-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # Ctrl-C and SIGTERM unwind through the finally blocks, which stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    rows: list[dict] = []
    wrk = run_quietly("wrk", "--version").split("[")[0].strip() or "wrk"
    origin = provenance(wrk)  # the app changes under us: record what was measured, at the start
    try:
        # Separate databases (SQLite files) are all seeded first so that the
        # in-process costs can be measured in alternation: a busy moment on a
        # shared machine then weighs on every size alike. One PostgreSQL
        # database is reseeded per size, so there it is one size at a time.
        separate = not args.database_url
        pending = list(args.posts)
        while pending:
            batch, pending = (pending, []) if separate else (pending[:1], pending[1:])
            datasets = [prepare(posts, workdir, args) for posts in batch]
            costs = measure_costs(datasets)
            for posts, sized, database_url, meta in datasets:
                for worker_class in args.worker_class:
                    rows += bench_config(database_url, sized, meta, costs[posts], worker_class, args)
    except KeyboardInterrupt:
        print("interrupted; server stopped", file=sys.stderr)
        return 130
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    # What the server was given: the app reads the same variable, else its default.
    guest_cache = float(os.environ.get("GUEST_PAGE_CACHE_SECONDS") or DEFAULTS["GUEST_PAGE_CACHE_SECONDS"])
    print(f"\n{origin}")
    for posts in sorted({row["posts"] for row in rows}):
        print_table(
            [r for r in rows if r["posts"] == posts],
            f"{posts:,} posts · {args.workers} workers · {args.connections} connections · "
            f"{args.duration:g}s per URL · guest pages kept {guest_cache:g}s per worker"
            + (f" · gunicorn {args.gunicorn_args}" if args.gunicorn_args else ""),
        )
    print_growth(rows)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"app": origin, "guest_page_cache_seconds": guest_cache, "rows": rows}, indent=2)
        )
    missed = [r for r in rows if verdict(r) != "ok"]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

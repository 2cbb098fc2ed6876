#!/usr/bin/env python
"""Chat benchmark: N people in one room, one sender at a steady rate; how long
each `message` takes to reach every client, and whether any is lost.

    .venv/bin/python bench/chat_bench.py                          # 50, 200, 500 clients, 20 msg/s, 15 s, gevent
    .venv/bin/python bench/chat_bench.py --clients 200 --rate 20 --duration 30
    .venv/bin/python bench/chat_bench.py --server threading       # python app.py (Werkzeug threads)
    .venv/bin/python bench/chat_bench.py --clients 500 --rate 5 10 --json chat.json

A temporary SQLite database gets the schema and reference data (`init-db`,
which creates the room `sala-general-cooperacion`), N+1 member accounts and
an API token for each. The server runs in its own process group: by default
the production set-up, gunicorn with one gevent worker
(`-k gevent -w 1`, SOCKETIO_ASYNC_MODE=gevent); `--server threading` runs
`python app.py` instead. A fresh server per run.

The N clients live in `--procs` other processes (asyncio, one coroutine per
connection). Each connects straight over WebSocket with
auth={"token": ...}, joins the room and notes the arrival time of every
`message` event. Another process sends `--duration` × `--rate` messages at a
steady rate (`send` events, each with a client_id; the body carries the send
time). Latency is arrival time minus send time, per client and message (one
machine, one clock). The server is stopped at the end, whatever happens.
The exit status is 1 if any message was lost or any send failed. See
bench/README.md ("Chat benchmark") for what each figure means.

The client is a minimal Socket.IO 5 / Engine.IO 4 client written here on
wsproto (installed with simple-websocket): python-socketio's own clients
need packages that are not in requirements.txt (websocket-client for the
threaded one, aiohttp for the asyncio one). Like browsers, it offers
permessage-deflate (`--no-compression` to not).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import multiprocessing.connection
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from http_bench import cpu_seconds, free_port, machine_seconds, process_tree, provenance, wait_for_quiet  # noqa: E402

ROOM = "sala-general-cooperacion"
SOCKET_PATH = "/socket.io/?EIO=4&transport=websocket"
# The issue's target: 200 clients at 20 messages/s, p99 under 250 ms, none lost.
TARGET_CLIENTS, TARGET_RATE, TARGET_P99_MS = 200, 20, 250
BENCH_RATE_LIMIT = "100000 per minute"
BODY_TIME = re.compile(r"t=(\d+\.\d+)")


# Database ------------------------------------------------------------------------


def prepare_database(workdir: Path, accounts: int) -> tuple[str, list[str]]:
    """init-db, then `accounts` members with one API token each; returns the
    database URL and the tokens (secrets)."""
    import seed as seeding

    from app import create_app
    from forum.auth import services
    from models import Country, db

    for old in workdir.glob("chat.db*"):  # always a fresh database
        old.unlink()
    database_url = f"sqlite:///{workdir / 'chat.db'}"
    app = create_app(seeding.bench_config(database_url, workdir))
    result = app.test_cli_runner().invoke(args=["init-db"])
    if result.exit_code != 0:
        raise RuntimeError(f"init-db failed: {result.output}{result.exception or ''}")
    tokens = []
    with app.app_context():
        countries = list(db.session.scalars(db.select(Country.code).order_by(Country.code)))
        for n in range(accounts):
            user = services.register(
                name=f"Participante {n:04d}",
                email=f"chat{n}@example.org",
                password=seeding.BENCH_PASSWORD,
                country_code=countries[n % len(countries)] if countries else None,
            )
            tokens.append(services.issue_token(user, "chat bench")[1])
        db.session.remove()
        db.engine.dispose()
    return database_url, tokens


# Server --------------------------------------------------------------------------


class ChatServer:
    """The app in its own process group: gunicorn + one gevent worker, or
    `python app.py` (Werkzeug, threads). `stop()` is idempotent."""

    def __init__(
        self,
        mode: str,
        database_url: str,
        workdir: Path,
        port: int,
        clients: int,
        label: str,
        extra_args=(),
        workers: int = 1,
        redis_url: str | None = None,
    ):
        self.mode = mode
        self.base = f"http://127.0.0.1:{port}"
        self.port = port
        self.log_path = workdir / f"server-{mode}-{label}.log"
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            SECRET_KEY="bench-secret-key",
            SEARCH_INDEX_DIR=str(workdir / "index"),
            SOCKETIO_ASYNC_MODE=mode,
            RATELIMIT_CHAT=BENCH_RATE_LIMIT,
            HOST="127.0.0.1",
            PORT=str(port),
        )
        # Several workers need Redis to carry each broadcast to all of them.
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        if mode == "gevent":
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "--worker-class",
                "gevent",
                "--workers",
                str(workers),
                "--worker-connections",
                str(max(1000, clients + 100)),
                "--bind",
                f"127.0.0.1:{port}",
                "--chdir",
                str(ROOT),
                "--log-level",
                "warning",
                "--timeout",
                "120",
                "--graceful-timeout",
                "3",
                *extra_args,
                "app:create_app()",
            ]
        else:
            command = [sys.executable, "app.py"]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server not ready after {timeout}s:\n{self.log_tail()}")

    def errors(self) -> dict:
        """Failed events in the server's log, and the last error line."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return {"count": 0, "locked": 0, "last": ""}
        last = [line for line in text.splitlines() if re.match(r"^[\w.]+(Error|Exception):", line)]
        return {
            "count": text.count("Socket.IO event failed"),
            "locked": text.count("OperationalError: database is locked"),
            "last": last[-1][:200] if last else "",
        }

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def pids(self) -> list[int]:
        return process_tree(self.process.pid)

    def cpu(self) -> float:
        return sum(cpu_seconds(self.pids()).values())

    def memory(self) -> dict:
        """RSS and peak RSS (VmHWM) of the whole tree, in MiB."""
        rss = peak = 0
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            rss += int(fields.get("VmRSS", "0 kB").split()[0])
            peak += int(fields.get("VmHWM", "0 kB").split()[0])
        return {"rss_mib": rss / 1024, "peak_mib": peak / 1024}

    def threads(self) -> int:
        count = 0
        for pid in self.pids():
            try:
                count += len(os.listdir(f"/proc/{pid}/task"))
            except OSError:
                pass
        return count

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            except ProcessLookupError:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever is left of our own process group
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()

    def wait_idle(self, timeout: float, threshold: float = 0.05, window: float = 0.5) -> float:
        """Wait until the server uses under `threshold` of a core over `window` s."""
        deadline = time.monotonic() + timeout
        while True:
            before = self.cpu()
            time.sleep(window)
            share = (self.cpu() - before) / window
            if share < threshold or time.monotonic() >= deadline:
                return share


# A minimal Socket.IO client (Engine.IO 4 over WebSocket, wsproto) -----------------


class SocketIOError(Exception):
    pass


class SioClient:
    """One connection. `on_event(text, arrival_time)` gets every event
    packet (`42["name",...]`) as raw text; acknowledgements are awaited."""

    def __init__(self, host: str, port: int, compression: bool, on_event=None):
        self.host, self.port, self.compression = host, port, compression
        self.on_event = on_event
        self.acks: dict[int, asyncio.Future] = {}
        self.next_ack = 0
        self.connected: asyncio.Future | None = None
        self.negotiated_compression = False
        self.reader = self.writer = self.ws = self.task = None
        self.closed = False
        self.partial: list[str] = []

    async def connect(self, auth: dict, timeout: float = 60) -> None:
        from wsproto import ConnectionType, WSConnection
        from wsproto.events import Request
        from wsproto.extensions import PerMessageDeflate

        loop = asyncio.get_running_loop()
        self.connected = loop.create_future()
        self.reader, self.writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), timeout)
        self.ws = WSConnection(ConnectionType.CLIENT)
        extensions = [PerMessageDeflate()] if self.compression else []
        self.writer.write(
            self.ws.send(Request(host=f"{self.host}:{self.port}", target=SOCKET_PATH, extensions=extensions))
        )
        self.auth = auth
        self.task = asyncio.create_task(self._read_loop())
        await asyncio.wait_for(self.connected, timeout)

    def _send_text(self, text: str) -> None:
        from wsproto.events import TextMessage

        if self.closed:
            raise SocketIOError("connection closed")
        self.writer.write(self.ws.send(TextMessage(data=text)))

    async def call(self, event: str, data, timeout: float = 60):
        """Emit with an acknowledgement and wait for it."""
        future = self.emit_with_ack(event, data)
        return await asyncio.wait_for(future, timeout)

    def emit_with_ack(self, event: str, data) -> asyncio.Future:
        self.next_ack += 1
        future = asyncio.get_running_loop().create_future()
        self.acks[self.next_ack] = future
        self._send_text(f"42{self.next_ack}" + json.dumps([event, data], separators=(",", ":")))
        return future

    async def close(self) -> None:
        from wsproto.events import CloseConnection

        if not self.closed:
            self.closed = True
            try:
                self.writer.write(self.ws.send(CloseConnection(code=1000)))
            except Exception:
                pass
        if self.writer is not None:
            self.writer.close()
        if self.task is not None:
            self.task.cancel()

    async def _read_loop(self) -> None:
        from wsproto.events import (
            AcceptConnection,
            CloseConnection,
            Ping,
            RejectConnection,
            TextMessage,
        )

        try:
            while True:
                data = await self.reader.read(65536)
                arrived = time.time()
                if not data:
                    break
                self.ws.receive_data(data)
                for event in self.ws.events():
                    if isinstance(event, TextMessage):
                        self.partial.append(event.data)
                        if event.message_finished:
                            text = "".join(self.partial)
                            self.partial = []
                            self._packet(text, arrived)
                    elif isinstance(event, AcceptConnection):
                        self.negotiated_compression = bool(event.extensions)
                    elif isinstance(event, Ping):
                        self.writer.write(self.ws.send(event.response()))
                    elif isinstance(event, CloseConnection):
                        self.closed = True
                        return
                    elif isinstance(event, RejectConnection):
                        raise SocketIOError(f"WebSocket refused: HTTP {event.status_code}")
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self._fail(error)
        finally:
            self.closed = True
            self._fail(SocketIOError("connection closed"))

    def _fail(self, error: Exception) -> None:
        if self.connected is not None and not self.connected.done():
            self.connected.set_exception(error)
        for future in self.acks.values():
            if not future.done():
                future.set_exception(error)
        self.acks.clear()

    def _packet(self, text: str, arrived: float) -> None:
        kind = text[:1]
        if kind == "4":  # Socket.IO packet inside an Engine.IO message
            sio = text[1:2]
            if sio == "2":
                if self.on_event is not None:
                    self.on_event(text, arrived)
            elif sio == "3":
                body = text[2:]
                bracket = body.index("[")
                future = self.acks.pop(int(body[:bracket]), None)
                if future is not None and not future.done():
                    args = json.loads(body[bracket:])
                    future.set_result(args[0] if args else None)
            elif sio == "0":
                if not self.connected.done():
                    self.connected.set_result(json.loads(text[2:] or "{}"))
            elif sio == "4":
                error = SocketIOError(f"connection refused: {text[2:]}")
                if not self.connected.done():
                    self.connected.set_exception(error)
            elif sio == "1":
                self._fail(SocketIOError("disconnected by the server"))
        elif kind == "2":  # Engine.IO ping: answer pong
            self._send_text("3" + text[1:])
        elif kind == "0":  # Engine.IO open: now the Socket.IO connect, with auth
            self._send_text("40" + json.dumps(self.auth, separators=(",", ":")))
        elif kind == "1":
            self._fail(SocketIOError("closed by the server"))


# Receiver processes ------------------------------------------------------------------


def receiver_main(conn, host: str, port: int, tokens: list[str], compression: bool, concurrency: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    try:
        asyncio.run(_receivers(conn, host, port, tokens, compression, concurrency))
    except Exception as error:  # report, don't hang the parent
        conn.send(("error", f"{type(error).__name__}: {error}"))


async def _receivers(conn, host, port, tokens, compression, concurrency) -> None:
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue = asyncio.Queue()
    loop.add_reader(conn.fileno(), lambda: inbox.put_nowait(conn.recv()))
    received: list[list] = [[] for _ in tokens]  # per client: (arrival time, raw packet)
    other = {"events": 0, "bytes": 0}
    state = {"expect": None, "incomplete": len(tokens), "counts": [0] * len(tokens)}

    def recorder(index: int):
        mine = received[index]

        def on_event(text: str, arrived: float) -> None:
            if text.startswith('42["message"'):
                mine.append((arrived, text))
                if state["expect"] is not None:
                    state["counts"][index] += 1
                    if state["counts"][index] == state["expect"]:
                        state["incomplete"] -= 1
                        if state["incomplete"] == 0:
                            conn.send(("complete", time.time()))
            else:
                other["events"] += 1
                other["bytes"] += len(text)

        return on_event

    clients = [SioClient(host, port, compression, recorder(i)) for i in range(len(tokens))]
    gate = asyncio.Semaphore(concurrency)
    errors: list[str] = []

    async def enter(client: SioClient, token: str) -> float:
        async with gate:
            started = time.monotonic()
            await client.connect({"token": token})
            answer = await client.call("join", {"room": ROOM}, timeout=300)
            if not answer or not answer.get("ok"):
                raise SocketIOError(f"join refused: {answer}")
            return time.monotonic() - started

    started = time.monotonic()
    entering = (enter(client, token) for client, token in zip(clients, tokens, strict=True))
    outcomes = await asyncio.gather(*entering, return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            errors.append(f"{type(outcome).__name__}: {outcome}")
    times = sorted(o for o in outcomes if not isinstance(o, BaseException))
    conn.send(
        (
            "ready",
            {
                "joined": len(times),
                "errors": errors[:5],
                "failed": len(errors),
                "join_s": time.monotonic() - started,
                "join_p50_s": percentile(times, 50),
                "compression": sum(c.negotiated_compression for c in clients),
            },
        )
    )
    joining_traffic = dict(other)
    while True:
        command = await inbox.get()
        if command[0] == "expect":
            for bucket in received:
                bucket.clear()  # history and earlier noise are not counted
            joining_traffic = dict(other)  # presence events while people joined
            other.update(events=0, bytes=0)
            state["expect"] = command[1]
        elif command[0] == "stop":
            alive = sum(not c.closed for c in clients)
            results = [[parse_delivery(arrived, text) for arrived, text in bucket] for bucket in received]
            joined = [not isinstance(outcome, BaseException) for outcome in outcomes]
            conn.send(
                (
                    "results",
                    {"clients": results, "joined": joined, "alive": alive, "joining": joining_traffic, "other": other},
                )
            )
            await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
            return


def parse_delivery(arrived: float, text: str) -> tuple[str, float, float]:
    """(client_id, send time, arrival time) of a `message` event; the send
    time is in the body."""
    message = json.loads(text[2:])[1]
    match = BODY_TIME.search(message.get("body_html") or "")
    return message.get("client_id"), float(match.group(1)) if match else math.nan, arrived


# The sender ----------------------------------------------------------------------------


def sender_main(conn, host: str, port: int, token: str, compression: bool, rate: float, count: int, tag: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        asyncio.run(_sender(conn, host, port, token, compression, rate, count, tag))
    except Exception as error:
        conn.send(("error", f"{type(error).__name__}: {error}"))


async def _sender(conn, host, port, token, compression, rate, count, tag) -> None:
    client = SioClient(host, port, compression)
    await client.connect({"token": token})
    conn.send(("ready", {}))
    go = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_reader(conn.fileno(), lambda: go.done() or go.set_result(conn.recv()))
    await go  # without blocking the loop: the client answers the server's pings meanwhile
    asyncio.get_running_loop().remove_reader(conn.fileno())
    acks: list[float] = []
    failures: list[str] = []
    pending = []
    lag = 0.0

    failed_ids: list[str] = []

    def on_ack(sent: float, client_id: str):
        def done(future: asyncio.Future) -> None:
            if future.exception() is not None:
                failures.append(str(future.exception()))
                failed_ids.append(client_id)
            elif not (future.result() or {}).get("ok"):
                failures.append(json.dumps(future.result(), ensure_ascii=False)[:200])
                failed_ids.append(client_id)
            else:
                acks.append(time.time() - sent)

        return done

    start = time.monotonic() + 0.05
    first = time.time()
    for i in range(count):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            lag = max(lag, -delay)
        sent, client_id = time.time(), f"{tag}-{i}"
        future = client.emit_with_ack(
            "send", {"room": ROOM, "body": f"Mensaje de prueba {i} t={sent:.6f}", "client_id": client_id}
        )
        future.add_done_callback(on_ack(sent, client_id))
        pending.append(future)
    last = time.time()
    await asyncio.wait(pending, timeout=60)
    unanswered = [f"{tag}-{i}" for i, future in enumerate(pending) if not future.done()]
    failed_ids += unanswered
    await client.close()
    conn.send(
        (
            "done",
            {
                "sent": count,
                "first": first,
                "last": last,
                "send_s": last - first,
                "acks": sorted(acks),
                "failures": failures[:5],
                "failed_ids": failed_ids,
                "unanswered": len(unanswered),
                "max_lag_s": lag,
            },
        )
    )


# One run -------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(values)))
    return values[min(rank, len(values)) - 1]


def receive(conn, timeout: float, what: str):
    if not conn.poll(timeout):
        raise RuntimeError(f"no answer from a client process ({what}) in {timeout:.0f}s")
    message = conn.recv()
    if message[0] == "error":
        raise RuntimeError(f"client process failed ({what}): {message[1]}")
    return message


def run_one(clients: int, rate: float, args, database_url: str, tokens: list[str], workdir: Path) -> dict:
    ctx = multiprocessing.get_context("spawn")
    count = max(1, round(rate * args.duration))
    tag = f"bench-{clients}-{rate:g}-{int(time.time())}"
    port = free_port()
    server = ChatServer(
        args.server,
        database_url,
        workdir,
        port,
        clients,
        f"{clients}x{rate:g}",
        shlex.split(args.gunicorn_args or ""),
        workers=args.workers,
        redis_url=args.redis_url,
    )
    processes, pipes = [], []
    finished = False
    try:
        server.wait_ready()
        idle = server.memory()
        procs = max(1, min(args.procs, clients))
        receivers = tokens[1 : clients + 1]  # tokens[0] is the sender's
        join_cpu0, join_wall0 = server.cpu(), time.monotonic()
        for i in range(procs):
            parent, child = ctx.Pipe()
            share = receivers[i::procs]
            process = ctx.Process(
                target=receiver_main,
                args=(child, "127.0.0.1", port, share, args.compression, args.connect_concurrency),
                daemon=True,
            )
            process.start()
            processes.append(process)
            pipes.append(parent)
        ready = [receive(pipe, args.join_timeout, "connect and join")[1] for pipe in pipes]
        join_s = time.monotonic() - join_wall0
        server.wait_idle(timeout=args.join_timeout)  # the last presence events still going out
        join_cpu = server.cpu() - join_cpu0
        joined = sum(r["joined"] for r in ready)
        if joined < clients:
            errors = [e for r in ready for e in r["errors"]]
            print(f"    {clients - joined} clients could not join: {errors[:3]}", file=sys.stderr)
        joined_memory = server.memory()

        parent, child = ctx.Pipe()
        sender = ctx.Process(
            target=sender_main,
            args=(child, "127.0.0.1", port, tokens[0], args.compression, rate, count, tag),
            daemon=True,
        )
        sender.start()
        processes.append(sender)
        receive(parent, 60, "sender connect")
        if args.quiet_wait:
            wait_for_quiet(args.quiet_wait, args.quiet_threshold)
        for pipe in pipes:
            pipe.send(("expect", count))
        load_pids = [process.pid for process in processes]
        samples = [sample(server, load_pids)]
        parent.send(("go",))
        sent = receive(parent, args.duration * 4 + 120, "sending")[1]
        samples.append(sample(server, load_pids))
        # Grace: until every client has every message, or `--grace` s after the last acknowledgement.
        waiting = set(pipes)
        deadline = time.monotonic() + args.grace
        while waiting and time.monotonic() < deadline:
            for pipe in multiprocessing.connection.wait(list(waiting), timeout=max(0, deadline - time.monotonic())):
                receive(pipe, 1, "grace")
                waiting.discard(pipe)
        samples.append(sample(server, load_pids))
        end_memory = server.memory()
        threads = server.threads()
        for pipe in pipes:
            pipe.send(("stop",))
        results = []
        for pipe in pipes:
            message = receive(pipe, 120, "results")
            while message[0] != "results":  # a "complete" that came after the grace period
                message = receive(pipe, 120, "results")
            results.append(message[1])
        finished = True
    finally:
        server.stop()
        server_errors = server.errors()
        for process in processes:
            process.join(timeout=5 if finished else 0)  # they close their connections and exit
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)

    row = summarize(clients, rate, count, tag, sent, results)
    (t0, server0, load0, busy0, total0), (t1, server1, load1, busy1, total1), (_t2, server2, *_) = samples
    window = max(t1 - t0, 1e-9)
    other = max(0.0, (busy1 - busy0) - (server1 - server0) - (load1 - load0))
    row.update(
        server=args.server,
        transport="websocket",
        compression=sum(r["compression"] for r in ready) >= joined > 0,
        joined=joined,
        join_s=join_s,
        join_cpu_s=join_cpu,
        presence_events=sum(r["joining"]["events"] for r in results),
        presence_mib=sum(r["joining"]["bytes"] for r in results) / 2**20,
        # CPU shares while sending (first send to the last acknowledgement), in % of one core.
        sending_s=window,
        server_cpu_s=server1 - server0,
        server_cpu_pct=100 * (server1 - server0) / window,
        server_cpu_us_per_delivery=1e6 * (server2 - server0) / max(1, row["delivered"]),
        clients_cpu_pct=100 * (load1 - load0) / window,
        other_cpu_pct=100 * other / max(total1 - total0, 1e-9),
        rss_idle_mib=idle["rss_mib"],
        rss_joined_mib=joined_memory["rss_mib"],
        rss_end_mib=end_memory["rss_mib"],
        peak_mib=end_memory["peak_mib"],
        server_threads=threads,
        connected_at_end=sum(r["alive"] for r in results),
        server_errors=server_errors["count"],
        server_locked=server_errors["locked"],
        server_last_error=server_errors["last"],
        server_log=str(server.log_path),
    )
    return row


def sample(server: ChatServer, load_pids: list[int]) -> tuple:
    """(time, server CPU s, client processes' CPU s, machine busy s, machine total s)"""
    busy, total = machine_seconds()
    return time.monotonic(), server.cpu(), sum(cpu_seconds(load_pids).values()), busy, total


def summarize(clients: int, rate: float, count: int, tag: str, sent: dict, results: list[dict]) -> dict:
    expected_ids = {f"{tag}-{i}" for i in range(count)}
    refused = set(sent["failed_ids"])
    latencies: list[float] = []
    lost = lost_accepted = duplicates = strays = not_joined = 0
    last_arrival = sent["first"]
    for result in results:
        for deliveries, joined in zip(result["clients"], result["joined"], strict=True):
            seen = set()
            for client_id, sent_at, arrived in deliveries:
                if client_id not in expected_ids:
                    strays += 1
                elif client_id in seen:
                    duplicates += 1
                else:
                    seen.add(client_id)
                    latencies.append(arrived - sent_at)
                    last_arrival = max(last_arrival, arrived)
            missing = expected_ids - seen
            lost += len(missing)
            if joined:
                lost_accepted += len(missing - refused)
            else:
                not_joined += 1
    latencies.sort()
    ms = [1000 * x for x in latencies]
    acks = [1000 * x for x in sent["acks"]]
    return {
        "clients": clients,
        "rate": rate,
        "sent": count,
        "send_errors": len(refused),
        "sends_unanswered": sent["unanswered"],  # no acknowledgement within 60 s of the last send
        "send_error_examples": sent["failures"],
        "sender_lag_ms": 1000 * sent["max_lag_s"],
        "expected": clients * count,
        "delivered": len(latencies),
        "lost": lost,
        # Missing at clients that joined, of messages the server acknowledged: lost in delivery.
        "lost_accepted": lost_accepted,
        "not_joined": not_joined,
        "duplicates": duplicates,
        "strays": strays,
        "p50_ms": percentile(ms, 50),
        "p90_ms": percentile(ms, 90),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1] if ms else math.nan,
        "ack_p50_ms": percentile(acks, 50),
        "ack_p99_ms": percentile(acks, 99),
        "offered_per_s": clients * count / max(sent["send_s"], 1e-9),
        # Deliveries per second, from the first send to the last arrival.
        "delivered_per_s": len(latencies) / max(last_arrival - sent["first"], 1e-9),
    }


# Output --------------------------------------------------------------------------------


def verdict(row: dict) -> str:
    ok = row["lost"] == 0 and row["send_errors"] == 0 and row["p99_ms"] < TARGET_P99_MS
    return "ok" if ok else "MISS"


def print_run(row: dict) -> None:
    causes = [f"{row['lost_accepted']} in delivery"]
    if row["send_errors"]:
        unanswered = f", {row['sends_unanswered']} of them unanswered after 60 s" if row["sends_unanswered"] else ""
        causes.append(f"{row['send_errors']} sends failed{unanswered}")
    if row["not_joined"]:
        causes.append(f"{row['not_joined']} clients could not join")
    lines = [
        ("server", f"{row['server']} ({row['transport']}, permessage-deflate {'on' if row['compression'] else 'off'})"),
        ("clients × rate", f"{row['clients']} × {row['rate']:g} msg/s, {row['sent']} messages"),
        (
            "join",
            f"{row['joined']} joined in {row['join_s']:.1f} s, server CPU {row['join_cpu_s']:.1f} s, "
            f"{row['presence_events']} presence events = {row['presence_mib']:.0f} MiB",
        ),
        (
            "delivered",
            f"{row['delivered']} of {row['expected']}: lost {row['lost']} "
            f"({', '.join(causes)}), duplicates {row['duplicates']}",
        ),
        (
            "latency ms",
            f"p50 {row['p50_ms']:.1f}  p90 {row['p90_ms']:.1f}  p99 {row['p99_ms']:.1f}  max {row['max_ms']:.1f}",
        ),
        (
            "send ack ms",
            f"p50 {row['ack_p50_ms']:.1f}  p99 {row['ack_p99_ms']:.1f}  (sender late by up to "
            f"{row['sender_lag_ms']:.0f} ms)",
        ),
        ("messages/s", f"{row['delivered_per_s']:.0f} delivered ({row['offered_per_s']:.0f} offered)"),
        (
            "CPU sending",
            f"server {row['server_cpu_pct']:.0f}% of a core ({row['server_cpu_us_per_delivery']:.0f} µs "
            f"per delivery), clients {row['clients_cpu_pct']:.0f}%, other load {row['other_cpu_pct']:.0f}% "
            "of the machine",
        ),
        (
            "server RSS MiB",
            f"idle {row['rss_idle_mib']:.0f}, joined {row['rss_joined_mib']:.0f}, end {row['rss_end_mib']:.0f}, "
            f"peak {row['peak_mib']:.0f} ({row['server_threads']} threads)",
        ),
        ("verdict", verdict(row) + (" (the target's size and rate)" if is_target(row) else "")),
    ]
    if row["send_error_examples"]:
        lines.insert(4, ("send errors", "; ".join(row["send_error_examples"][:2])))
    if row["server_errors"]:
        lines.insert(
            4,
            (
                "server log",
                f"{row['server_errors']} failed events ({row['server_locked']} 'database is locked'); "
                f"last: {row['server_last_error']}",
            ),
        )
    width = max(len(name) for name, _ in lines)
    for name, value in lines:
        print(f"    {name:{width}}  {value}")


def is_target(row: dict) -> bool:
    return row["clients"] == TARGET_CLIENTS and row["rate"] == TARGET_RATE


def print_table(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    header = (
        f"| {'server':9} | {'clients':>7} | {'msg/s':>5} | {'delivered':>9} | {'lost':>6} | {'dup':>3} "
        f"| {'p50 ms':>7} | {'p90 ms':>7} | {'p99 ms':>7} | {'max ms':>7} | {'deliv/s':>7} "
        f"| {'CPU %':>5} | {'µs/dlv':>6} | {'RSS MiB':>9} | {'join s':>6} | {'other load':>10} | verdict |"
    )
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    for row in rows:
        memory = f"{row['rss_idle_mib']:.0f}→{row['rss_end_mib']:.0f}"
        print(
            f"| {row['server']:9} | {row['clients']:7} | {row['rate']:5g} | {row['delivered']:9} | {row['lost']:6} "
            f"| {row['duplicates']:3} | {row['p50_ms']:7.1f} | {row['p90_ms']:7.1f} | {row['p99_ms']:7.1f} "
            f"| {row['max_ms']:7.1f} | {row['delivered_per_s']:7.0f} | {row['server_cpu_pct']:5.0f} "
            f"| {row['server_cpu_us_per_delivery']:6.0f} | {memory:>9} | {row['join_s']:6.1f} "
            f"| {row['other_cpu_pct']:9.0f}% | {verdict(row):7} |"
        )


# Main ------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200, 500], help="one run per count")
    parser.add_argument("--rate", type=float, nargs="+", default=[20.0], help="messages/s; one run per rate")
    parser.add_argument("--duration", type=float, default=15, help="seconds of sending")
    parser.add_argument("--server", choices=["gevent", "threading"], default="gevent")
    parser.add_argument("--procs", type=int, default=2, help="client processes the N clients are spread over")
    parser.add_argument("--workers", type=int, default=1, help="gevent workers (more than one needs --redis-url)")
    parser.add_argument("--redis-url", help="message queue, presence and rate limits shared by the workers")
    parser.add_argument("--grace", type=float, default=10, help="seconds to wait for stragglers after the last send")
    parser.add_argument("--join-timeout", type=float, default=600, help="seconds for all clients to connect and join")
    parser.add_argument("--connect-concurrency", type=int, default=20, help="connections opened at once per process")
    parser.add_argument(
        "--no-compression",
        dest="compression",
        action="store_false",
        help="do not offer permessage-deflate (browsers offer it)",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="on a shared machine, wait up to this long before sending for other load to drop",
    )
    parser.add_argument("--quiet-threshold", type=float, default=15, metavar="PERCENT")
    parser.add_argument("--gunicorn-args", help='extra gunicorn options (gevent server), e.g. "-c conf.py"')
    parser.add_argument("--workdir", help="keep the database and server logs here (default: temp dir, removed)")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    if args.workers > 1 and not args.redis_url:
        parser.error("--workers above 1 needs --redis-url (each broadcast must reach every worker)")

    own_workdir = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="encuentro-chat-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    # Ctrl-C and SIGTERM unwind through the finally blocks, which stop the server and the clients.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    origin = provenance()
    rows: list[dict] = []
    try:
        started = time.perf_counter()
        database_url, tokens = prepare_database(workdir, max(args.clients) + 1)
        print(f"{len(tokens)} accounts and tokens in {time.perf_counter() - started:.1f} s ({origin})", flush=True)
        for clients in args.clients:
            for rate in args.rate:
                print(f"\n{clients} clients, {rate:g} msg/s, {args.duration:g} s, server {args.server}", flush=True)
                row = run_one(clients, rate, args, database_url, tokens, workdir)
                rows.append(row)
                print_run(row)
    except KeyboardInterrupt:
        print("interrupted; server stopped", file=sys.stderr)
        return 130
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    print_table(rows, f"Chat: one room, {args.duration:g} s per run ({origin})")
    print(
        f"\nTarget: {TARGET_CLIENTS} clients at {TARGET_RATE} msg/s, p99 < {TARGET_P99_MS} ms, none lost. "
        "Latency: send to arrival at each client; CPU %: server, of one core, while sending; "
        "µs/dlv: server CPU per delivery; RSS: server tree, idle → end; other load: the machine's CPU used by "
        "processes other than the server and the clients while sending."
    )
    if args.json:
        Path(args.json).write_text(json.dumps({"provenance": origin, "runs": rows}, indent=2))
    return 1 if any(row["lost"] or row["send_errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""`python app.py` in a subprocess, for the tests that need a real server
(real browsers, WebSocket handshakes, several processes)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen


@contextmanager
def running_server(log_path: Path, timeout: float = 30, **environment: str) -> Iterator[LiveServer]:
    """Start the app on a free port with `environment` over this process's own
    (less REDIS_URL and SOCKETIO_ASYNC_MODE unless given); yield it once
    /healthz answers; stop it at the end. Its log is in `log_path` and, on
    failure to start, in the error."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "SOCKETIO_ASYNC_MODE")}
    env.update(environment, HOST="127.0.0.1", PORT=str(port))
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(process, url, log_path, timeout)
        yield LiveServer(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(process: subprocess.Popen, url: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped at start:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not answer within {timeout} s:\n{log_path.read_text()}") from None
            time.sleep(0.1)

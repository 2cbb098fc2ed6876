"""The chat's WebSocket handshake on the real server: browsers offer
permessage-deflate and, unless CHAT_WEBSOCKET_COMPRESSION is on, the server
answers without it (forum/meetings/websocket.py says why)."""

import base64
import os
import socket
from urllib.parse import urlsplit

import pytest

from models import db

from .live_server import running_server


def handshake(url: str) -> dict[str, str]:
    """Open a WebSocket to the Socket.IO endpoint the way Chromium does,
    offering permessage-deflate; return the status line and response headers."""
    address = urlsplit(url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: {address.netloc}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        "\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = connection.recv(4096)
            if not chunk:
                break
            response += chunk
    status, *lines = response.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in lines)}
    return {"status": status, **headers}


@pytest.fixture
def serve(app, tmp_path):
    db.session.remove()

    def start(**environment):
        return running_server(
            tmp_path / "server.log",
            DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
            SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"],
            SECRET_KEY="websocket-test-secret-key",
            **environment,
        )

    return start


def test_the_server_declines_compression_by_default(serve):
    with serve() as live:
        answer = handshake(live.url)
    assert answer["status"].startswith("HTTP/1.1 101")
    assert answer["upgrade"].lower() == "websocket"
    assert "sec-websocket-extensions" not in answer


def test_compression_can_be_turned_on(serve):
    with serve(CHAT_WEBSOCKET_COMPRESSION="true") as live:
        answer = handshake(live.url)
    assert answer["status"].startswith("HTTP/1.1 101")
    assert answer["sec-websocket-extensions"].startswith("permessage-deflate")

"""Chat across two server processes sharing PostgreSQL and Redis, as behind a
load balancer: a message sent to one reaches people connected to the other,
both see the same people present, and the chat rate limit is one budget.
Skipped locally without the services; required in CI."""

import threading
import time
from contextlib import ExitStack

import pytest
import redis
import socketio

from forum.auth import services as accounts

from .conftest import service_url
from .live_server import running_server

ROOM = "sala-general-cooperacion"


@pytest.fixture
def services():
    return service_url("TEST_DATABASE_URL"), service_url("TEST_REDIS_URL")


@pytest.fixture
def people(services, make_app, make_user):
    """Two members with API tokens, in a fresh PostgreSQL schema."""
    database_url, redis_url = services
    client = redis.Redis.from_url(redis_url)
    for pattern in ("encuentro:presence:*", "*chat*"):
        for key in client.scan_iter(pattern):
            client.delete(key)
    application = make_app(SQLALCHEMY_DATABASE_URI=database_url)
    with application.app_context():
        ana = make_user("member", name="Ana Pérez")
        bruno = make_user("member", name="Bruno Lima")
        return {"ana": accounts.issue_token(ana)[1], "bruno": accounts.issue_token(bruno)[1]}


@pytest.fixture
def servers(services, people, tmp_path):
    """Two `python app.py` processes on the same database and Redis."""
    database_url, redis_url = services
    with ExitStack() as stack:
        yield [
            stack.enter_context(
                running_server(
                    tmp_path / f"server-{number}.log",
                    DATABASE_URL=database_url,
                    REDIS_URL=redis_url,
                    SECRET_KEY="scale-out-test",
                    SEARCH_INDEX_DIR=str(tmp_path / "index"),
                    RATELIMIT_CHAT="3 per minute",
                    PRESENCE_HEARTBEAT_SECONDS="1",
                )
            )
            for number in range(2)
        ]


class Person:
    """A Socket.IO client that keeps every `message` and `presence` event."""

    def __init__(self, url: str, token: str):
        self.messages, self.presence = [], []
        self.arrived = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("message", self._message)
        self.client.on("presence", lambda data: self.presence.append(data))
        refusals = []
        self.client.on("connect_error", refusals.append)
        try:
            self.client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
        except socketio.exceptions.ConnectionError as error:
            raise AssertionError(f"{url} refused the connection: {refusals}") from error

    def _message(self, data):
        self.messages.append(data)
        self.arrived.set()

    def call(self, event: str, data: dict) -> dict:
        return self.client.call(event, data, timeout=10)


def test_a_message_reaches_people_on_the_other_server(servers, people):
    ana = Person(servers[0].url, people["ana"])
    bruno = Person(servers[1].url, people["bruno"])
    try:
        assert ana.call("join", {"room": ROOM})["ok"]
        joined = bruno.call("join", {"room": ROOM})
        # Presence lives in Redis: the second server knows who joined the first.
        assert [person["name"] for person in joined["people"]] == ["Ana Pérez", "Bruno Lima"]
        sent = ana.call("send", {"room": ROOM, "body": "Hola desde el primer servidor", "client_id": "a-1"})
        assert sent["ok"], sent
        assert bruno.arrived.wait(10), "the message never reached the other server's client"
        assert [m["id"] for m in bruno.messages] == [sent["message"]["id"]]
        assert "Hola desde el primer servidor" in bruno.messages[0]["body_html"]
    finally:
        ana.client.disconnect()
        bruno.client.disconnect()


def test_leaving_one_server_updates_presence_on_the_other(servers, people):
    ana = Person(servers[0].url, people["ana"])
    bruno = Person(servers[1].url, people["bruno"])
    try:
        ana.call("join", {"room": ROOM})
        bruno.call("join", {"room": ROOM})
        ana.client.disconnect()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any("left" in event for event in bruno.presence):
            time.sleep(0.05)
        assert [event["left"]["name"] for event in bruno.presence if "left" in event] == ["Ana Pérez"]
        assert [p["name"] for p in bruno.call("join", {"room": ROOM})["people"]] == ["Bruno Lima"]
    finally:
        bruno.client.disconnect()


def test_people_on_a_server_that_dies_leave_the_room(servers, people):
    ana = Person(servers[0].url, people["ana"])
    bruno = Person(servers[1].url, people["bruno"])
    try:
        ana.call("join", {"room": ROOM})
        bruno.call("join", {"room": ROOM})
        servers[0].process.kill()  # no disconnect handler runs there
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not any("left" in event for event in bruno.presence):
            time.sleep(0.1)
        # The survivor noticed the missing heartbeat and said who left.
        assert [event["left"]["name"] for event in bruno.presence if "left" in event] == ["Ana Pérez"]
        assert [p["name"] for p in bruno.call("join", {"room": ROOM})["people"]] == ["Bruno Lima"]
    finally:
        bruno.client.disconnect()


def test_the_chat_rate_limit_is_one_budget_across_servers(servers, people):
    first = Person(servers[0].url, people["ana"])
    second = Person(servers[1].url, people["ana"])
    try:
        for number in range(3):
            assert first.call("send", {"room": ROOM, "body": f"Mensaje {number}", "client_id": f"r-{number}"})["ok"]
        refused = second.call("send", {"room": ROOM, "body": "Uno más", "client_id": "r-3"})
        assert refused["status"] == 429 and "demasiada frecuencia" in refused["error"]
    finally:
        first.client.disconnect()
        second.client.disconnect()

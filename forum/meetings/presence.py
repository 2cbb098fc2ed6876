"""Who is in each room now: one entry per Socket.IO connection, so a person
with two tabs stays present until both close. Joining and leaving say
whether the person arrived or left, so the room hears one `presence` change,
not the whole list, each time (a list per join costs N² in a crowded room).

In memory for the embedded single process; in Redis when REDIS_URL is set,
so every worker sees the same people. A worker that dies cannot say who
left: each Redis worker keeps a heartbeat, and the survivors take over the
connections of a worker whose heartbeat stopped (forum/meetings/events.py).
"""

import json
import threading
import uuid
from collections import defaultdict

from flask import current_app


def _unique_people(entries) -> list[dict]:
    people = {person["id"]: person for person in entries}
    return sorted(people.values(), key=lambda person: person["name"].lower())


class MemoryPresence:
    def __init__(self) -> None:
        self._rooms: dict[int, dict[str, dict]] = defaultdict(dict)
        self._lock = threading.Lock()

    def join(self, room_id: int, sid: str, person: dict) -> bool:
        """Record a connection; True when it is the person's first in the room."""
        with self._lock:
            entries = self._rooms[room_id]
            first = all(other["id"] != person["id"] for other in entries.values())
            entries[sid] = person
            return first

    def leave(self, room_id: int, sid: str) -> dict | None:
        """Forget a connection; the person when it was their last in the room."""
        with self._lock:
            entries = self._rooms[room_id]
            person = entries.pop(sid, None)
            if not entries:
                del self._rooms[room_id]  # rooms_of() scans the rooms with people only
            if person is None or any(other["id"] == person["id"] for other in entries.values()):
                return None
            return person

    def rooms_of(self, sid: str) -> list[int]:
        with self._lock:
            return [room_id for room_id, entries in self._rooms.items() if sid in entries]

    def people(self, room_id: int) -> list[dict]:
        with self._lock:
            return _unique_people(list(self._rooms[room_id].values()))

    def forget_connection(self, sid: str) -> None:
        """Nothing to do: in one process, rooms_of() is the whole record."""

    # One process: no other worker to watch.
    shared = False


class RedisPresence:
    """Per room, a hash of connection -> person and one of person -> number
    of connections, so joining and leaving cost the same in a crowded room.
    Per worker, the set of its connections and a heartbeat key that expires
    when the worker stops beating."""

    PREFIX = "encuentro:presence"
    shared = True
    # Leaving in one step, so that a join of the same person (a reloaded tab)
    # or a second leave of the same connection cannot interleave: forget the
    # connection, count the person's connections down, and return the person
    # when that was their last one. KEYS: room, count, sid; ARGV: sid, room id.
    LEAVE = """
    local stored = redis.call('HGET', KEYS[1], ARGV[1])
    if not stored then return false end
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('SREM', KEYS[3], ARGV[2])
    local person = tostring(cjson.decode(stored).id)
    if redis.call('HINCRBY', KEYS[2], person, -1) > 0 then return false end
    redis.call('HDEL', KEYS[2], person)
    return stored
    """

    def __init__(self, url: str, heartbeat_seconds: float) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._leave = self._redis.register_script(self.LEAVE)
        self.worker = uuid.uuid4().hex
        self.heartbeat_seconds = heartbeat_seconds

    def _workers_key(self) -> str:
        return f"{self.PREFIX}:workers"

    def _alive_key(self, worker: str) -> str:
        return f"{self.PREFIX}:alive:{worker}"

    def _connections_key(self, worker: str) -> str:
        return f"{self.PREFIX}:connections:{worker}"

    def _room_key(self, room_id: int) -> str:
        return f"{self.PREFIX}:room:{room_id}"

    def _count_key(self, room_id: int) -> str:
        return f"{self.PREFIX}:count:{room_id}"

    def _sid_key(self, sid: str) -> str:
        return f"{self.PREFIX}:sid:{sid}"

    def join(self, room_id: int, sid: str, person: dict) -> bool:
        with self._redis.pipeline() as pipe:
            pipe.hset(self._room_key(room_id), sid, json.dumps(person))
            pipe.hincrby(self._count_key(room_id), person["id"], 1)
            pipe.sadd(self._sid_key(sid), room_id)
            pipe.sadd(self._connections_key(self.worker), sid)
            _, connections, _, _ = pipe.execute()
        return connections == 1

    def leave(self, room_id: int, sid: str) -> dict | None:
        keys = (self._room_key(room_id), self._count_key(room_id), self._sid_key(sid))
        last = self._leave(keys=keys, args=(sid, room_id))
        return json.loads(last) if last else None

    def rooms_of(self, sid: str) -> list[int]:
        return [int(room_id) for room_id in self._redis.smembers(self._sid_key(sid))]

    def people(self, room_id: int) -> list[dict]:
        return _unique_people(json.loads(value) for value in self._redis.hvals(self._room_key(room_id)))

    def forget_connection(self, sid: str) -> None:
        """The connection has left every room (called after its last leave)."""
        self._redis.srem(self._connections_key(self.worker), sid)

    def beat(self) -> None:
        """Say this worker is alive for three more heartbeats."""
        with self._redis.pipeline() as pipe:
            pipe.sadd(self._workers_key(), self.worker)
            pipe.set(self._alive_key(self.worker), 1, ex=max(1, round(3 * self.heartbeat_seconds)))
            pipe.execute()

    def claim_dead_worker(self) -> tuple[str, list[str]] | None:
        """A worker whose heartbeat expired, with its connections, claimed by
        this worker alone (a short lock), or None when all are alive."""
        for raw in self._redis.smembers(self._workers_key()):
            worker = raw.decode()
            if worker == self.worker or self._redis.exists(self._alive_key(worker)):
                continue
            if self._redis.set(f"{self.PREFIX}:sweeping:{worker}", self.worker, nx=True, ex=60):
                sids = [sid.decode() for sid in self._redis.smembers(self._connections_key(worker))]
                return worker, sids
        return None

    def bury(self, worker: str) -> None:
        """Forget a dead worker once its connections have left their rooms."""
        with self._redis.pipeline() as pipe:
            pipe.srem(self._workers_key(), worker)
            pipe.delete(self._connections_key(worker), f"{self.PREFIX}:sweeping:{worker}")
            pipe.execute()


def init_presence(app) -> None:
    redis_url = app.config.get("REDIS_URL")
    app.extensions["presence"] = (
        RedisPresence(redis_url, float(app.config["PRESENCE_HEARTBEAT_SECONDS"])) if redis_url else MemoryPresence()
    )


def presence() -> MemoryPresence | RedisPresence:
    return current_app.extensions["presence"]

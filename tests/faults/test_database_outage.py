"""The portal speaks clearly while PostgreSQL is down and recovers when it is back.

The test owns a throwaway PostgreSQL cluster (initdb on a free port) and serves the portal
from it with gunicorn (config.wsgi, as in production), then stops and starts the cluster
under it. The figures (seconds to the 503, failed requests after a restart) are printed;
run with `-s` to see them.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from .servers import ROOT, PostgresCluster, free_port, python, stop_process, wait_for

pytestmark = pytest.mark.postgres

# Creates a user with a session (the session is read from the database on every request).
SESSION_SCRIPT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_user("faults", password="x-pass-123")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@dataclass
class Answer:
    status: int
    body: str
    seconds: float

    def json(self) -> dict[str, object]:
        return dict(json.loads(self.body))


@dataclass
class Portal:
    port: int
    session: str
    cluster: PostgresCluster

    def get(self, path: str, *, language: str = "vi") -> Answer:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": f"sessionid={self.session}", "Accept-Language": language}
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        return Answer(response.status, body, time.monotonic() - started)


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    directory = tmp_path_factory.mktemp("portal")
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DB_POOL_TIMEOUT")}
    env |= {"PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(directory / "var")}
    env |= {"DATABASE_URL": cluster.url("portal")}
    web: subprocess.Popen[bytes] | None = None
    try:
        cluster.create_database("portal")
        python("manage.py", "migrate", "--noinput", env=env)
        session = python("manage.py", "shell", "-c", SESSION_SCRIPT, env=env).split()[-1]
        port = free_port()
        bind = f"127.0.0.1:{port}"
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", bind, "--workers", "2"],
            cwd=ROOT,
            env=env,
        )
        serving = Portal(port, session, cluster)
        wait_for(lambda: _answers(serving), timeout=60, what="gunicorn")
        yield serving
    finally:
        if web is not None:
            stop_process(web)
        cluster.stop()
        cluster.remove()


def _answers(portal: Portal) -> bool:
    try:
        return portal.get("/livez").status == 200
    except OSError:
        return False


def _warm_up(portal: Portal) -> None:
    """Every web worker holds pooled connections, as after a day of use."""
    for _ in range(12):
        assert portal.get("/").status == 200


def test_database_down_is_a_503_in_seconds_and_healthz_names_it(portal: Portal) -> None:
    _warm_up(portal)
    portal.cluster.stop()
    try:
        page = portal.get("/")
        print(f"\nPostgreSQL down: page answered {page.status} after {page.seconds:.2f} s")
        assert page.status == 503 and page.seconds < 5
        assert "Hệ thống tạm thời gián đoạn" in page.body
        assert "Server Error (500)" not in page.body

        english = portal.get("/", language="en")
        assert english.status == 503 and "temporarily unavailable" in english.body

        api = portal.get("/api/v1/units/")
        assert api.status == 503 and "detail" in api.json()

        health = portal.get("/healthz")
        print(f"PostgreSQL down: /healthz answered {health.status} after {health.seconds:.2f} s")
        assert health.status == 503 and health.seconds < 5
        assert health.json()["checks"] == {"database": "down", "broker": "ok"}
    finally:
        portal.cluster.start()
    back = time.monotonic()
    wait_for(lambda: portal.get("/healthz").status == 200, timeout=15, what="recovery")
    print(f"PostgreSQL back: /healthz ok after {time.monotonic() - back:.2f} s")
    assert portal.get("/").status == 200


def test_after_an_idle_database_restart_every_request_succeeds(portal: Portal) -> None:
    _warm_up(portal)
    portal.cluster.stop()
    portal.cluster.start()

    statuses = [portal.get("/").status for _ in range(36)]

    print(f"\nafter a database restart: {sum(s != 200 for s in statuses)} of 36 requests failed")
    assert statuses == [200] * 36

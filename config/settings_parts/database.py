"""DATABASES["default"]: PostgreSQL (psycopg 3 with Django's pool) or SQLite by default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

from common.env import env_int, env_str


def database_settings(database_url: str, *, var_dir: Path) -> dict[str, Any]:
    """The default database: the one DATABASE_URL names, else a SQLite file under var_dir."""
    if not database_url:
        return _sqlite(var_dir)
    database: dict[str, Any] = dict(dj_database_url.parse(database_url))
    if database["ENGINE"] == "django.db.backends.postgresql":
        _pool_postgresql(database)
    return database


def _pool_postgresql(database: dict[str, Any]) -> None:
    # psycopg 3 with Django's own pool: connections are reused across requests
    # (CONN_MAX_AGE must stay 0 when the pool is on). A server that is down must cost
    # a request seconds, not the pool's default 30 s: short connect and pool timeouts,
    # and every connection is checked before it is handed out, so none is dead after
    # a database restart.
    database["CONN_MAX_AGE"] = 0
    # With the pool on, Django passes psycopg_pool's check_connection as the pool's check.
    database["CONN_HEALTH_CHECKS"] = True
    statement_ms = env_int("DB_STATEMENT_TIMEOUT_MS", 0, minimum=0)
    database["OPTIONS"] = {
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 3, minimum=1),
        **({"options": f"-c statement_timeout={statement_ms}"} if statement_ms else {}),
        "pool": {
            "min_size": env_int("DB_POOL_MIN", 1, minimum=0),
            "max_size": env_int("DB_POOL_MAX", 10, minimum=1),
            "timeout": env_int("DB_POOL_TIMEOUT", 3, minimum=1),
            # psycopg_pool backs off exponentially (1, 2, 4, ... s) while the server
            # is down, and only one attempt runs at a time: after a long outage the
            # pool would wait that long after the server is back. Giving up after 5 s
            # lets the next request start a fresh attempt at once.
            "reconnect_timeout": 5,
        },
    }


def _sqlite(var_dir: Path) -> dict[str, Any]:
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH", str(var_dir / "portal.sqlite3")),
        "OPTIONS": {
            # WAL lets the web process, the worker and beat share the file.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # A file (not memory) so that a real Celery worker started by the tests reads
        # the same test database.
        # (one file per test run, so that two runs on one machine never share it).
        "TEST": {"NAME": str(var_dir / f"test-{os.getpid()}.sqlite3")},
    }

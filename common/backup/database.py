"""Dumping and restoring the configured database: SQLite by its online backup API,
PostgreSQL with pg_dump / pg_restore (custom format)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext_noop

from .errors import refuse

SQLITE_MEMBER = "portal.sqlite3"
POSTGRES_MEMBER = "portal.dump"
# Other processes (web, worker) may hold the SQLite file for a moment.
_SQLITE_TIMEOUT = 30
# "215; 1259 23004 TABLE public a b postgres": id, catalog, oid, kind, schema, name, owner.
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (.+) (\S+)$")


def database_member(vendor: str) -> str:
    return SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER


def database_dump(connection: BaseDatabaseWrapper, *, target: Path) -> list[str]:
    """Write a consistent copy of the database to `target`; return its table names."""
    if connection.vendor == "sqlite":
        return _sqlite_dump(connection, target)
    if connection.vendor == "postgresql":
        return _postgres_dump(connection, target)
    raise _unsupported(connection)


def database_restore(connection: BaseDatabaseWrapper, *, source: Path, tables: list[str]) -> None:
    """Make the database what `source` holds; `tables` are the tables of the backup."""
    # Django's own connection must not hold a transaction (or a pooled session) meanwhile.
    connection.close()
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, source)
    elif connection.vendor == "postgresql":
        _postgres_restore(connection, source, tables)
    else:
        raise _unsupported(connection)


def _unsupported(connection: BaseDatabaseWrapper) -> Exception:
    return refuse(
        gettext_noop("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s."), vendor=connection.vendor
    )


# --- SQLite -------------------------------------------------------------------------------
def _sqlite_path(connection: BaseDatabaseWrapper) -> str:
    return str(connection.settings_dict["NAME"])


def _sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> list[str]:
    # The backup API copies one consistent snapshot even while others write (WAL mode);
    # copying the live file could catch it half-written or miss the -wal file.
    with (
        closing(sqlite3.connect(_sqlite_path(connection), timeout=_SQLITE_TIMEOUT)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)
        # One self-contained file in the archive, with no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        rows = copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    return sorted(name for (name,) in rows)


def _sqlite_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    try:
        with (
            closing(sqlite3.connect(source)) as copy,
            closing(sqlite3.connect(_sqlite_path(connection), timeout=_SQLITE_TIMEOUT)) as live,
        ):
            # One step: the live file changes in a single write transaction, or not at all.
            copy.backup(live)
            live.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        raise refuse(
            gettext_noop("Không khôi phục được cơ sở dữ liệu SQLite: %(error)s"), error=str(exc)
        ) from exc


# --- PostgreSQL ---------------------------------------------------------------------------
def _postgres_command(
    connection: BaseDatabaseWrapper, program: str, *options: str
) -> tuple[list[str], dict[str, str]]:
    """`program` with the connection parameters of Django's settings (password, SSL and
    service through the environment, as Django's own dbshell passes them)."""
    settings_dict = connection.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = [program, "--no-password", *options]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    if settings_dict.get("NAME"):
        args.append(f"--dbname={settings_dict['NAME']}")
    return args, {**os.environ, **(env or {})}


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise refuse(
            gettext_noop(
                "Không tìm thấy chương trình %(program)s: hãy cài gói postgresql-client "
                "cùng phiên bản với máy chủ PostgreSQL."
            ),
            program=args[0],
        ) from None
    if done.returncode != 0:
        raise refuse(
            gettext_noop("%(program)s báo lỗi, không có gì bị thay đổi: %(error)s"),
            program=args[0],
            error=done.stderr.strip()[-2000:],
        )
    return done.stdout


def _postgres_dump(connection: BaseDatabaseWrapper, target: Path) -> list[str]:
    args, env = _postgres_command(connection, "pg_dump", "--format=custom", f"--file={target}")
    _run(args, env)
    listing = _run(["pg_restore", "--list", str(target)])
    return sorted({match[2] for line in listing.splitlines() if (match := _TOC_TABLE.match(line))})


def _postgres_restore(connection: BaseDatabaseWrapper, source: Path, tables: list[str]) -> None:
    args, env = _postgres_command(
        connection,
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
    )
    _run([*args, str(source)], env)
    _drop_tables_not_in(connection, set(tables))


def _drop_tables_not_in(connection: BaseDatabaseWrapper, tables: set[str]) -> None:
    """pg_restore --clean drops only what the dump holds: a table made after the backup
    (by a newer migration) would stay, and `migrate` would then fail to create it."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for name in sorted(set(connection.introspection.table_names(cursor)) - tables):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)} CASCADE")

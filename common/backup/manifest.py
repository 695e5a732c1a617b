"""What a backup holds, written first in the archive so that a restore can refuse early."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import django
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext_noop

from .errors import refuse

FORMAT = "campaign-portal-backup"
VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileEntry:
    path: str  # POSIX, relative to MEDIA_ROOT (media) or to the archive (the database)
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created_at: str
    database: FileEntry
    tables: list[str]
    migrations: dict[str, list[str]]
    media: list[FileEntry] = field(default_factory=list)
    django: str = django.get_version()
    format: str = FORMAT
    version: int = VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data: dict[str, Any] = json.loads(raw)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            if data.get("version") != VERSION:
                raise refuse(
                    gettext_noop(
                        "Bản sao lưu có định dạng phiên bản %(version)s, "
                        "phần mềm này chỉ đọc được phiên bản %(supported)s."
                    ),
                    version=data.get("version"),
                    supported=VERSION,
                )
            return cls(
                vendor=str(data["vendor"]),
                created_at=str(data["created_at"]),
                database=FileEntry(**data["database"]),
                tables=[str(name) for name in data["tables"]],
                migrations={str(k): [str(n) for n in v] for k, v in data["migrations"].items()},
                media=[FileEntry(**entry) for entry in data["media"]],
                django=str(data.get("django", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise not_a_backup() from None


def not_a_backup() -> Exception:
    return refuse(gettext_noop("Tệp này không phải bản sao lưu của cổng thông tin."))


def file_entry(path: Path, *, name: str) -> FileEntry:
    with path.open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
        return FileEntry(path=name, size=path.stat().st_size, sha256=digest)


def migration_heads(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The latest applied migration(s) of each app, among those the code knows."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = {key for key in loader.applied_migrations if key in loader.graph.nodes}
    heads: dict[str, list[str]] = defaultdict(list)
    for key in sorted(applied):
        children = loader.graph.node_map[key].children
        if not any(child in applied and child[0] == key[0] for child in children):
            heads[key[0]].append(key[1])
    return dict(heads)


def unknown_migrations(heads: dict[str, list[str]]) -> list[str]:
    """Heads of the backup that this code does not have: the backup is newer than it.

    Migrations a squash replaced still count as known."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.graph.nodes)
    for squash in loader.replacements.values():
        known.update(squash.replaces)
    return sorted(
        f"{app}.{name}"
        for app, names in heads.items()
        for name in names
        if (app, name) not in known
    )


def manifest_check(manifest: Manifest, *, connection: BaseDatabaseWrapper) -> None:
    """Refuse a backup that cannot go into this database with this code."""
    if manifest.vendor != connection.vendor:
        raise refuse(
            gettext_noop(
                "Bản sao lưu là cơ sở dữ liệu %(backup)s nhưng cổng thông tin đang cấu hình "
                "%(configured)s: không khôi phục. Hãy đặt DATABASE_URL cho đúng loại cơ sở "
                "dữ liệu rồi chạy lại."
            ),
            backup=manifest.vendor,
            configured=connection.vendor,
        )
    newer = unknown_migrations(manifest.migrations)
    if newer:
        raise refuse(
            gettext_noop(
                "Bản sao lưu được tạo bởi phiên bản mới hơn mã nguồn này (có migration "
                "%(migrations)s mà mã nguồn chưa có): không khôi phục. Hãy cập nhật mã "
                "nguồn rồi chạy lại."
            ),
            migrations=", ".join(newer),
        )

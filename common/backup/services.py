"""Backup and restore of the portal, as the management commands run them."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext_noop

from .archive import archive_extract, archive_manifest, archive_write
from .database import database_dump, database_member, database_restore
from .errors import refuse
from .manifest import (
    DATABASE_DIR,
    MEDIA_DIR,
    Manifest,
    file_entry,
    manifest_check,
    migration_heads,
)
from .media import media_scan, media_staging_parent, media_swap, media_unswap


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    media_aside: Path | None  # the media folder as it was before the restore
    pending_migrations: int  # the backup is older than the code: `migrate` must follow


def _stamp(now: datetime) -> str:
    return f"{timezone.localtime(now):%Y%m%d-%H%M%S}"


def backup_default_path(*, now: datetime) -> Path:
    return Path(settings.VAR_DIR) / "backups" / f"portal-{_stamp(now)}.tar.gz"


def backup_create(*, target: Path, now: datetime, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write one archive with the database, MEDIA_ROOT and their manifest to `target`.

    The database is dumped first: an uploaded file is stored before its row is committed,
    so every file the dump refers to is already there when MEDIA_ROOT is read."""
    connection = connections[using]
    if target.exists():
        raise refuse(
            gettext_noop("Tệp %(path)s đã có; hãy chọn tên khác cho bản sao lưu."),
            path=str(target),
        )
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix=".portal-backup-", dir=target.parent) as staging:
        dump = Path(staging) / database_member(connection.vendor)
        tables = database_dump(connection, target=dump)
        manifest = Manifest(
            vendor=connection.vendor,
            created_at=timezone.localtime(now).isoformat(timespec="seconds"),
            database=file_entry(dump, name=f"{DATABASE_DIR}/{dump.name}"),
            tables=tables,
            # Read after the dump: a migration applied meanwhile makes the manifest look
            # newer than the dump (a restore refused), never older (a restore let through).
            migrations=migration_heads(connection),
            media=media_scan(media_root, skip={target.resolve()}),
        )
        archive_write(target, manifest=manifest, database=dump, media_root=media_root)
    return manifest


def backup_inspect(*, archive: Path, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """The archive's manifest, if it may be restored into this database with this code."""
    if not archive.is_file():
        raise refuse(gettext_noop("Không tìm thấy tệp sao lưu %(path)s."), path=str(archive))
    manifest = archive_manifest(archive)
    manifest_check(manifest, connection=connections[using])
    return manifest


def backup_restore(*, archive: Path, now: datetime, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Make the database and MEDIA_ROOT what the archive holds.

    Everything is unpacked and checked beside MEDIA_ROOT first; then the media folder is
    swapped in (the old one kept aside) and the database restored in one transaction. If
    the database restore fails the media swap is undone: either both change or neither."""
    manifest = backup_inspect(archive=archive, using=using)
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    staging = Path(
        tempfile.mkdtemp(
            prefix=f".{media_root.name}-restore-", dir=media_staging_parent(media_root)
        )
    )
    try:
        archive_extract(archive, into=staging, manifest=manifest)
        restored = staging / MEDIA_DIR
        restored.mkdir(exist_ok=True)
        aside = media_swap(restored, media_root, stamp=_stamp(now))
        try:
            database_restore(
                connection, source=staging / manifest.database.path, tables=manifest.tables
            )
        except BaseException:
            media_unswap(media_root, aside, restored=restored)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(
        manifest=manifest, media_aside=aside, pending_migrations=_pending(connection)
    )


def _pending(connection: BaseDatabaseWrapper) -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))

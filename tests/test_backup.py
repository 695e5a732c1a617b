"""Backup and restore (`make backup`, `make restore`): one archive with the database and the
uploaded files, put back exactly as they were, and refused when it cannot fit."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from campaigns.models import Activity, Evidence
from common.backup.manifest import FileEntry, Manifest
from tests.builders import activity, photo
from units.models import Unit


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _log(user: Any, title: str, files: list[Any] = ()) -> Activity:  # type: ignore[assignment]
    return activity(user, title=title, quantity=2, files=files)


def _rows() -> dict[str, list[dict[str, Any]]]:
    return {
        "activities": list(Activity.objects.order_by("pk").values()),
        "evidence": list(Evidence.objects.order_by("pk").values()),
        "users": list(get_user_model().objects.order_by("pk").values("username", "password")),
        "units": [Unit.objects.count()],
    }


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): _sha256(p) for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_restore_puts_back_rows_and_files_as_they_were_at_backup_time(
    seeded_transactional_db: None,
    kyl_reporter: Any,
    make_member: Any,
    media_root: Path,
    tmp_path: Path,
) -> None:
    reporter = kyl_reporter
    activity = _log(reporter, "Phát thanh Nghị quyết 57", files=[photo("loa.jpg")])
    stored = media_root / activity.evidence.get().file.name
    digest = _sha256(stored)
    rows, files = _rows(), _files(media_root)
    archive = tmp_path / "backups" / "portal.tar.gz"
    call_command("portal_backup", output=str(archive), stdout=io.StringIO())

    stored.unlink()
    Activity.objects.filter(pk=activity.pk).update(title="Sửa sau khi sao lưu")
    _log(reporter, "Ghi sau khi sao lưu", files=[photo("sau.jpg")])
    make_member("later_user", "ky-lua/ubnd")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE backup_probe_later (id integer)")
    connection.close()
    out = io.StringIO()
    call_command("portal_restore", str(archive), "--yes", stdout=out)

    assert _rows() == rows
    assert Activity.objects.get(pk=activity.pk).title == "Phát thanh Nghị quyết 57"
    assert _sha256(stored) == digest and _files(media_root) == files
    assert "backup_probe_later" not in connection.introspection.table_names()
    (aside,) = tmp_path.glob("media.before-restore-*")
    assert not (aside / activity.evidence.get().file.name).exists()  # the state before restore
    assert len(_files(aside)) == 1 and str(aside) in out.getvalue()
    assert not list(tmp_path.glob(".media-restore-*"))  # the unpacked copy is cleaned up


@pytest.mark.django_db(transaction=True)
def test_archive_holds_a_manifest_first_with_every_file_and_the_migration_heads(
    seeded_transactional_db: None, kyl_reporter: Any, media_root: Path, tmp_path: Path
) -> None:
    evidence = _log(kyl_reporter, "Tuyên truyền", files=[photo()]).evidence.get()
    archive = tmp_path / "portal.tar.gz"
    call_command("portal_backup", "-o", str(archive), stdout=io.StringIO())

    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(names[0]).read())  # type: ignore[union-attr]
    assert names[0] == "manifest.json" and manifest["vendor"] == connection.vendor
    assert manifest["media"] == [
        {"path": evidence.file.name, "size": evidence.size, "sha256": evidence.sha256}
    ]
    assert f"media/{evidence.file.name}" in names and manifest["database"]["path"] in names
    code_heads = MigrationLoader(None).graph.leaf_nodes("campaigns")
    assert manifest["migrations"]["campaigns"] == [name for _, name in code_heads]
    assert "campaigns_activity" in manifest["tables"]
    assert archive.stat().st_mode & 0o077 == 0  # it holds every account: owner only
    with pytest.raises(CommandError, match="đã có"):
        call_command("portal_backup", "-o", str(archive), stdout=io.StringIO())


# --- Refusals: built archives, nothing may change -------------------------------------------
DB_BYTES = b"not a real database"


def _manifest(**changes: Any) -> Manifest:
    base: dict[str, Any] = {
        "vendor": connection.vendor,
        "created_at": "2026-11-20T09:00:00+07:00",
        "database": FileEntry(
            path="database/portal.sqlite3",
            size=len(DB_BYTES),
            sha256=hashlib.sha256(DB_BYTES).hexdigest(),
        ),
        "tables": [],
        "migrations": {},
    }
    return Manifest(**{**base, **changes})


def _member(name: str, content: bytes = b"", kind: bytes = tarfile.REGTYPE) -> Any:
    info = tarfile.TarInfo(name)
    info.type, info.size = kind, len(content)
    if kind == tarfile.SYMTYPE:
        info.linkname, info.size = "/etc/passwd", 0
    return info, io.BytesIO(content)


def _archive(path: Path, manifest: Manifest, *extra: Any) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(*_member("manifest.json", manifest.to_json()))
        tar.addfile(*_member("database/portal.sqlite3", DB_BYTES))
        for info, content in extra:
            tar.addfile(info, content)
    return path


@pytest.fixture
def untouched(media_root: Path, tmp_path: Path) -> Any:
    """MEDIA_ROOT with one file; checks afterwards that the refused restore left it as it
    was and left nothing beside it."""
    (media_root / "ke-hoach.pdf").write_bytes(b"%PDF-1.7 before")
    before = _files(media_root)
    yield
    assert _files(media_root) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.tar.gz", "media"]


def _restore(path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("portal_restore", str(path), "--yes", stdout=io.StringIO())
    return str(refused.value)


def test_a_backup_of_another_database_vendor_is_refused_in_both_languages(
    untouched: None, tmp_path: Path
) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    message = _restore(_archive(tmp_path / "backup.tar.gz", _manifest(vendor=other)))
    assert f"cơ sở dữ liệu {other}" in message and "không khôi phục" in message
    assert f"The backup is a {other} database" in message and "not restored" in message


def test_a_backup_with_migrations_newer_than_the_code_is_refused(
    untouched: None, tmp_path: Path
) -> None:
    future = _manifest(migrations={"campaigns": ["0999_from_a_newer_release"]})
    message = _restore(_archive(tmp_path / "backup.tar.gz", future))
    assert "campaigns.0999_from_a_newer_release" in message and "newer version" in message


@pytest.mark.parametrize(
    "member",
    [
        _member("media/../../evil.txt", b"escape"),
        _member("database/../../../evil.txt", b"escape"),
        _member("/tmp/evil.txt", b"absolute"),
        _member("media/evil-link", kind=tarfile.SYMTYPE),
        _member("elsewhere/evil.txt", b"outside"),
    ],
    ids=["dot-dot", "dot-dot-in-database", "absolute", "symlink", "outside"],
)
def test_an_archive_member_outside_its_place_is_refused(
    untouched: None, tmp_path: Path, member: Any
) -> None:
    message = _restore(_archive(tmp_path / "backup.tar.gz", _manifest(), member))
    assert member[0].name in message and "unsafe member" in message
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_a_file_that_does_not_match_the_manifest_is_refused(
    untouched: None, tmp_path: Path
) -> None:
    listed = FileEntry(path="evidence/a.jpg", size=5, sha256=hashlib.sha256(b"photo").hexdigest())
    archive = _archive(
        tmp_path / "backup.tar.gz",
        _manifest(media=[listed]),
        _member("media/evidence/a.jpg", b"other"),
    )
    message = _restore(archive)
    assert "media/evidence/a.jpg" in message and "does not match its manifest" in message


def test_a_media_root_that_is_a_symbolic_link_is_not_replaced(
    settings: Any, tmp_path: Path
) -> None:
    real = tmp_path / "volume"
    (real / "evidence").mkdir(parents=True)
    (real / "evidence" / "a.jpg").write_bytes(b"photo")
    (tmp_path / "media").symlink_to(real)
    settings.MEDIA_ROOT = tmp_path / "media"
    message = _restore(_archive(tmp_path / "backup.tar.gz", _manifest()))
    assert "symbolic link" in message and "liên kết tượng trưng" in message
    assert _files(real) == {"evidence/a.jpg": _sha256(real / "evidence" / "a.jpg")}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.tar.gz", "media", "volume"]


def test_something_else_than_a_backup_is_refused(untouched: None, tmp_path: Path) -> None:
    (tmp_path / "backup.tar.gz").write_bytes(b"\x1f\x8b not really gzip")
    assert "not a backup of the portal" in _restore(tmp_path / "backup.tar.gz")


def test_restore_asks_first_and_stops_unless_told_yes(
    untouched: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive(tmp_path / "backup.tar.gz", _manifest())
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("portal_restore", str(archive), stdout=out)
    assert "REPLACES ALL data" in out.getvalue()

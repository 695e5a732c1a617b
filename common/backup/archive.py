"""The archive itself: written with the manifest first, read back without trusting it.

On restore every member name is checked (only `database/` and `media/`, no absolute path,
no `..`, no links or devices) before tarfile's "data" filter extracts it, and every file
must then match the manifest's size and sha256: a damaged or tampered archive changes
nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from django.utils.translation import gettext_noop

from .errors import refuse
from .manifest import DATABASE_DIR, MANIFEST_NAME, MEDIA_DIR, FileEntry, Manifest, not_a_backup

_MAX_MANIFEST = 256 * 1024 * 1024
_READ_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)


class _HashingReader:
    """Hashes what tarfile copies, so the archived bytes are the ones the manifest lists."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


def archive_write(target: Path, *, manifest: Manifest, database: Path, media_root: Path) -> None:
    """Write the archive to `target` (readable by its owner only: it holds every account's
    data); a half-written archive never carries the final name."""
    partial = target.with_name(f".{target.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
        ):
            info = tarfile.TarInfo(MANIFEST_NAME)
            content = manifest.to_json()
            info.size, info.mode = len(content), 0o600
            tar.addfile(info, io.BytesIO(content))
            _add_file(tar, database, manifest.database, arcname=manifest.database.path)
            for entry in manifest.media:
                _add_file(tar, media_root / entry.path, entry, arcname=f"{MEDIA_DIR}/{entry.path}")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _add_file(tar: tarfile.TarFile, path: Path, entry: FileEntry, *, arcname: str) -> None:
    try:
        with path.open("rb") as stream:
            info = tar.gettarinfo(arcname=arcname, fileobj=stream)
            if info.size != entry.size:
                raise _changed(entry)
            reader = _HashingReader(stream)
            tar.addfile(info, reader)
    except FileNotFoundError:
        raise _changed(entry) from None
    if reader.digest.hexdigest() != entry.sha256:
        raise _changed(entry)


def _changed(entry: FileEntry) -> Exception:
    return refuse(
        gettext_noop("Tệp %(path)s thay đổi trong lúc sao lưu; bản sao lưu bị hủy, hãy chạy lại."),
        path=entry.path,
    )


def archive_manifest(path: Path) -> Manifest:
    """The manifest, read from the archive's first member only."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            first = tar.next()
            if (
                first is None
                or first.name != MANIFEST_NAME
                or not first.isfile()
                or first.size > _MAX_MANIFEST
            ):
                raise not_a_backup()
            stream = tar.extractfile(first)
            raw = stream.read() if stream is not None else b""
    except _READ_ERRORS:
        raise not_a_backup() from None
    return Manifest.from_json(raw)


def archive_extract(path: Path, *, into: Path, manifest: Manifest) -> None:
    """Unpack the database and media under `into` and check them against the manifest."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST_NAME:
                    continue
                _check_member(member)
                tar.extract(member, into, filter="data")
    except tarfile.FilterError as exc:
        raise _unsafe(exc.tarinfo.name) from exc
    except _READ_ERRORS:
        raise _damaged(path.name) from None
    _verify(into, manifest)


def _check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    parts = PurePosixPath(name).parts
    if (
        name.startswith(("/", "\\"))
        or ".." in parts
        or not parts
        or parts[0] not in (DATABASE_DIR, MEDIA_DIR)
        or not (member.isfile() or member.isdir())
    ):
        raise _unsafe(name)


def _unsafe(name: str) -> Exception:
    return refuse(
        gettext_noop(
            "Tệp nén có mục không an toàn (%(name)s): đường dẫn tuyệt đối, có “..”, là liên "
            "kết hoặc nằm ngoài database/ và media/. Không khôi phục gì."
        ),
        name=name,
    )


def _damaged(name: str) -> Exception:
    return refuse(
        gettext_noop("Không đọc được tệp nén %(name)s (bị hỏng hoặc cắt cụt): không khôi phục gì."),
        name=name,
    )


def _mismatch(names: list[str]) -> Exception:
    return refuse(
        gettext_noop(
            "Bản sao lưu không khớp bản kê của nó (thiếu, thừa hoặc sai nội dung: %(names)s): "
            "tệp nén bị hỏng, không khôi phục gì."
        ),
        names=", ".join(names[:5]),
    )


def _verify(into: Path, manifest: Manifest) -> None:
    expected = {f"{MEDIA_DIR}/{entry.path}": entry for entry in manifest.media}
    expected[manifest.database.path] = manifest.database
    found = {path.relative_to(into).as_posix() for path in into.rglob("*") if path.is_file()}
    if found != set(expected):
        raise _mismatch(sorted(found ^ set(expected)))
    for name, entry in expected.items():
        path = into / name
        with path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        if path.stat().st_size != entry.size or digest != entry.sha256:
            raise _mismatch([name])

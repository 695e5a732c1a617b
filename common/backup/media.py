"""The uploaded files (MEDIA_ROOT): listing them for a backup, putting a restored copy in
place while keeping the previous folder aside."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_noop

from .errors import refuse
from .manifest import FileEntry, file_entry


def media_scan(root: Path, *, skip: set[Path]) -> list[FileEntry]:
    """Every regular file under `root` (symbolic links are not followed or kept)."""
    if not root.is_dir():
        return []
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            entries.append(file_entry(path, name=path.relative_to(root).as_posix()))
    return entries


def media_staging_parent(root: Path) -> Path:
    """Where a restore unpacks: beside MEDIA_ROOT, so that putting it in place is a rename
    on one file system (never a copy that could stop half-way)."""
    if root.is_mount() or root.is_symlink():
        raise refuse(
            gettext_noop(
                "MEDIA_ROOT (%(path)s) là điểm gắn kết (mount point) hoặc liên kết tượng trưng "
                "nên không thể thay bằng thư mục khôi phục: hãy đặt MEDIA_ROOT là một thư mục "
                "thật bên trong ổ đĩa đó."
            ),
            path=str(root),
        )
    root.parent.mkdir(parents=True, exist_ok=True)
    return root.parent


def media_swap(restored: Path, root: Path, *, stamp: str) -> Path | None:
    """Put `restored` at `root`; the previous folder is renamed aside (returned), never
    deleted: files uploaded after the backup can still be recovered from it."""
    aside = None
    if root.exists():
        aside = _free_name(root.with_name(f"{root.name}.before-restore-{stamp}"))
        root.rename(aside)
    restored.rename(root)
    return aside


def media_unswap(root: Path, aside: Path | None, *, restored: Path) -> None:
    """Undo `media_swap` (the database restore that follows it failed)."""
    root.rename(restored)
    if aside is not None:
        aside.rename(root)


def _free_name(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate

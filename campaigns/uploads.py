"""Checking an evidence upload: its type is decided by its content, not its name."""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

import filetype
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_SIZE = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
}
IMAGES = {"image/jpeg", "image/png", "image/webp"}
_BAD_NAME = re.compile(r"[\\/\x00-\x1f]|\.\.")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str
    display_name: str
    stored_name: str
    captured_at: datetime | None


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _office_type(stream: IO[bytes]) -> str | None:
    """DOCX or XLSX if the ZIP holds the parts of one, within sane archive limits."""
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if (
                len(entries) > MAX_ZIP_ENTRIES
                or sum(e.file_size for e in entries) > MAX_ZIP_UNCOMPRESSED
            ):
                raise _refuse(_("Tệp nén chứa quá nhiều tệp hoặc dữ liệu quá lớn."))
            names = {e.filename for e in entries}
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _captured_at(stream: IO[bytes]) -> datetime | None:
    from PIL import Image

    try:
        with Image.open(stream) as image:
            exif = image.getexif()
            raw = exif.get_ifd(0x8769).get(36867) or exif.get(306)
    except Exception:
        return None
    if not raw:
        return None
    try:
        moment = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(moment)


def _valid_image(stream: IO[bytes]) -> bool:
    from PIL import Image

    try:
        with Image.open(stream) as image:
            image.verify()
        return True
    except Exception:
        return False


def check_upload(upload: Any) -> CheckedUpload:
    """Validate an uploaded file (Django UploadedFile); raise ValidationError({"file": ...})."""
    name = str(getattr(upload, "name", "") or "")
    if not name or _BAD_NAME.search(name) or name.startswith("."):
        raise _refuse(_("Tên tệp không hợp lệ: %(name)s.") % {"name": name[:80]})
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise _refuse(_("Tệp %(name)s rỗng (0 byte).") % {"name": name[:80]})
    if size > MAX_SIZE:
        raise _refuse(
            _("Tệp %(name)s nặng %(mb).1f MB, vượt giới hạn 20 MB.")
            % {"name": name[:80], "mb": size / 1048576}
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else ""
    if content_type in ("application/zip", DOCX, XLSX) or head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        content_type = _office_type(upload) or "application/zip"
    if content_type not in ALLOWED:
        raise _refuse(
            _(
                "Không nhận loại tệp này (%(name)s). "
                "Chỉ nhận ảnh JPEG, PNG, WebP và tệp PDF, DOCX, XLSX."
            )
            % {"name": name[:80]}
        )
    captured = None
    if content_type in IMAGES:
        upload.seek(0)
        if not _valid_image(upload):
            raise _refuse(_("Ảnh %(name)s bị hỏng hoặc không đọc được.") % {"name": name[:80]})
        upload.seek(0)
        captured = _captured_at(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    extension = ALLOWED[content_type]
    return CheckedUpload(
        content_type=content_type,
        extension=extension,
        size=size,
        sha256=digest.hexdigest(),
        display_name=name[-200:],
        stored_name=f"{uuid.uuid4().hex}.{extension}",
        captured_at=captured,
    )

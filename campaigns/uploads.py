"""Checking an evidence upload: its type is decided by its content, not its name."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, auto
from typing import IO, Any, Protocol

import filetype
from django.core.files.base import ContentFile, File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from common.archives import UnsafeArchive, ZipLimits, zip_inspect
from common.exceptions import DomainError
from common.files import uploaded_file_response

MAX_SIZE = 20 * 1024 * 1024
# Phones save 12-16 MP photos by default (their 50-200 MP modes are opt-in); 40 MP decodes
# to about 160 MB of RGBA in whatever opens it next. Pillow's own default (89 MP) is higher.
MAX_IMAGE_PIXELS = 40_000_000
# DOCX/XLSX are ZIPs: their real inflated size is checked, never the size they declare.
ZIP_LIMITS = ZipLimits(max_members=2000, max_bytes=100 * 1024 * 1024)
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
IMAGES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
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

    def row_fields(self) -> dict[str, Any]:
        """What a row keeping the file (evidence, a report's attachment) records of it."""
        return {
            "original_name": self.display_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def _refuse(message: str) -> DomainError:
    return DomainError({"file": message})


def _office_type(stream: IO[bytes], name: str) -> str | None:
    """DOCX or XLSX if the ZIP holds the parts of one, within the archive limits."""
    try:
        contents = zip_inspect(stream, limits=ZIP_LIMITS)
    except UnsafeArchive as exc:
        raise _refuse(f"{name}: {' '.join(exc.messages)}") from None
    if contents is None or "[Content_Types].xml" not in contents.names:
        return None
    if "word/document.xml" in contents.names:
        return DOCX
    if "xl/workbook.xml" in contents.names:
        return XLSX
    return None


def _captured_at(stream: IO[bytes], content_type: str) -> datetime | None:
    try:
        with _open_image(stream, content_type) as image:
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


def _open_image(stream: IO[bytes], content_type: str) -> Image.Image:
    """Only the decoder of the detected type may parse the bytes (no other Pillow plugin)."""
    return Image.open(stream, formats=[IMAGES[content_type]])


class ImageProblem(Enum):
    TOO_LARGE = auto()
    BROKEN = auto()


def _image_problem(stream: IO[bytes], content_type: str) -> ImageProblem | None:
    """Why the image may not be kept (None if it may). Reads its header, never its pixels:
    a 12000 x 12000 PNG of one colour is a few hundred KB but 576 MB once decoded."""
    try:
        with _open_image(stream, content_type) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return ImageProblem.TOO_LARGE
            image.verify()
    except Image.DecompressionBombError:
        return ImageProblem.TOO_LARGE
    except Exception:
        return ImageProblem.BROKEN
    return None


def image_servable_inline(file: IO[bytes], content_type: str) -> bool:
    """A stored image may be shown in the browser only if it is still a raster image of its
    declared type within the pixel limit (files stored before the limit are re-checked)."""
    if content_type not in IMAGES:
        return False
    try:
        return _image_problem(file, content_type) is None
    finally:
        file.seek(0)


def _check_image(upload: Any, content_type: str, name: str) -> datetime | None:
    upload.seek(0)
    problem = _image_problem(upload, content_type)
    if problem is ImageProblem.TOO_LARGE:
        raise _refuse(
            _("Ảnh %(name)s quá lớn (trên %(mp)s triệu điểm ảnh); hãy thu nhỏ ảnh rồi tải lên lại.")
            % {"name": name, "mp": MAX_IMAGE_PIXELS // 1_000_000}
        )
    if problem:
        raise _refuse(_("Ảnh %(name)s bị hỏng hoặc không đọc được.") % {"name": name})
    upload.seek(0)
    return _captured_at(upload, content_type)


def check_upload(upload: Any) -> CheckedUpload:
    """Validate an uploaded file (Django UploadedFile); raise DomainError({"file": ...})."""
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
        content_type = _office_type(upload, name[:80]) or "application/zip"
    if content_type not in ALLOWED:
        raise _refuse(
            _(
                "Không nhận loại tệp này (%(name)s). "
                "Chỉ nhận ảnh JPEG, PNG, WebP và tệp PDF, DOCX, XLSX."
            )
            % {"name": name[:80]}
        )
    captured = _check_image(upload, content_type, name[:80]) if content_type in IMAGES else None
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


class FileRow(Protocol):
    """A row that keeps an upload in its `file` field (evidence, a report's attachment)."""

    file: FieldFile

    def save(self) -> None: ...


def upload_store(*, row: FileRow, upload: Any, checked: CheckedUpload) -> None:
    """Save a checked upload into `row.file` under its generated name, then the row."""
    upload.seek(0)
    row.file.save(checked.stored_name, File(upload), save=False)
    row.save()


THUMBNAIL_BOX = (240, 240)
THUMBNAIL_DIR = "thumbs"
_HEX = re.compile(r"[0-9a-f]{64}")


def image_thumbnail(file: IO[bytes], content_type: str) -> bytes | None:
    """A small JPEG of a stored image (None if it is not an image that may be shown). The
    image is re-checked first, opened only by the decoder of its type, and re-encoded, so no
    byte of the upload reaches the browser."""
    if not image_servable_inline(file, content_type):
        return None
    try:
        with _open_image(file, content_type) as image:
            image.draft("RGB", THUMBNAIL_BOX)  # JPEG: decode at a reduced scale
            small = ImageOps.exif_transpose(image)
            small.thumbnail(THUMBNAIL_BOX)
            buffer = io.BytesIO()
            small.convert("RGB").save(buffer, "JPEG", quality=80, optimize=True)
    except Exception:  # a file that passed the header check but fails to decode
        return None
    finally:
        file.seek(0)
    return buffer.getvalue()


def thumbnail_cached(*, file: FieldFile, content_type: str, sha256: str) -> bytes | None:
    """The thumbnail of a stored upload, made once and kept beside the private files
    (named by the content's hash, so two copies of one photo share it)."""
    stem = sha256 if _HEX.fullmatch(sha256) else (file.name or "").rsplit("/", 1)[-1].split(".")[0]
    name = f"{THUMBNAIL_DIR}/{stem[:2]}/{stem}.jpg"
    storage = file.storage
    if storage.exists(name):
        with storage.open(name, "rb") as cached:
            data: bytes = cached.read()
        return data
    with file.open("rb") as source:
        made = image_thumbnail(source, content_type)
    if made is not None and not storage.exists(name):
        storage.save(name, ContentFile(made))
    return made


def thumbnail_response(data: bytes | None) -> FileResponse:
    """A thumbnail made by the server (a re-encoded JPEG), kept by the browser for a day;
    404 for a file that has none (not an image, or one that may not be shown)."""
    if data is None:
        raise Http404
    response = uploaded_file_response(
        io.BytesIO(data), filename="thumbnail.jpg", content_type="image/jpeg", inline=True
    )
    response["Cache-Control"] = "private, max-age=86400"
    return response

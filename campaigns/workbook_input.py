"""Reading an uploaded Excel workbook within what one import may cost a worker.

An .xlsx is a ZIP of XML: 100 KB on disk can be 100 MB of XML that openpyxl parses for
many seconds. So the file's size, its real inflated size (inflated here, never taken from
what the ZIP declares), the rows, the columns (so the cells) and each cell's length are
bounded, each with its own message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from common.archives import UnsafeArchive, ZipLimits, zip_inspect
from common.exceptions import DomainError

MAX_FILE_SIZE = 5 * 1024 * 1024
# The template filled with 5,000 rows of long descriptions is about 3 MB of XML.
ZIP_LIMITS = ZipLimits(max_members=100, max_bytes=20 * 1024 * 1024)
MAX_ROWS = 5000
MAX_COLUMNS = 26  # A to Z; the template has 13
MAX_CELL_CHARS = 20_000  # as the activity form's description


def _number(value: int) -> str:
    """Grouped as the import's other messages write numbers (5.000)."""
    return f"{value:,}".replace(",", ".")


def _unreadable() -> DomainError:
    return DomainError(_("Không đọc được tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng."))


def _too_many_rows() -> DomainError:
    return DomainError(_("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": _number(MAX_ROWS)})


def _check_file(upload: Any) -> None:
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_FILE_SIZE:
        raise DomainError(
            _("Tệp Excel nặng %(mb).1f MB, vượt giới hạn %(max)s MB; hãy chia nhỏ.")
            % {"mb": size / (1024 * 1024), "max": MAX_FILE_SIZE // (1024 * 1024)}
        )
    upload.seek(0)
    try:
        contents = zip_inspect(upload, limits=ZIP_LIMITS)
    except UnsafeArchive as exc:
        raise DomainError(exc.messages) from None
    if contents is None:
        raise _unreadable()


def _bounded_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """The header and up to MAX_ROWS data rows. Rows are counted as read, not by the row
    numbers the file gives them (a file may repeat a number many times)."""
    read = 0
    for values in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1):
        if any(v not in (None, "") for v in values[MAX_COLUMNS:]):
            raise DomainError(
                _("Tệp có dữ liệu ngoài %(n)s cột đầu (A đến Z); hãy dùng tệp mẫu.")
                % {"n": MAX_COLUMNS}
            )
        read += 1
        if read > MAX_ROWS + 1:
            if any(v not in (None, "") for v in values):
                raise _too_many_rows()
            continue
        yield values[:MAX_COLUMNS]


def read_rows(upload: Any) -> list[tuple[Any, ...]]:
    """The first sheet's rows (values only), or a ValidationError saying which limit."""
    _check_file(upload)
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise _unreadable() from None
    try:
        # read_only workbooks parse lazily: a broken sheet fails while reading rows.
        return list(_bounded_rows(workbook.worksheets[0]))
    except ValidationError:
        raise
    except Exception:
        raise _unreadable() from None
    finally:
        workbook.close()


def cell_too_long(value: Any, limit: int = MAX_CELL_CHARS) -> str | None:
    """The message for a text cell over `limit` characters, else None."""
    if isinstance(value, str) and len(value) > limit:
        return _("dài %(n)s ký tự, vượt giới hạn %(max)s") % {
            "n": _number(len(value)),
            "max": _number(limit),
        }
    return None

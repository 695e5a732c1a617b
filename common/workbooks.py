"""Reading an uploaded spreadsheet (Excel .xlsx, or CSV) within what one import may cost a
worker: the one reader of the activity import (campaigns/workbook_input.py) and the user
roster (units/accounts/roster_file.py).

An .xlsx is a ZIP of XML: 100 KB on disk can be 100 MB of XML that openpyxl parses for many
seconds. So the file's size, its real inflated size (inflated here, never taken from what
the ZIP declares), the rows and the columns (so the cells) are bounded, each with its own
message. Rows are counted as read, not by the row numbers the file gives them (a file may
repeat a number many times).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .archives import UnsafeArchive, ZipLimits, zip_inspect
from .exceptions import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class SheetLimits:
    """What one upload may hold, and the caller's words for a file it cannot read and for
    one too large (with %(mb)s and %(max)s)."""

    max_file_size: int
    zip_limits: ZipLimits
    max_rows: int
    unreadable: StrOrPromise
    too_large: StrOrPromise
    max_columns: int = 26  # A to Z


def grouped(value: int) -> str:
    """A number grouped as the import messages write them (5.000)."""
    return f"{value:,}".replace(",", ".")


def _check_size(upload: Any, limits: SheetLimits) -> None:
    size = int(getattr(upload, "size", 0) or 0)
    if size > limits.max_file_size:
        raise DomainError(
            str(limits.too_large)
            % {"mb": size / (1024 * 1024), "max": limits.max_file_size // (1024 * 1024)}
        )


def _bounded(rows: Iterable[Iterable[Any]], limits: SheetLimits) -> Iterator[list[Any]]:
    """The header and up to `max_rows` data rows, within `max_columns` columns."""
    read = 0
    for row in rows:
        values = list(row)
        if any(v not in (None, "") for v in values[limits.max_columns :]):
            raise DomainError(
                _("Tệp có dữ liệu ngoài %(n)s cột đầu (A đến Z); hãy dùng tệp mẫu.")
                % {"n": limits.max_columns}
            )
        read += 1
        if read > limits.max_rows + 1:
            if any(v not in (None, "") for v in values):
                raise DomainError(
                    _("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": grouped(limits.max_rows)}
                )
            continue
        yield values[: limits.max_columns]


def read_xlsx(upload: Any, limits: SheetLimits) -> list[list[Any]]:
    """The first sheet's rows (values only), or a DomainError saying which limit."""
    _check_size(upload, limits)
    upload.seek(0)
    try:
        contents = zip_inspect(upload, limits=limits.zip_limits)
    except UnsafeArchive as exc:
        raise DomainError(exc.messages) from None
    if contents is None:
        raise DomainError(str(limits.unreadable))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise DomainError(str(limits.unreadable)) from None
    try:
        # read_only workbooks parse lazily: a broken sheet fails while reading rows.
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(
            values_only=True, max_row=limits.max_rows + 2, max_col=limits.max_columns + 1
        )
        return list(_bounded(rows, limits))
    except ValidationError:
        raise
    except Exception:
        raise DomainError(str(limits.unreadable)) from None
    finally:
        workbook.close()


def read_csv(upload: Any, limits: SheetLimits) -> list[list[Any]]:
    """The rows of a UTF-8 CSV file (comma or semicolon separated), within the same limits."""
    _check_size(upload, limits)
    upload.seek(0)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(str(limits.unreadable)) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(_bounded(csv.reader(io.StringIO(text), delimiter=delimiter), limits))
    except csv.Error:
        raise DomainError(str(limits.unreadable)) from None

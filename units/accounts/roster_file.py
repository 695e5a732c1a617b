"""A roster of people to onboard, read from an uploaded Excel (.xlsx) or CSV file.

As for the activity import (campaigns/workbook_input.py), the file's size, its inflated size
(an .xlsx is a ZIP of XML), the rows, the columns and each cell are bounded, each limit with
its own message. Every cell comes out as stripped text, keyed by its column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from common.archives import UnsafeArchive, ZipLimits, zip_inspect
from common.exceptions import DomainError
from common.tables import safe_row
from common.text import fold

MAX_FILE_SIZE = 2 * 1024 * 1024
ZIP_LIMITS = ZipLimits(max_members=100, max_bytes=10 * 1024 * 1024)
MAX_ROWS = 1000
MAX_COLUMNS = 26
MAX_CELL_CHARS = 255

COLUMNS = [
    ("full_name", "Họ và tên"),
    ("email", "Thư điện tử"),
    ("username", "Tên đăng nhập"),
    ("unit", "Đơn vị"),
    ("role", "Vai trò"),
]
LABELS = dict(COLUMNS)
REQUIRED_COLUMNS = ("full_name", "email", "unit", "role")
# Headers people actually type, compared after folding accents and case (roster.fold).
HEADER_ALIASES = {
    "ho ten": "full_name",
    "ho va ten": "full_name",
    "email": "email",
    "e-mail": "email",
    "thu dien tu": "email",
    "ten dang nhap": "username",
    "username": "username",
    "don vi": "unit",
    "ma don vi": "unit",
    "vai tro": "role",
}
EXAMPLE_ROW = ["Nguyễn Văn An", "nguyen.van.an@example.vn", "", "UBND phường Kỳ Lừa", "Báo cáo"]


@dataclass(frozen=True)
class RosterRow:
    number: int  # the row number in the file (the header is row 1)
    cells: dict[str, str]


def template_xlsx() -> bytes:
    """The headers, an example row, and the role labels the import accepts."""
    from ..choices import Role

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Người dùng"
    sheet.append(safe_row(header for _key, header in COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(safe_row(EXAMPLE_ROW))
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", (28, 32, 20, 40, 28), strict=True):
        sheet.column_dimensions[column].width = width
    roles = workbook.create_sheet("Vai trò")
    roles.append(safe_row(["Mã", "Vai trò"]))
    for code, label in Role.choices:
        roles.append(safe_row([code, str(label)]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_roster(upload: Any) -> list[RosterRow]:
    """The file's data rows as text by column; a DomainError naming the limit or the
    missing columns when the file cannot be used at all."""
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_FILE_SIZE:
        raise DomainError(
            _("Tệp nặng %(mb).1f MB, vượt giới hạn %(max)s MB; hãy chia nhỏ.")
            % {"mb": size / (1024 * 1024), "max": MAX_FILE_SIZE // (1024 * 1024)}
        )
    name = str(getattr(upload, "name", "")).lower()
    rows = _csv_rows(upload) if name.endswith(".csv") else _xlsx_rows(upload)
    return _records(rows)


def _unreadable() -> DomainError:
    return DomainError(
        _("Không đọc được tệp. Hãy dùng tệp Excel (.xlsx) theo mẫu hoặc tệp CSV mã UTF-8.")
    )


def _too_many_rows() -> DomainError:
    return DomainError(_("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": MAX_ROWS})


def _bounded(rows: Iterable[Iterable[Any]]) -> Iterator[list[Any]]:
    """The header and up to MAX_ROWS data rows, within MAX_COLUMNS columns."""
    read = 0
    for values in rows:
        values = list(values)
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


def _xlsx_rows(upload: Any) -> list[list[Any]]:
    upload.seek(0)
    try:
        contents = zip_inspect(upload, limits=ZIP_LIMITS)
    except UnsafeArchive as exc:
        raise DomainError(exc.messages) from None
    if contents is None:
        raise _unreadable()
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise _unreadable() from None
    try:
        sheet = workbook.worksheets[0]
        return list(
            _bounded(
                sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1)
            )
        )
    except ValidationError:
        raise
    except Exception:
        raise _unreadable() from None
    finally:
        workbook.close()


def _csv_rows(upload: Any) -> list[list[Any]]:
    upload.seek(0)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable() from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(_bounded(csv.reader(io.StringIO(text), delimiter=delimiter)))
    except csv.Error:
        raise _unreadable() from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _column_keys(header: list[Any]) -> list[str | None]:
    keys: list[str | None] = []
    by_label = {fold(label): key for key, label in COLUMNS}
    for cell in header:
        folded = fold(_text(cell))
        keys.append(by_label.get(folded) or HEADER_ALIASES.get(folded))
    missing = [LABELS[k] for k in REQUIRED_COLUMNS if k not in keys]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột: %(cols)s. Hãy dùng tệp mẫu.") % {"cols": ", ".join(missing)}
        )
    return keys


def _records(rows: list[list[Any]]) -> list[RosterRow]:
    if not rows:
        raise DomainError(_("Tệp không có dòng tiêu đề; hãy dùng tệp mẫu."))
    keys = _column_keys(rows[0])
    records: list[RosterRow] = []
    for number, values in enumerate(rows[1:], start=2):
        cells = {key: _text(value) for key, value in zip(keys, values, strict=False) if key}
        if not any(cells.values()):
            continue
        records.append(RosterRow(number=number, cells=cells))
    return records

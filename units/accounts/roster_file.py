"""A roster of people to onboard, read from an uploaded Excel (.xlsx) or CSV file.

As for the activity import, the file is read by common/workbooks.py within this module's
limits (its size, its inflated size, the rows and the columns; roster.py bounds each cell),
each limit with its own message. Every cell comes out as stripped text, keyed by its column.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from common.archives import ZipLimits
from common.exceptions import DomainError
from common.tables import header_sheet, safe_row
from common.text import fold
from common.workbooks import SheetLimits, read_csv, read_xlsx

MAX_FILE_SIZE = 2 * 1024 * 1024
ZIP_LIMITS = ZipLimits(max_members=100, max_bytes=10 * 1024 * 1024)
MAX_ROWS = 1000
MAX_COLUMNS = 26
MAX_CELL_CHARS = 255
LIMITS = SheetLimits(
    max_file_size=MAX_FILE_SIZE,
    zip_limits=ZIP_LIMITS,
    max_rows=MAX_ROWS,
    max_columns=MAX_COLUMNS,
    unreadable=gettext_lazy(
        "Không đọc được tệp. Hãy dùng tệp Excel (.xlsx) theo mẫu hoặc tệp CSV mã UTF-8."
    ),
    too_large=gettext_lazy("Tệp nặng %(mb).1f MB, vượt giới hạn %(max)s MB; hãy chia nhỏ."),
)

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
    sheet = header_sheet(workbook, "Người dùng", (header for _key, header in COLUMNS))
    sheet.append(safe_row(EXAMPLE_ROW))
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
    name = str(getattr(upload, "name", "")).lower()
    read = read_csv if name.endswith(".csv") else read_xlsx
    return _records(read(upload, LIMITS))


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

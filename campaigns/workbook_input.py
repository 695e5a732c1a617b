"""Reading an uploaded Excel workbook within what one import may cost a worker: the
limits of the activity import, read by common/workbooks.py (an .xlsx is a ZIP of XML: its
size, its real inflated size, the rows and the columns are bounded there), and the
length of each cell.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.archives import ZipLimits
from common.workbooks import SheetLimits, grouped, read_xlsx

MAX_FILE_SIZE = 5 * 1024 * 1024
# The template filled with 5,000 rows of long descriptions is about 3 MB of XML.
ZIP_LIMITS = ZipLimits(max_members=100, max_bytes=20 * 1024 * 1024)
MAX_ROWS = 5000
MAX_COLUMNS = 26  # A to Z; the template has 13
MAX_CELL_CHARS = 20_000  # as the activity form's description


LIMITS = SheetLimits(
    max_file_size=MAX_FILE_SIZE,
    zip_limits=ZIP_LIMITS,
    max_rows=MAX_ROWS,
    max_columns=MAX_COLUMNS,
    unreadable=gettext_lazy("Không đọc được tệp Excel (.xlsx). Hãy dùng tệp mẫu tải từ cổng."),
    too_large=gettext_lazy("Tệp Excel nặng %(mb).1f MB, vượt giới hạn %(max)s MB; hãy chia nhỏ."),
)


def read_rows(upload: Any) -> list[list[Any]]:
    """The first sheet's rows (values only), or a DomainError saying which limit."""
    return read_xlsx(upload, LIMITS)


def cell_too_long(value: Any, limit: int = MAX_CELL_CHARS) -> str | None:
    """The message for a text cell over `limit` characters, else None."""
    if isinstance(value, str) and len(value) > limit:
        return _("dài %(n)s ký tự, vượt giới hạn %(max)s") % {
            "n": grouped(len(value)),
            "max": grouped(limit),
        }
    return None

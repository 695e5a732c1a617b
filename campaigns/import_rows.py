"""One row of an activity workbook, read and checked: the columns a workbook has, each
cell parsed (dates dd/mm/yyyy, whole numbers, ids, channel codes), what the user may name, and
the activity service's own rules. `campaigns.spreadsheets.check` reads a file row by row with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.fields import parse_id
from common.validators import is_web_url
from directives.models import Assignment, Channel
from units.models import Unit

from .models import MAX_PEOPLE, MAX_QUANTITY
from .services import validate_activity
from .workbook_input import MAX_CELL_CHARS, cell_too_long

# As the activity form; any other cell may hold up to MAX_CELL_CHARS.
TEXT_LIMITS = {"title": 300, "place_text": 300, "links": 5000}
COLUMNS = [
    ("assignment", "Mã nhiệm vụ"),
    ("unit", "Mã đơn vị"),
    ("channel", "Mã hình thức"),
    ("title", "Tên hoạt động"),
    ("started_on", "Ngày thực hiện (dd/mm/yyyy)"),
    ("ended_on", "Đến ngày (dd/mm/yyyy)"),
    ("quantity", "Số lượng"),
    ("participants", "Số người tham dự"),
    ("reach", "Số người tiếp cận"),
    ("views", "Lượt xem"),
    ("place_text", "Địa điểm"),
    ("description", "Mô tả"),
    ("links", "Đường dẫn (cách nhau bởi dấu cách)"),
]
HEADERS = {header: key for key, header in COLUMNS}
LABELS = dict(COLUMNS)


REQUIRED_COLUMNS = ("assignment", "unit", "channel", "title", "started_on", "quantity")
PEOPLE_COLUMNS = ("participants", "reach", "views")


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", str(value))
    if not match:
        raise ValueError(_("không phải ngày dạng dd/mm/yyyy"))
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("ngày %(v)s không tồn tại") % {"v": str(value).strip()}) from None


def _int(value: Any, *, maximum: int, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise ValueError(_("bắt buộc"))
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not re.fullmatch(r"\s*\d+\s*", str(value)):
        raise ValueError(_("phải là số nguyên không âm"))
    number = int(str(value))
    if number > maximum:
        raise ValueError(_("quá lớn (tối đa %(max)s)") % {"max": f"{maximum:,}".replace(",", ".")})
    return number


@dataclass(frozen=True)
class RowChoices:
    """What the user may name in a row: their assignments of the plan, the units they
    report for, the active channels."""

    assignments: dict[int, Assignment]
    units: dict[int, Unit]
    channels: dict[str, Channel]


class _Cells:
    """One row's cells, read one field at a time; a cell that does not read is an error
    of that column (in the order the columns are read)."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.errors = _length_errors(record)

    def read(self, key: str, func: Callable[[Any], Any]) -> Any:
        try:
            return func(self.record.get(key))
        except ValueError as exc:
            self.errors[key] = str(exc)
            return None

    def text(self, key: str) -> str:
        return str(self.record.get(key) or "")


def check_row(
    record: dict[str, Any], choices: RowChoices
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """A row as the import will log it (None if it has errors), and its errors by column."""
    cells = _Cells(record)
    assignment = cells.read(
        "assignment",
        lambda v: _among(
            choices.assignments, parse_id(v), _("không có nhiệm vụ này trong kế hoạch")
        ),
    )
    unit = cells.read(
        "unit", lambda v: _among(choices.units, parse_id(v), _("bạn không ghi được cho đơn vị này"))
    )
    data = _activity_data(cells, choices)
    links = _links(cells)
    if not cells.errors and assignment and unit:
        _service_errors(cells.errors, data, assignment, unit)
    if cells.errors:
        return None, cells.errors
    row = {
        "assignment": assignment.pk,
        "unit": unit.pk,
        **data,
        "channel": data["channel"].code,
        "started_on": data["started_on"].isoformat(),
        "ended_on": data["ended_on"].isoformat() if data["ended_on"] else None,
        "links": links,
    }
    return {key: row[key] for key in _ROW_KEYS}, cells.errors


# The stored row's keys, in the order an import batch has always kept them.
_ROW_KEYS = (
    "assignment",
    "unit",
    "channel",
    "title",
    "started_on",
    "ended_on",
    "quantity",
    "description",
    "place_text",
    *PEOPLE_COLUMNS,
    "links",
)


def _activity_data(cells: _Cells, choices: RowChoices) -> dict[str, Any]:
    """The activity's fields as the service takes them (None where a cell did not read)."""
    channel = cells.read(
        "channel",
        lambda v: _among(choices.channels, str(v or "").strip(), _("không có hình thức này")),
    )
    title = cells.read(
        "title", lambda v: str(v).strip()[:300] if v not in (None, "") else _raise(_("bắt buộc"))
    )
    started = cells.read("started_on", lambda v: _date(v) or _raise(_("bắt buộc")))
    ended = cells.read("ended_on", _date)
    quantity = cells.read("quantity", lambda v: _int(v, maximum=MAX_QUANTITY, required=True))
    people = {
        k: cells.read(k, lambda v: _int(v, maximum=MAX_PEOPLE, required=False))
        for k in PEOPLE_COLUMNS
    }
    return {
        "channel": channel,
        "title": title,
        "started_on": started,
        "ended_on": ended,
        "quantity": quantity,
        "description": cells.text("description"),
        "place_text": cells.text("place_text")[:300],
        **people,
    }


def _links(cells: _Cells) -> list[str]:
    links = [part for part in cells.text("links").split() if part]
    for link in links:
        if not is_web_url(link):
            cells.errors["links"] = _("đường dẫn không hợp lệ: %(u)s") % {"u": link[:80]}
    return links


def _service_errors(
    errors: dict[str, str], data: dict[str, Any], assignment: Assignment, unit: Unit
) -> None:
    """The activity service's own rules, each on its column (else on the title)."""
    try:
        validate_activity(data, assignment, unit)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors[key if key in LABELS else "title"] = " ".join(messages)


def _length_errors(record: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for key, value in record.items():
        problem = cell_too_long(value, TEXT_LIMITS.get(key, MAX_CELL_CHARS))
        if problem:
            errors[key] = problem
    return errors


def _raise(message: str) -> Any:
    raise ValueError(message)


def _among[T](choices: dict[Any, T], key: Any, refusal: str) -> T:
    """The cell's choice among those the user may use (by id or code), else ValueError."""
    if key not in choices:
        raise ValueError(refusal)
    return choices[key]

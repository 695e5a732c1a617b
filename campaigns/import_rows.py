"""One row of an activity workbook, read and checked: the columns a workbook has, each
cell parsed (dates dd/mm/yyyy, whole numbers; assignments, units, channels and audiences by
name, accent- and case-insensitive, or by the ids and codes of older templates), what the
user may name, and the activity service's own rules. `campaigns.spreadsheets.check` reads a
file row by row with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.fields import parse_id
from common.text import fold
from common.validators import is_web_url
from directives.models import Assignment, AudienceGroup, Channel
from units.models import Unit

from .models import MAX_PEOPLE, MAX_QUANTITY
from .services import validate_activity
from .workbook_input import MAX_CELL_CHARS, cell_too_long

# As the activity form; any other cell may hold up to MAX_CELL_CHARS.
TEXT_LIMITS = {"title": 300, "place_text": 300, "links": 5000}
COLUMNS = [
    ("assignment", "Nhiệm vụ"),
    ("unit", "Đơn vị"),
    ("channel", "Hình thức"),
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
    ("audiences", "Đối tượng (cách nhau bởi dấu ;)"),
]
# Templates made before names replaced ids and codes are still read.
OLD_HEADERS = {"Mã nhiệm vụ": "assignment", "Mã đơn vị": "unit", "Mã hình thức": "channel"}
HEADERS = {header: key for key, header in COLUMNS} | OLD_HEADERS
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


def assignment_label(assignment: Assignment) -> str:
    return f"{assignment.label} {assignment.title}".strip()


def unit_labels(units: Iterable[Unit]) -> dict[int, str]:
    """Each unit's name, followed by its parent's where two units share a name (every ward
    has its own "Phòng Văn hóa - Xã hội"), so a drop-down entry names one unit."""
    units = list(units)
    seen: dict[str, int] = {}
    for unit in units:
        seen[fold(unit.name)] = seen.get(fold(unit.name), 0) + 1
    return {
        u.pk: f"{u.name} — {u.parent.name}" if seen[fold(u.name)] > 1 and u.parent else u.name
        for u in units
    }


class Names[T]:
    """Choices found by a folded name (any of several per choice), listing every candidate
    when a name fits more than one."""

    def __init__(self, items: Iterable[tuple[T, str, Iterable[str]]]) -> None:
        self.labels: dict[int, str] = {}
        self.by_name: dict[str, list[T]] = {}
        for item, label, names in items:
            self.labels[id(item)] = label
            for name in {fold(n) for n in (label, *names) if n}:
                self.by_name.setdefault(name, []).append(item)

    def find(self, text: str, refusal: str) -> T:
        found = self.by_name.get(fold(text), [])
        if len(found) > 1:
            raise ValueError(
                _(
                    "“%(v)s” trùng tên với %(n)s lựa chọn: %(names)s. "
                    "Hãy chọn đúng dòng trong danh sách."
                )
                % {
                    "v": text[:80],
                    "n": len(found),
                    "names": "; ".join(self.labels[id(f)] for f in found[:6]),
                }
            )
        if not found:
            raise ValueError(refusal)
        return found[0]


@dataclass(frozen=True)
class RowChoices:
    """What the user may name in a row: their assignments of the plan, the units they
    report for, the active channels, the audiences; by id or code, or by name."""

    assignments: dict[int, Assignment]
    units: dict[int, Unit]
    channels: dict[str, Channel]
    audiences: dict[str, AudienceGroup] = field(default_factory=dict)
    names: dict[str, Names[Any]] = field(init=False)

    def __post_init__(self) -> None:
        unit_names = unit_labels(self.units.values())
        object.__setattr__(
            self,
            "names",
            {
                "assignment": Names(
                    (a, assignment_label(a), [a.title]) for a in self.assignments.values()
                ),
                "unit": Names((u, unit_names[u.pk], [u.name]) for u in self.units.values()),
                "channel": Names((c, c.name, []) for c in self.channels.values()),
                "audiences": Names((g, g.name, [g.name_en]) for g in self.audiences.values()),
            },
        )

    def pick(self, kind: str, by_key: dict[Any, Any], key: Any, value: Any, refusal: str) -> Any:
        """The choice a cell names: by id or code first (older templates), else by name."""
        if key in by_key:
            return by_key[key]
        text = str(value if value is not None else "").strip()
        if not text:
            raise ValueError(_("bắt buộc"))
        return self.names[kind].find(text, refusal)


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
        lambda v: choices.pick(
            "assignment",
            choices.assignments,
            parse_id(v),
            v,
            _("không có nhiệm vụ này trong kế hoạch"),
        ),
    )
    unit = cells.read(
        "unit",
        lambda v: choices.pick(
            "unit", choices.units, parse_id(v), v, _("bạn không ghi được cho đơn vị này")
        ),
    )
    data = _activity_data(cells, choices)
    links = _links(cells)
    audiences = cells.read("audiences", lambda v: _audiences(v, choices))
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
        "audiences": [g.pk for g in audiences or []],
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
    "audiences",
)


def _activity_data(cells: _Cells, choices: RowChoices) -> dict[str, Any]:
    """The activity's fields as the service takes them (None where a cell did not read)."""
    channel = cells.read(
        "channel",
        lambda v: choices.pick(
            "channel", choices.channels, str(v or "").strip(), v, _("không có hình thức này")
        ),
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


def _audiences(value: Any, choices: RowChoices) -> list[AudienceGroup]:
    """Audiences named in one cell, separated by ";" or new lines (names hold commas)."""
    found = []
    for part in re.split(r"[;\n]", str(value or "")):
        if part.strip():
            found.append(
                choices.pick(
                    "audiences",
                    choices.audiences,
                    part.strip(),
                    part,
                    _("không có đối tượng “%(v)s”") % {"v": part.strip()[:80]},
                )
            )
    return found


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

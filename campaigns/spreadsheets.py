"""Activities in Excel: a template per plan, a checked import confirmed by the user, and
an export of any filtered list. Every imported row goes through the same service rules as
the form and the API."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from common.exceptions import DomainError
from common.fields import parse_id
from common.tables import safe_row
from common.types import Person, Viewer
from common.validators import is_web_url
from directives.models import Channel, Plan

from .choices import ImportStatus
from .models import MAX_PEOPLE, MAX_QUANTITY, Activity, ImportBatch
from .selectors import loggable_assignments, reportable_units
from .services import activity_log, validate_activity
from .workbook_input import MAX_CELL_CHARS, MAX_ROWS, cell_too_long, read_rows

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


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


LIST_HEADER = [
    "Mã nhiệm vụ",
    "Nhiệm vụ",
    "",
    "Mã đơn vị",
    "Đơn vị",
    "",
    "Mã hình thức",
    "Hình thức",
    "Đơn vị tính",
]


def template(*, plan: Plan, user: Viewer) -> bytes:
    """Every cell goes through safe_row: titles and names are typed by users, and one that
    starts with "=" would otherwise be a live formula in the reporter's Excel."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hoạt động"
    sheet.append(safe_row(header for _key, header in COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet("Danh mục")
    lists.append(safe_row(LIST_HEADER))
    assignments = list(loggable_assignments(user).filter(plan=plan))
    units = list(reportable_units(user).order_by("path")[:2000])
    channels = list(Channel.objects.filter(is_active=True))
    for i in range(max(len(assignments), len(units), len(channels))):
        row: list[Any] = [""] * 9
        if i < len(assignments):
            row[0:2] = [assignments[i].pk, f"{assignments[i].label} {assignments[i].title}".strip()]
        if i < len(units):
            row[3:5] = [units[i].pk, units[i].name]
        if i < len(channels):
            row[6:9] = [channels[i].code, channels[i].name, channels[i].measure]
        lists.append(safe_row(row))
    if channels:
        validation = DataValidation(
            type="list", formula1=f"='Danh mục'!$G$2:$G${len(channels) + 1}", allow_blank=True
        )
        sheet.add_data_validation(validation)
        validation.add(f"C2:C{MAX_ROWS + 1}")
    for column, width in zip(
        "ABCDEFGHIJKLM", (12, 10, 16, 40, 16, 16, 10, 12, 12, 10, 24, 40, 40), strict=True
    ):
        sheet.column_dimensions[column].width = width
    return _save(workbook)


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


def check(*, plan: Plan, user: Person, upload: Any) -> ImportBatch:
    """Read and validate every row; nothing is imported until the user confirms."""
    all_rows = read_rows(upload)
    rows = iter(all_rows)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    keys = [HEADERS.get(h) for h in header]
    missing = [
        LABELS[k]
        for k in ("assignment", "unit", "channel", "title", "started_on", "quantity")
        if k not in keys
    ]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột: %(cols)s. Hãy dùng tệp mẫu.") % {"cols": ", ".join(missing)}
        )
    assignments = {
        a.pk: a for a in loggable_assignments(user).filter(plan=plan).prefetch_related("units")
    }
    units = {u.pk: u for u in reportable_units(user)}
    channels = {c.code: c for c in Channel.objects.filter(is_active=True)}
    valid: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for number, values in enumerate(rows, start=2):
        record = {key: value for key, value in zip(keys, values, strict=False) if key}
        if all(v in (None, "") for v in record.values()):
            continue
        row_errors = _length_errors(record)

        def parse(
            key: str,
            func: Any,
            record: dict[str, Any] = record,
            row_errors: dict[str, str] = row_errors,
        ) -> Any:
            try:
                return func(record.get(key))
            except ValueError as exc:
                row_errors[key] = str(exc)
                return None

        assignment = parse(
            "assignment",
            lambda v: _among(assignments, parse_id(v), _("không có nhiệm vụ này trong kế hoạch")),
        )
        unit = parse(
            "unit", lambda v: _among(units, parse_id(v), _("bạn không ghi được cho đơn vị này"))
        )
        channel = parse(
            "channel",
            lambda v: _among(channels, str(v or "").strip(), _("không có hình thức này")),
        )
        title = parse(
            "title",
            lambda v: str(v).strip()[:300] if v not in (None, "") else _raise(_("bắt buộc")),
        )
        started = parse("started_on", lambda v: _date(v) or _raise(_("bắt buộc")))
        ended = parse("ended_on", _date)
        quantity = parse("quantity", lambda v: _int(v, maximum=MAX_QUANTITY, required=True))
        people = {
            k: parse(k, lambda v: _int(v, maximum=MAX_PEOPLE, required=False))
            for k in ("participants", "reach", "views")
        }
        links = [part for part in str(record.get("links") or "").split() if part]
        for link in links:
            if not is_web_url(link):
                row_errors["links"] = _("đường dẫn không hợp lệ: %(u)s") % {"u": link[:80]}
        data = {
            "channel": channel,
            "title": title,
            "started_on": started,
            "ended_on": ended,
            "quantity": quantity,
            "description": str(record.get("description") or ""),
            "place_text": str(record.get("place_text") or "")[:300],
            **people,
        }
        if not row_errors and assignment and unit:
            try:
                validate_activity(data, assignment, unit)
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    row_errors[key if key in LABELS else "title"] = " ".join(messages)
        for key, message in row_errors.items():
            errors.append({"row": number, "column": LABELS.get(key, key), "message": message})
        if not row_errors:
            valid.append(
                {
                    "row": number,
                    "assignment": assignment.pk,
                    "unit": unit.pk,
                    "channel": channel.code,
                    "title": title,
                    "started_on": started.isoformat(),
                    "ended_on": ended.isoformat() if ended else None,
                    "quantity": quantity,
                    "description": data["description"],
                    "place_text": data["place_text"],
                    **people,
                    "links": links,
                }
            )
    return ImportBatch.objects.create(
        plan=plan,
        created_by=user,
        file_name=str(getattr(upload, "name", ""))[:255],
        rows=valid,
        errors=errors,
    )


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


@transaction.atomic
def confirm(*, batch: ImportBatch, user: Person) -> int:
    """Import the checked rows, once: a second confirm changes nothing."""
    if not ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.IMPORTED
    ):
        raise DomainError(_("Tệp này đã được nhập hoặc đã bỏ."))
    assignments = {a.pk: a for a in loggable_assignments(user).filter(plan=batch.plan)}
    units = {u.pk: u for u in reportable_units(user)}
    channels = {c.code: c for c in Channel.objects.all()}
    for row in batch.rows:
        if row["assignment"] not in assignments or row["unit"] not in units:
            raise PermissionDenied(_("Quyền của bạn đã thay đổi; hãy tải tệp lên lại."))
        activity_log(
            user=user,
            assignment=assignments[row["assignment"]],
            unit=units[row["unit"]],
            data={
                "channel": channels[row["channel"]],
                "title": row["title"],
                "started_on": date.fromisoformat(row["started_on"]),
                "ended_on": date.fromisoformat(row["ended_on"]) if row["ended_on"] else None,
                "quantity": row["quantity"],
                "participants": row["participants"],
                "reach": row["reach"],
                "views": row["views"],
                "description": row["description"],
                "place_text": row["place_text"],
            },
            links=row["links"],
        )
    return len(batch.rows)


def export(activities: QuerySet[Activity]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoạt động")
    sheet.append(
        safe_row(
            [
                "ID",
                "Kế hoạch",
                "Nhiệm vụ",
                "Đơn vị",
                "Hình thức",
                "Đơn vị tính",
                "Tên hoạt động",
                "Ngày thực hiện",
                "Đến ngày",
                "Số lượng",
                "Số người tham dự",
                "Số người tiếp cận",
                "Lượt xem",
                "Địa điểm",
                "Mô tả",
            ]
        )
    )
    for activity in activities.select_related(
        "plan__document", "assignment", "unit", "channel"
    ).iterator(chunk_size=2000):
        sheet.append(
            safe_row(
                [
                    activity.pk,
                    str(activity.plan.document),
                    activity.assignment.title,
                    activity.unit.name,
                    activity.channel.name,
                    activity.channel.measure,
                    activity.title,
                    activity.started_on.strftime("%d/%m/%Y"),
                    activity.ended_on.strftime("%d/%m/%Y") if activity.ended_on else "",
                    activity.quantity,
                    activity.participants,
                    activity.reach,
                    activity.views,
                    activity.place_text,
                    activity.description,
                ]
            )
        )
    return _save(workbook)

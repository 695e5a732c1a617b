"""Activities in Excel: a template per plan, a checked import confirmed by the user, and
an export of any filtered list. Every imported row goes through the same service rules as
the form and the API."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from common.exceptions import DomainError
from common.tables import header_sheet, safe_row
from common.types import Person, Viewer
from directives.models import AudienceGroup, Channel, Plan

from .choices import ImportStatus
from .import_rows import (
    COLUMNS,
    HEADERS,
    LABELS,
    REQUIRED_COLUMNS,
    RowChoices,
    assignment_label,
    check_row,
    unit_labels,
)
from .models import Activity, ImportBatch
from .selectors import loggable_assignments, reportable_units
from .services import activity_log
from .workbook_input import MAX_ROWS, read_rows


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
    "",
    "Mã đối tượng",
    "Đối tượng",
]
# The hidden list sheet's column of names for each drop-down of the main sheet, and
# whether the drop-down refuses what is not in it (audiences take several, so typing is free).
DROP_DOWNS = (("A", "B", True), ("B", "E", True), ("C", "H", True), ("N", "L", False))
WIDTHS = (40, 40, 30, 40, 16, 16, 10, 12, 12, 10, 24, 40, 40, 40)


def template(*, plan: Plan, user: Viewer) -> bytes:
    """The first sheet takes names picked from drop-downs that list only what this user may
    name (their assignments of the plan, the units they report for, active channels, the
    audiences), kept on a hidden sheet. Every cell goes through safe_row: titles and names
    are typed by users, and one that starts with "=" would otherwise be a live formula."""
    workbook = Workbook()
    sheet = header_sheet(workbook, "Hoạt động", (header for _key, header in COLUMNS))
    lists = workbook.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    lists.append(safe_row(LIST_HEADER))
    counts = _write_lists(lists, plan=plan, user=user)
    for (column, source, strict), count in zip(DROP_DOWNS, counts, strict=True):
        if count:
            validation = DataValidation(
                type="list",
                formula1=f"='Danh mục'!${source}$2:${source}${count + 1}",
                allow_blank=True,
                showErrorMessage=strict,
                errorTitle=_("Không có trong danh sách"),
                error=_("Hãy chọn một dòng trong danh sách."),
            )
            sheet.add_data_validation(validation)
            validation.add(f"{column}2:{column}{MAX_ROWS + 1}")
    for column, width in zip("ABCDEFGHIJKLMN", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    return _save(workbook)


def _write_lists(lists: Any, *, plan: Plan, user: Viewer) -> tuple[int, int, int, int]:
    """The hidden sheet: ids or codes beside the names (older files and the curious)."""
    assignments = list(loggable_assignments(user).filter(plan=plan))
    units = list(reportable_units(user).select_related("parent").order_by("path")[:2000])
    labels = unit_labels(units)
    channels = list(Channel.objects.filter(is_active=True))
    audiences = list(AudienceGroup.objects.order_by("position", "name"))
    for i in range(max(len(assignments), len(units), len(channels), len(audiences))):
        row: list[Any] = [""] * 12
        if i < len(assignments):
            row[0:2] = [assignments[i].pk, assignment_label(assignments[i])]
        if i < len(units):
            row[3:5] = [units[i].pk, labels[units[i].pk]]
        if i < len(channels):
            row[6:9] = [channels[i].code, channels[i].name, channels[i].measure]
        if i < len(audiences):
            row[10:12] = [audiences[i].code, audiences[i].name]
        lists.append(safe_row(row))
    return len(assignments), len(units), len(channels), len(audiences)


def check(*, plan: Plan, user: Person, upload: Any) -> ImportBatch:
    """Read and validate every row; nothing is imported until the user confirms."""
    rows = iter(read_rows(upload))
    keys = _column_keys(next(rows, []))
    choices = RowChoices(
        assignments={
            a.pk: a for a in loggable_assignments(user).filter(plan=plan).prefetch_related("units")
        },
        units={u.pk: u for u in reportable_units(user).select_related("parent")},
        channels={c.code: c for c in Channel.objects.filter(is_active=True)},
        audiences={g.code: g for g in AudienceGroup.objects.all()},
    )
    valid: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for number, values in enumerate(rows, start=2):
        record = {key: value for key, value in zip(keys, values, strict=False) if key}
        if all(v in (None, "") for v in record.values()):
            continue
        row, row_errors = check_row(record, choices)
        errors.extend(
            {"row": number, "column": LABELS.get(key, key), "message": message}
            for key, message in row_errors.items()
        )
        if row is not None:
            valid.append({"row": number, **row})
    return ImportBatch.objects.create(
        plan=plan,
        created_by=user,
        file_name=str(getattr(upload, "name", ""))[:255],
        rows=valid,
        errors=errors,
    )


def _column_keys(header_cells: Any) -> list[str | None]:
    """The field of each column, by its header; refuses a file without the required ones."""
    header = [str(h).strip() if h is not None else "" for h in header_cells]
    keys = [HEADERS.get(h) for h in header]
    missing = [LABELS[k] for k in REQUIRED_COLUMNS if k not in keys]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột: %(cols)s. Hãy dùng tệp mẫu.") % {"cols": ", ".join(missing)}
        )
    return keys


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
    audiences = {g.pk: g for g in AudienceGroup.objects.all()}
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
            audiences=[audiences[pk] for pk in row.get("audiences", []) if pk in audiences],
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

"""Each dashboard panel as a table (title, header, rows) for XLSX and CSV export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from . import selectors

PanelTable = tuple[str, list[str], list[list[Any]]]  # sheet title, header, rows


def _coverage_row(r: selectors.CoverageRow) -> list[Any]:
    return [
        r.unit.name,
        r.unit.get_kind_display(),
        r.assigned_by.reference if r.assigned_by else "",
        "Có" if r.plan else "Chưa",
        r.plan.reference if r.plan else "",
        r.plan.issued_on.isoformat() if r.plan and r.plan.issued_on else "",
        r.lag if r.lag is not None else "",
    ]


def _coverage(scope: selectors.Scope) -> PanelTable:
    return (
        "Bao phu",
        ["Đơn vị", "Cấp", "Được giao tại", "Đã ban hành", "Số, ký hiệu", "Ngày", "Chậm (ngày)"],
        [_coverage_row(r) for r in selectors.coverage(scope).rows],
    )


def _channels(scope: selectors.Scope) -> PanelTable:
    rows = selectors.activities_by_channel(scope)
    return (
        "Hinh thuc",
        ["Hình thức", "Đơn vị tính", "Số hoạt động", "Số lượng", "Người tham dự", "Tiếp cận"],
        [
            [
                r["channel_name"],
                r["measure"],
                r["count"],
                r["quantity"],
                r["participants"],
                r["reach"],
            ]
            for r in rows
        ],
    )


def _units(scope: selectors.Scope) -> PanelTable:
    rows = selectors.activities_by_unit(scope, selectors.rows_of(scope))
    return (
        "Don vi",
        ["Đơn vị", "Số hoạt động", "Số lượng", "Người tham dự", "Tiếp cận"],
        [[r["name"], r["count"], r["quantity"], r["participants"], r["reach"]] for r in rows],
    )


def _months(scope: selectors.Scope) -> PanelTable:
    rows = selectors.activities_by_month(scope)
    return (
        "Thang",
        ["Tháng", "Số hoạt động", "Số lượng", "Người tham dự", "Tiếp cận"],
        [[r["month"], r["count"], r["quantity"], r["participants"], r["reach"]] for r in rows],
    )


def _timeliness(scope: selectors.Scope) -> PanelTable:
    rows = selectors.timeliness_detail(scope, selectors.rows_of(scope))
    return (
        "Dung han",
        ["Đơn vị", "Kỳ", "Đúng hạn", "Muộn", "Chưa đến hạn", "Quá hạn"],
        [
            [r["name"], r["period"], r["on_time"], r["late"], r["not_due"], r["overdue"]]
            for r in rows
        ],
    )


def _overdue(scope: selectors.Scope) -> PanelTable:
    deadlines, _total = selectors.overdue(scope)
    return (
        "Qua han",
        ["Đơn vị", "Kế hoạch", "Kỳ", "Hạn", "Quá hạn (ngày)"],
        [
            [
                d.unit.name,
                str(d.duty.plan.document),
                d.period_label,
                d.effective.isoformat(),
                (timezone.localdate() - d.effective).days,
            ]
            for d in deadlines
        ],
    )


TABLES: dict[str, Callable[[selectors.Scope], PanelTable]] = {
    "coverage": _coverage,
    "channels": _channels,
    "units": _units,
    "months": _months,
    "timeliness": _timeliness,
    "overdue": _overdue,
}
PANELS = tuple(TABLES)


def panel_table(panel: str, scope: selectors.Scope) -> PanelTable:
    """The panel's table; an unknown panel gives the overdue one (the view checks PANELS)."""
    return TABLES.get(panel, _overdue)(scope)

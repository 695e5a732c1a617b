"""Each dashboard panel as a table (title, header, rows) for XLSX and CSV export."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import selectors

PANELS = ("coverage", "channels", "units", "months", "timeliness", "overdue")


def panel_table(panel: str, scope: selectors.Scope) -> tuple[str, list[str], list[list[Any]]]:
    if panel == "coverage":
        result = selectors.coverage(scope)
        return (
            "Bao phu",
            ["Đơn vị", "Cấp", "Được giao tại", "Đã ban hành", "Số, ký hiệu", "Ngày", "Chậm (ngày)"],
            [
                [
                    r.unit.name,
                    r.unit.get_kind_display(),
                    r.assigned_by.reference if r.assigned_by else "",
                    "Có" if r.plan else "Chưa",
                    r.plan.reference if r.plan else "",
                    r.plan.issued_on.isoformat() if r.plan and r.plan.issued_on else "",
                    r.lag if r.lag is not None else "",
                ]
                for r in result.rows
            ],
        )
    if panel == "channels":
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
    if panel == "units":
        rows = selectors.activities_by_unit(scope, selectors.rows_of(scope))
        return (
            "Don vi",
            ["Đơn vị", "Số hoạt động", "Số lượng", "Người tham dự", "Tiếp cận"],
            [[r["name"], r["count"], r["quantity"], r["participants"], r["reach"]] for r in rows],
        )
    if panel == "months":
        rows = selectors.activities_by_month(scope)
        return (
            "Thang",
            ["Tháng", "Số hoạt động", "Số lượng", "Người tham dự", "Tiếp cận"],
            [[r["month"], r["count"], r["quantity"], r["participants"], r["reach"]] for r in rows],
        )
    if panel == "timeliness":
        rows = selectors.timeliness_detail(scope, selectors.rows_of(scope))
        return (
            "Dung han",
            ["Đơn vị", "Kỳ", "Đúng hạn", "Muộn", "Chưa đến hạn", "Quá hạn"],
            [
                [r["name"], r["period"], r["on_time"], r["late"], r["not_due"], r["overdue"]]
                for r in rows
            ],
        )
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

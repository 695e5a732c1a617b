"""Field rules shared by forms, serializers and loaders."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import DutyRule


def validate_duty_rule(
    *, rule: str, due_on: date | None, day: int | None, month: int | None
) -> None:
    """Refuse a reporting rule that cannot happen (31/02, day 0, a one-off with no date)."""
    errors: dict[str, str] = {}
    if rule not in DutyRule.values:
        errors["rule"] = _("Chu kỳ báo cáo không hợp lệ.")
    if day is not None and not 1 <= day <= 31:
        errors["day"] = _("Ngày phải từ 1 đến 31.")
    if month is not None and not 1 <= month <= 12:
        errors["month"] = _("Tháng phải từ 1 đến 12.")
    if rule == DutyRule.ONCE and due_on is None:
        errors["due_on"] = _("Báo cáo một lần cần có hạn cụ thể.")
    if rule == DutyRule.ANNUAL:
        _check_annual_date(errors, day=day, month=month)
    if errors:
        raise ValidationError(errors)


def _check_annual_date(errors: dict[str, str], *, day: int | None, month: int | None) -> None:
    """Add to `errors` what an annual rule lacks: a day, a month, a date that exists.

    An error already found for the day or the month wins over the ones added here."""
    if day is None:
        errors.setdefault("day", _("Báo cáo hằng năm cần có ngày."))
    if month is None:
        errors.setdefault("month", _("Báo cáo hằng năm cần có tháng."))
    if "day" in errors or "month" in errors or not (day and month):
        return
    try:
        date(2000, month, day)  # a leap year: 29/02 exists, 31/02 does not
    except ValueError:
        errors["day"] = _("Ngày %(day)02d/%(month)02d không tồn tại.") % {
            "day": day,
            "month": month,
        }


def validate_partial_date(*, year: int | None, month: int | None, day: int | None) -> None:
    """A date known in part (ngày   tháng 3 năm 2025) must still be possible."""
    if month is not None and not 1 <= month <= 12:
        raise ValidationError({"issued_month": _("Tháng phải từ 1 đến 12.")})
    if day is not None and year is not None and month is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise ValidationError(
                {
                    "issued_on": _("Ngày %(d)s/%(m)s/%(y)s không tồn tại.")
                    % {"d": day, "m": month, "y": year}
                }
            ) from None

"""Vietnamese date formats of official documents (Decree 30/2020, Appendix I §II.4)."""

from __future__ import annotations

from datetime import date


def vn_long_date(value: date) -> str:
    """ "ngày 05 tháng 3 năm 2025": leading zero for days below 10 and months 1-2."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def vn_short_date(value: date) -> str:
    """ "13/02/2025", as documents cite each other."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"

"""English keeps the Vietnamese way of writing dates: day first (dd/mm/yyyy), as in the
documents the portal prints, never the American month first."""

from common.widgets_dates import DATE_INPUT_FORMATS as _DATES

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = _DATES
DATETIME_INPUT_FORMATS = [f"{f} %H:%M:%S" for f in _DATES] + [f"{f} %H:%M" for f in _DATES] + _DATES

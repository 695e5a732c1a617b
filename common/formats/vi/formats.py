"""Vietnamese dates: Django's own formats, with short dates and every date input read as
dd/mm/yyyy (ISO still accepted)."""

from common.widgets_dates import DATE_INPUT_FORMATS as _DATES

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = _DATES
DATETIME_INPUT_FORMATS = [f"{f} %H:%M:%S" for f in _DATES] + [f"{f} %H:%M" for f in _DATES] + _DATES

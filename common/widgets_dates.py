"""Dates typed and shown as dd/mm/yyyy whatever the browser's language.

A native `<input type=date>` follows the browser's locale (mm/dd/yyyy in an English
browser), so every date in the portal is a text input with a numeric keypad, a
"dd/mm/yyyy" placeholder and a small script (`static/js/dates.js`) that adds the slashes
as the user types. The server reads day first; ISO dates (from the API, old links and
bookmarks) are still accepted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_DISPLAY_FORMAT = "%d/%m/%Y"
# Day first always: "07/03/2027" is 7 March 2027 in Vietnamese and in English.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class PortalDateInput(forms.DateInput):
    """A text input that shows and takes dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "placeholder": _("dd/mm/yyyy"),
            "autocomplete": "off",
            "maxlength": "10",
            "data-date-input": "",
            "class": "form-control",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=format or DATE_DISPLAY_FORMAT)


class PortalDateField(forms.DateField):
    """A DateField that takes day-first dates, with the portal's date input."""

    widget = PortalDateInput
    input_formats = DATE_INPUT_FORMATS


def use_portal_dates() -> None:
    """Give every plain `forms.DateField` (django-filter's DateFilter included) the portal's
    input, so a form written later cannot forget it; the formats modules in
    `common/formats/` make DATE_INPUT_FORMATS day-first in every language. Fields that
    name their own widget (the admin's calendar) keep it."""
    forms.DateField.widget = PortalDateInput

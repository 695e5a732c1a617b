"""Dates are day first in both languages: every plain DateField (the filters' too) takes
"07/03/2027" as 7 March 2027 and shows it back so, and English pages print dd/mm/yyyy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from campaigns.filtersets import ActivityFilterSet
from common.widgets_dates import PortalDateInput


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_plain_date_field_reads_and_shows_day_first(language: str) -> None:
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("07/03/2027") == date(2027, 3, 7)
        assert field.clean("2027-03-07") == date(2027, 3, 7)  # ISO links still work
        html = field.widget.render("on", date(2027, 3, 7))
    assert isinstance(field.widget, PortalDateInput)
    assert 'type="text"' in html and 'value="07/03/2027"' in html
    assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html


def test_english_pages_print_dates_day_first() -> None:
    with translation.override("en"):
        assert formats.date_format(date(2027, 3, 7)) == "07/03/2027"
        assert formats.date_format(date(2027, 3, 7), "SHORT_DATE_FORMAT") == "07/03/2027"
        assert Template("{{ d }}").render(Context({"d": date(2027, 3, 7)})) == "07/03/2027"
    with translation.override("vi"):
        assert formats.date_format(date(2027, 3, 7), "SHORT_DATE_FORMAT") == "07/03/2027"


@pytest.mark.django_db
def test_the_list_filters_use_the_day_first_input() -> None:
    filterset = ActivityFilterSet(data={"date_from": "07/03/2027"})
    assert isinstance(filterset.form.fields["date_from"].widget, PortalDateInput)
    assert filterset.form.is_valid() and filterset.form.cleaned_data["date_from"] == date(
        2027, 3, 7
    )


def test_every_date_input_is_marked_for_the_calendar() -> None:
    """static/js/dates.js attaches the vendored calendar to inputs with data-date-input;
    every page loads it (with its Vietnamese labels) from the portal's own files."""
    html = forms.DateField().widget.render("on", None)
    assert "data-date-input" in html
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    vendor = Path(settings.BASE_DIR) / "static" / "vendor" / "vanillajs-datepicker"
    for name in ("datepicker.min.js", "datepicker-bs5.min.css", "locales/vi.js"):
        assert f"vendor/vanillajs-datepicker/{name}" in base
        assert (vendor / name).is_file()

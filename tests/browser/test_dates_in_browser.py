"""In a browser set to American English, a date field still shows and takes dd/mm/yyyy:
a ward reporter types 07/03/2027 and the activity is saved as 7 March 2027, shown back as
07/03/2027 in English and in Vietnamese."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from campaigns.models import Activity
from tests.browser.axe import axe_violations, new_checked_context
from tests.browser.conftest import artifact
from tests.builders import member, ward_assignment
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPRING_2027 = datetime(2027, 4, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_an_english_browser_types_a_day_first_date(seeded_live_server: Any, browser: Any) -> None:
    member("phuongkylua", "ky-lua/ubnd", Role.REPORTER, password="mat-khau-123")
    assignment = ward_assignment()
    base = seeded_live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(20_000)
    with time_machine.travel(SPRING_2027, tick=True):
        try:
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", "phuongkylua")
            page.fill("#id_password", "mat-khau-123")
            page.press("#id_password", "Enter")  # the page is in English: no button text
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/activities/new/?assignment={assignment.pk}")
            started = page.locator("#id_started_on")
            assert started.get_attribute("type") == "text"
            assert started.get_attribute("inputmode") == "numeric"
            assert started.get_attribute("placeholder") == "dd/mm/yyyy"
            page.select_option("#id_channel", index=1)
            page.fill("#id_title", "Loa phường tháng 3")
            started.click()
            started.press_sequentially("07032027")  # the slashes come by themselves
            assert started.input_value() == "07/03/2027"
            page.fill("#id_quantity", "2")
            page.locator("input[name=audiences]").first.check()
            page.screenshot(path=str(artifact("date-en-us.png")))
            page.click("[data-testid=save-activity]")
            page.wait_for_url("**/activities/*/")
            assert "07/03/2027" in page.inner_text("main")
        finally:
            context.close()
    activity = Activity.objects.get(title="Loa phường tháng 3")
    assert activity.started_on == date(2027, 3, 7)


def _sign_in_to_activity_form(page: Any, base: str, assignment_pk: int) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "phuongkylua")
    page.fill("#id_password", "mat-khau-123")
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/activities/new/?assignment={assignment_pk}")


@pytest.mark.parametrize(
    ("locale", "today", "monday"), [("en-US", "Today", "Mo"), ("vi-VN", "Hôm nay", "T2")]
)
def test_a_date_is_picked_from_the_calendar(
    seeded_live_server: Any, browser: Any, locale: str, today: str, monday: str
) -> None:
    """The calendar opens on the date field in the page's language, Monday first; a day
    picked with the keyboard or the mouse is written dd/mm/yyyy and saved; the policy
    blocks nothing the picker does."""
    member("phuongkylua", "ky-lua/ubnd", Role.REPORTER, password="mat-khau-123")
    assignment = ward_assignment()
    base = seeded_live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20_000)
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    title = f"Loa phường ({locale})"
    with time_machine.travel(SPRING_2027, tick=True):
        try:
            _sign_in_to_activity_form(page, base, assignment.pk)
            page.select_option("#id_channel", index=1)
            page.fill("#id_title", title)
            started = page.locator("#id_started_on")
            started.click()
            picker = page.locator(".datepicker.active")
            assert picker.is_visible()
            assert picker.locator(".today-button").inner_text() == today
            assert picker.locator(".days-of-week .dow").first.inner_text() == monday
            page.screenshot(path=str(artifact(f"datepicker-{locale}.png")))
            started.press_sequentially("01032027")  # typing still works with the calendar open
            assert started.input_value() == "01/03/2027"
            started.press("Enter")  # takes the typed date, does not send the form
            assert "/activities/new/" in page.url
            started.click()  # the calendar opens on March 2027
            started.press("ArrowDown")
            started.press("ArrowRight")
            started.press("Enter")
            assert started.input_value() == "09/03/2027"
            started.click()
            page.locator(
                ".datepicker.active .datepicker-cell.day:not(.prev):not(.next)"
            ).get_by_text("15", exact=True).click()
            assert started.input_value() == "15/03/2027"
            page.fill("#id_quantity", "2")
            page.locator("input[name=audiences]").first.check()
            page.click("[data-testid=save-activity]")
            page.wait_for_url("**/activities/*/")
            assert "15/03/2027" in page.inner_text("main")
        finally:
            context.close()
    assert blocked == []
    assert Activity.objects.get(title=title).started_on == date(2027, 3, 15)


def test_text_the_calendar_cannot_read_is_left_for_the_server(
    seeded_live_server: Any, browser: Any
) -> None:
    """An impossible date typed is not swapped for another by the calendar: the form says
    what is wrong."""
    member("phuongkylua", "ky-lua/ubnd", Role.REPORTER, password="mat-khau-123")
    assignment = ward_assignment()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    with time_machine.travel(SPRING_2027, tick=True):
        try:
            _sign_in_to_activity_form(page, seeded_live_server.url, assignment.pk)
            started = page.locator("#id_started_on")
            started.click()
            started.press_sequentially("31022027")
            page.locator("#id_title").click()
            assert started.input_value() == "31/02/2027"
        finally:
            context.close()


def test_the_open_calendar_passes_axe(seeded_live_server: Any, browser: Any) -> None:
    member("phuongkylua", "ky-lua/ubnd", Role.REPORTER, password="mat-khau-123")
    assignment = ward_assignment()
    context = new_checked_context(browser)
    page = context.new_page()
    page.set_default_timeout(20_000)
    with time_machine.travel(SPRING_2027, tick=True):
        try:
            _sign_in_to_activity_form(page, seeded_live_server.url, assignment.pk)
            page.locator("#id_started_on").click()
            assert page.locator(".datepicker.active").is_visible()
            assert axe_violations(page) == []
        finally:
            context.close()

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

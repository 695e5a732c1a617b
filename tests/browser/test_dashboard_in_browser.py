"""The Hưng Yên leader opens the dashboard in Chromium: the coverage of 57-NQ/TW, a chart
drawn by the vendored Chart.js, and a drill-down into one unit; screenshots are saved."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import artifact, login
from tests.builders import member
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_opens_the_dashboard_and_drills_down(seeded_live_server: Any, page: Any) -> None:
    member("lanhdao-hy", "2025:33", Role.LEADER, password="mat-khau-123")
    base = seeded_live_server.url
    login(page, base, "lanhdao-hy")
    page.click("nav >> text=Điều hành")
    page.wait_for_selector("[data-testid=panel-coverage]")
    assert "57-NQ/TW" in page.inner_text("[data-testid=dashboard-filter]")
    # The seeds' Hưng Yên plans assign districts abolished on 30/6/2025: today no unit is
    # expected to answer them; the period before the reform shows them as they existed.
    assert page.inner_text("[data-testid=coverage-percent]").strip() == "—"
    page.goto(f"{base}/dashboard/?date_to=2025-06-30")
    page.wait_for_selector("[data-testid=panel-coverage]")
    assert page.inner_text("[data-testid=coverage-percent]").strip().endswith("%")
    page.wait_for_selector("#chart-channels[data-rendered='1']")
    assert page.evaluate("document.getElementById('chart-levels').width") > 0
    page.screenshot(path=str(artifact("dashboard-hung-yen.png")), full_page=True)
    first = page.locator("[data-testid=coverage-rows] tbody a").first
    name = first.inner_text()
    first.click()
    page.wait_for_selector("[data-testid=drill-path]")
    assert name in page.inner_text("h1")
    assert "Hưng Yên" in page.inner_text("[data-testid=drill-path]")
    page.screenshot(path=str(artifact("dashboard-drill-down.png")), full_page=True)

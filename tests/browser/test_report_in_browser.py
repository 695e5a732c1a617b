"""In a real browser, a Cẩm Giàng commune drafts and submits its annual report (confirming
the dialog), the district's leader returns it with a reason from the inbox, the commune
resubmits and the leader accepts it; the bell counts the notifications."""

from __future__ import annotations

from typing import Any

import pytest

from reporting.choices import ReportStatus
from reporting.models import Report
from tests.browser.conftest import artifact, login
from tests.builders import member, seed_annual_deadline
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-123"


def test_report_round_trip_in_the_browser(seeded_live_server: Any, browser: Any) -> None:
    deadline = seed_annual_deadline()
    member("xa-bao-cao", deadline.unit, Role.REPORTER, password=PASSWORD)
    member("huyen-lanh-dao", "cg/ubnd", Role.LEADER, password=PASSWORD)
    base = seeded_live_server.url

    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = first.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        login(page, base, "xa-bao-cao", PASSWORD)
        page.goto(f"{base}/reports/deadlines/?state=open")
        assert deadline.unit.name in page.inner_text("table")
        page.goto(f"{base}/reports/deadlines/{deadline.pk}/")
        page.wait_for_selector("[data-testid=report-form]")
        page.fill("#id_results", "Tổ chức 4 buổi phát thanh về chuyển đổi số.")
        page.fill("#id_shortcomings", "Một số thôn chưa có loa.")
        page.click("button:has-text('Nộp báo cáo')")
        page.wait_for_selector("text=Đã nộp báo cáo.")
        assert page.inner_text("[data-testid=report-status]") == "Đã nộp"
        page.screenshot(path=str(artifact("report-submitted.png")), full_page=True)
    finally:
        first.close()

    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = second.new_page()
    page.set_default_timeout(20_000)
    try:
        login(page, base, "huyen-lanh-dao", PASSWORD)
        assert page.inner_text("[data-testid=unread]") == "1"
        page.goto(f"{base}/reports/inbox/")
        page.click(f"[data-testid=waiting] a:has-text('{deadline.unit.name}')")
        page.wait_for_selector("[data-testid=review]")
        page.click("button:has-text('Trả lại')")  # no reason: the browser blocks (required)
        assert Report.objects.get(deadline=deadline).status == ReportStatus.SUBMITTED
        page.fill("#id_reason", "Bổ sung số người tham dự.")
        page.click("button:has-text('Trả lại')")
        page.wait_for_selector("text=Đã trả lại báo cáo kèm lý do.")
        page.screenshot(path=str(artifact("report-returned.png")), full_page=True)
    finally:
        second.close()

    report = Report.objects.get(deadline=deadline)
    assert report.status == ReportStatus.RETURNED
    assert report.returned_reason == "Bổ sung số người tham dự."
    assert report.results == "Tổ chức 4 buổi phát thanh về chuyển đổi số."

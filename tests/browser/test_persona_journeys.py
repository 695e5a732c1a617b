"""Each demo persona walks, in Chromium, the journey `load_demo` prepared for it (see
demo/work.py), at the demo's today (20/11/2026); axe-core checks every page visited and
finds no serious or critical WCAG A/AA violation."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from campaigns.models import Activity
from demo.work import WORK_TITLE
from directives.choices import DocumentStatus
from directives.models import Document
from reporting.choices import ReportStatus
from reporting.models import Deadline, Notification, Report
from tests.browser.axe import new_checked_context
from tests.browser.conftest import artifact
from tests.browser.demo_site import DEMO_NOW, LAPTOP, PHONE, AxeRecorder, demo_loaded, sign_in
from units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(
    seeded_transactional_db: None, live_server: Any, settings: Any, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """The live server's address over the loaded demo, and the demo API token."""
    with demo_loaded(settings, tmp_path) as token:
        yield live_server.url, token


@pytest.fixture
def axe() -> AxeRecorder:
    return AxeRecorder()


def _open(browser: Any, options: dict[str, Any]) -> Any:
    context = new_checked_context(browser, **options)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("dialog", lambda dialog: dialog.accept())  # "Nộp báo cáo?" and the like
    return context, page


def _deadline_id(url: str) -> int:
    return int(url.rstrip("/").rsplit("/", 1)[-1])


def _message(page: Any, text: str) -> None:
    page.get_by_role("alert").filter(has_text=text).first.wait_for()


def test_ward_reporter_submits_the_overdue_report_on_a_phone(
    demo: tuple[str, str], browser: Any, axe: AxeRecorder
) -> None:
    base, _token = demo
    ward = Unit.objects.get(key="ky-lua/ubnd")
    overdue = Deadline.objects.get(
        unit=ward, report__status=ReportStatus.DRAFT, due_on__lt=DEMO_NOW.date()
    )
    counted = (
        Activity.objects.filter(
            unit=ward,
            title=WORK_TITLE,
            started_on__gte=overdue.data_from,
            started_on__lte=overdue.data_until,
        )
        .select_related("channel")
        .first()
    )
    assert counted is not None, "the demo logs activities inside the overdue period"
    context, page = _open(browser, PHONE)
    try:
        sign_in(page, base, "baocao.kylua")
        assert page.get_by_role("heading", name="Xin chào, Hoàng Thị Báo Cáo").is_visible()
        axe.check(page)

        # The menu is folded on a phone: open it, then the deadlines.
        page.get_by_role("button", name="Mở menu").click()
        page.get_by_role("link", name="Hạn báo cáo", exact=True).click()
        page.wait_for_url(f"{base}/reports/deadlines/")
        late_row = (
            page.locator("tbody tr")
            .filter(has=page.get_by_text("Quá hạn"))
            .filter(has=page.get_by_role("link", name=ward.name, exact=True))
        )  # the ward's own; its Phòng Văn hóa - Xã hội has an overdue report too
        assert late_row.count() == 1
        assert page.locator("tbody tr").filter(has=page.get_by_text("Còn")).count() >= 1
        axe.check(page)

        late_row.get_by_role("link", name=ward.name).click()
        page.wait_for_url(f"{base}/reports/deadlines/{overdue.pk}/")
        figures = page.get_by_test_id("figures")
        assert counted.channel.name in figures.inner_text()  # pre-filled from activities
        assert page.get_by_test_id("report-status").inner_text() == "Đang soạn"
        axe.check(page)

        # A figure was wrong: correct the activity behind it, then refresh the figures.
        before = Report.objects.get(deadline=overdue).figures
        page.goto(f"{base}/activities/{counted.pk}/")
        page.get_by_label("Số lượng", exact=True).fill(str(counted.quantity + 5))
        axe.check(page)
        page.get_by_role("button", name="Lưu thay đổi").click()
        _message(page, "Đã lưu thay đổi.")
        page.goto(f"{base}/reports/deadlines/{overdue.pk}/")
        page.get_by_role("button", name="Cập nhật từ hoạt động").click()
        _message(page, "Đã cập nhật số liệu từ các hoạt động đã ghi nhận.")
        after = Report.objects.get(deadline=overdue).figures
        assert sum(r["quantity"] for r in after) == sum(r["quantity"] for r in before) + 5

        # The narrative, then submit (the confirmation dialog is accepted).
        page.get_by_label("I. Kết quả đạt được").fill(
            "Tổ chức tuyên truyền tại 6 tổ dân phố, phát thanh 12 buổi."
        )
        page.get_by_label("II. Hạn chế, nguyên nhân").fill("Một số hộ đi làm xa chưa nắm.")
        page.get_by_role("button", name="Nộp báo cáo").click()
        _message(page, "Đã nộp báo cáo.")
        assert page.get_by_test_id("report-status").inner_text() == "Đã nộp"
        assert "phát thanh 12 buổi" in page.get_by_test_id("report-text").inner_text()
        axe.check(page)
        page.screenshot(path=str(artifact("journey-reporter-phone.png")), full_page=True)
    finally:
        context.close()
    report = Report.objects.get(deadline=overdue)
    assert report.status == ReportStatus.SUBMITTED
    assert report.results.startswith("Tổ chức tuyên truyền tại 6 tổ dân phố")
    assert axe.found == [], "\n".join(axe.found)


def test_provincial_leader_decides_reports_and_an_extension_and_nudges(
    demo: tuple[str, str], browser: Any, axe: AxeRecorder
) -> None:
    base, _token = demo
    unread = Notification.objects.filter(
        recipient__username="lanhdao.hungyen", read_at__isnull=True
    ).count()
    assert unread >= 1
    context, page = _open(browser, LAPTOP)
    try:
        sign_in(page, base, "lanhdao.hungyen")
        assert page.get_by_test_id("unread").inner_text() == str(unread)
        axe.check(page)

        page.get_by_test_id("bell").click()
        page.wait_for_url(f"{base}/reports/notifications/")
        assert page.locator(".list-group-item").count() >= unread
        axe.check(page)

        page.get_by_role("link", name="Hạn báo cáo", exact=True).click()
        page.wait_for_url(f"{base}/reports/deadlines/")
        axe.check(page)
        page.get_by_role("link", name="Báo cáo chờ tiếp nhận").click()
        page.wait_for_url(f"{base}/reports/inbox/")
        waiting = page.get_by_test_id("waiting")
        assert "Phường Phố Hiến" in waiting.inner_text()
        assert "Xã Tân Hưng" in waiting.inner_text()
        assert "Phường Hồng Châu" in page.get_by_test_id("pending-extensions").inner_text()
        axe.check(page)

        waiting.get_by_role("link").filter(has_text="Phường Phố Hiến").click()
        page.get_by_test_id("review").wait_for()
        axe.check(page)
        accepted = _deadline_id(page.url)
        page.get_by_role("button", name="Tiếp nhận").click()
        _message(page, "Đã tiếp nhận báo cáo.")
        assert page.get_by_test_id("report-status").inner_text() == "Đã tiếp nhận"

        page.goto(f"{base}/reports/inbox/")
        page.get_by_test_id("waiting").get_by_role("link").filter(has_text="Xã Tân Hưng").click()
        returned = _deadline_id(page.url)
        page.get_by_label("Lý do trả lại").fill("Bổ sung số liệu người tham dự theo từng thôn.")
        page.get_by_role("button", name="Trả lại").click()
        _message(page, "Đã trả lại báo cáo kèm lý do.")
        assert page.get_by_test_id("report-status").inner_text() == "Bị trả lại"
        axe.check(page)

        page.goto(f"{base}/reports/inbox/")
        assert "Không có báo cáo nào chờ tiếp nhận." in page.get_by_test_id("waiting").inner_text()
        page.get_by_test_id("pending-extensions").get_by_role("link").filter(
            has_text="Phường Hồng Châu"
        ).click()
        extended = page.url.removeprefix(base)
        extensions = page.get_by_test_id("extensions")
        extensions.get_by_role("button", name="Đồng ý", exact=True).click()
        _message(page, "Đã đồng ý gia hạn.")
        assert "— Đồng ý" in page.get_by_test_id("extensions").inner_text()
        axe.check(page)

        page.get_by_role("link", name="Điều hành", exact=True).click()
        page.wait_for_url(f"{base}/dashboard/**")
        overdue = page.get_by_test_id("overdue")
        late = overdue.locator("li").filter(has_text="Phường Sơn Nam")
        assert late.count() >= 1
        assert overdue.locator(f"a[href='{extended}']").count() == 0  # no longer late
        axe.check(page)
        late.first.get_by_test_id("nudge").click()
        _message(page, "Đã đôn đốc Phường Sơn Nam")
        axe.check(page)
        page.screenshot(path=str(artifact("journey-leader-dashboard.png")), full_page=True)
    finally:
        context.close()
    assert Report.objects.get(deadline_id=accepted).status == ReportStatus.ACCEPTED
    returned_report = Report.objects.get(deadline_id=returned)
    assert returned_report.status == ReportStatus.RETURNED
    assert returned_report.returned_reason.startswith("Bổ sung số liệu người tham dự")
    assert axe.found == [], "\n".join(axe.found)


def test_editor_edits_the_draft_and_derives_a_plan_from_its_parent(
    demo: tuple[str, str], browser: Any, axe: AxeRecorder
) -> None:
    base, _token = demo
    draft = Document.objects.get(status=DocumentStatus.DRAFT, issuer__key="hy/btgdv")
    parent_document = draft.plan.derived_from
    assert parent_document is not None
    context, page = _open(browser, LAPTOP)
    try:
        sign_in(page, base, "bientap.hungyen")
        axe.check(page)
        page.get_by_role("link", name="Kế hoạch, văn bản", exact=True).click()
        page.wait_for_url(f"{base}/plans/")
        axe.check(page)

        page.locator(f"#results a[href='/plans/{draft.pk}/']").click()
        page.wait_for_url(f"{base}/plans/{draft.pk}/")
        axe.check(page)
        page.get_by_role("link", name="Sửa dự thảo").click()
        page.wait_for_url(f"{base}/plans/{draft.pk}/edit/")
        page.get_by_test_id("save").wait_for()
        axe.check(page)
        title = "Kế hoạch tuyên truyền thực hiện nhiệm vụ năm 2027 (dữ liệu mẫu)"
        page.locator("#id_h-title").fill(title)
        page.get_by_test_id("save").click()
        _message(page, "Đã lưu kế hoạch.")
        draft.refresh_from_db()
        assert draft.title == title

        page.goto(f"{base}/plans/{parent_document.pk}/")
        derive = page.get_by_role("link", name="Xây dựng kế hoạch thực hiện")
        axe.check(page)
        derive.click()
        page.get_by_test_id("create").wait_for()
        axe.check(page)
        page.get_by_test_id("create").click()
        page.wait_for_url("**/edit/")
        _message(page, "Đã tạo dự thảo.")
        basis = page.locator("#id_h-basis_text").input_value()
        assert parent_document.reference.split("/")[0].split(" ")[-1] in basis
        axe.check(page)
        page.screenshot(path=str(artifact("journey-editor-derived.png")), full_page=True)
    finally:
        context.close()
    derived = Document.objects.filter(
        status=DocumentStatus.DRAFT, issuer__key="hy/btgdv", plan__derived_from=parent_document
    )
    assert derived.count() == 2
    assert axe.found == [], "\n".join(axe.found)


def test_administrator_finds_a_unit_in_the_admin_and_filters_deadlines_by_it(
    demo: tuple[str, str], browser: Any, axe: AxeRecorder
) -> None:
    base, _token = demo
    ward = Unit.objects.get(key="ky-lua/ubnd")
    context, page = _open(browser, LAPTOP)
    try:
        sign_in(page, base, "quantri")
        page.get_by_role("link", name="Quản trị", exact=True).click()
        page.wait_for_url(f"{base}/admin/")
        axe.check(page)
        page.goto(f"{base}/admin/units/unit/")
        axe.check(page)
        page.locator("#searchbar").fill("Kỳ Lừa")
        page.locator("#searchbar").press("Enter")
        page.wait_for_url("**q=*")
        assert page.locator("#result_list").get_by_text(ward.name).count() >= 1
        axe.check(page)

        page.goto(f"{base}/reports/deadlines/?unit={ward.pk}")
        rows = page.locator("tbody tr")
        assert rows.count() >= 2
        for text in rows.all_inner_texts():  # the ward and the offices under it
            assert "phường Kỳ Lừa" in text
        axe.check(page)
    finally:
        context.close()
    assert axe.found == [], "\n".join(axe.found)


def test_rest_client_reads_deadlines_with_the_demo_token(demo: tuple[str, str]) -> None:
    base, token = demo
    for path in ("/api/v1/deadlines/", "/api/v1/notifications/", "/api/v1/plans/"):
        request = urllib.request.Request(
            f"{base}{path}",
            headers={"Authorization": f"Token {token}", "Accept": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("application/json")
            body = json.load(response)
        assert body["results"], path
    request = urllib.request.Request(f"{base}/api/v1/deadlines/", headers={"Accept": "*/*"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401

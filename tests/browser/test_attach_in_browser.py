"""In a real browser, a commune reporter types the report, attaches a photo before saving:
the text stays on the page and is saved, the upload shows its progress, and the photo shows
as a thumbnail. Without JavaScript the same button posts the form and keeps the text too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reporting.models import Deadline, Report
from tests.browser.conftest import artifact, login
from tests.builders import jpeg_bytes, member, seed_annual_deadline
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-123"
TYPED = "Tổ chức 4 buổi phát thanh; ảnh hội nghị kèm theo."

# Records, on the window (which outlives the body the upload replaces), that the progress
# box was shown and that the page was not reloaded.
WATCH_PROGRESS = """() => {
  window.__stayed = true;
  const box = document.getElementById('attachment-progress');
  new MutationObserver(() => { if (!box.hidden) { window.__progressShown = true; } })
    .observe(box, {attributes: true});
}"""


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "anh-hoi-nghi.jpg"
    path.write_bytes(jpeg_bytes(size=(2400, 1800)))
    return path


def _attach(page: Any, base: str, deadline: Deadline, photo: Path) -> None:
    page.goto(f"{base}/reports/deadlines/{deadline.pk}/")
    page.wait_for_selector("[data-testid=report-form]")
    page.fill("#id_results", TYPED)
    page.set_input_files("[data-testid=attachment-form] input[type=file]", str(photo))


def test_attaching_keeps_the_typed_text_and_shows_a_thumbnail(
    seeded_live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    deadline = seed_annual_deadline()
    member("xa-dinh-kem", deadline.unit, Role.REPORTER, password=PASSWORD)
    base = seeded_live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        login(page, base, "xa-dinh-kem", PASSWORD)
        _attach(page, base, deadline, _photo(tmp_path))
        page.evaluate(WATCH_PROGRESS)
        page.click("button:has-text('Đính kèm')")
        page.wait_for_selector("text=Đã lưu nháp báo cáo và đính kèm tệp.")
        assert page.evaluate("() => window.__stayed === true && window.__progressShown === true")
        assert page.input_value("#id_results") == TYPED
        thumb = page.wait_for_selector("[data-testid=attachment-thumbnail]")
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0 && img.naturalWidth <= 240", arg=thumb
        )
        page.screenshot(path=str(artifact("report-attached.png")), full_page=True)
        page.reload()  # saved, not only kept on screen
        assert page.input_value("#id_results") == TYPED
    finally:
        context.close()
    report = Report.objects.get(deadline=deadline)
    assert report.results == TYPED and report.attachments.count() == 1
    assert blocked == []


def test_attaching_without_javascript_keeps_the_typed_text(
    seeded_live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    deadline = seed_annual_deadline()
    member("xa-khong-js", deadline.unit, Role.REPORTER, password=PASSWORD)
    base = seeded_live_server.url
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        login(page, base, "xa-khong-js", PASSWORD)
        _attach(page, base, deadline, _photo(tmp_path))
        page.click("button:has-text('Đính kèm')")
        page.wait_for_selector("text=Đã lưu nháp báo cáo và đính kèm tệp.")
        assert page.input_value("#id_results") == TYPED
        assert page.query_selector("[data-testid=attachment-thumbnail]") is not None
    finally:
        context.close()
    assert Report.objects.get(deadline=deadline).results == TYPED

"""In a real browser, asking for a plan's PDF shows that the print is being made: a short
one downloads while its button says so; a long one opens the page that follows its render."""

from __future__ import annotations

from typing import Any

import pytest

from directives.models import Document
from tests.browser.conftest import login
from tests.builders import member
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-123"

WATCH_BUSY = """() => {
  const link = document.querySelector('[data-testid=download-pdf]');
  new MutationObserver(() => {
    if (link.getAttribute('aria-busy') === 'true') { window.__busyText = link.textContent.trim(); }
  }).observe(link, {attributes: true, childList: true});
}"""


def test_plan_pdf_shows_it_is_being_made_then_downloads_or_follows_the_render(
    seeded_live_server: Any, page: Any
) -> None:
    member("in-an-ky-lua", "ky-lua/ubnd", Role.REPORTER, password=PASSWORD)
    document = Document.objects.get(key="seed-004")
    base = seeded_live_server.url
    login(page, base, "in-an-ky-lua", PASSWORD)

    page.goto(f"{base}/plans/{document.pk}/")
    page.evaluate(WATCH_BUSY)
    with page.expect_download() as download:
        page.click("[data-testid=download-pdf]")
    assert download.value.suggested_filename.endswith(".pdf")
    assert page.evaluate("() => window.__busyText") == "Đang dựng bản in…"
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=download-pdf]').hasAttribute('aria-busy')"
    )

    plan = document.plan
    plan.closing_text = "\n".join(f"Đoạn văn thứ {i} " + "nội dung dài " * 40 for i in range(150))
    plan.save()
    page.goto(f"{base}/plans/{document.pk}/")
    page.click("[data-testid=download-pdf]")
    page.wait_for_url("**/renditions/**")
    status = page.inner_text("[data-testid=rendition-status-text]")
    assert "Đang chờ đến lượt dựng bản in" in status
    assert page.get_attribute("#rendition", "hx-trigger") == "every 2s"

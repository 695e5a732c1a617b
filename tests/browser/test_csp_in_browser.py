"""Under the Content-Security-Policy, Chromium blocks nothing the portal's main pages need:
the language switch, confirmations, htmx rows and polling, progress bars, Chart.js, the
admin and Swagger UI all work, and the console reports no violation (the `page` fixture
fails the test on any). The check itself is shown to catch an inline script."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from campaigns.services import activity_log
from directives.choices import DocumentStatus
from directives.models import Assignment, Channel, ChannelTarget, Document, Rendition
from directives.services.plans import plan_create
from tests.browser.conftest import artifact, login
from tests.builders import member, unit
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_user(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    login(page, base, username)


def test_the_csp_check_catches_an_inline_script(
    seeded_live_server: Any, page: Any, csp_violations: list[str]
) -> None:
    page.goto(f"{seeded_live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran === undefined")
    assert any("inline script" in v for v in csp_violations)
    csp_violations.clear()  # seen: the page fixture's final check is about the portal


def test_main_pages_work_under_the_policy(
    seeded_live_server: Any, page: Any, csp_violations: list[str]
) -> None:
    base = seeded_live_server.url
    editor = member("bientap-csp", "hy/btgdv", Role.EDITOR, password="mat-khau-123")
    member("lanhdao-csp", "2025:33", Role.LEADER, password="mat-khau-123")
    reporter = member("baocao-csp", "ky-lua/ubnd", Role.REPORTER, password="mat-khau-123")
    get_user_model().objects.create_superuser("quantri-csp", password="mat-khau-123")
    draft = plan_create(user=editor, issuer=unit("hy/btgdv"), title="Kế hoạch thử chính sách")

    served = page.goto(f"{base}/accounts/login/")
    assert "script-src 'self'" in served.headers["content-security-policy"]
    login(page, base, "bientap-csp")
    page.goto(f"{base}/plans/")
    with page.expect_response(lambda r: "/plans/?" in r.url):
        page.fill("#id_q", "chuyen doi so")  # htmx search as you type
    page.goto(f"{base}/plans/{draft.pk}/edit/")
    rows = page.locator("#rows-recipients [data-row]")
    before = rows.count()
    page.click("[data-add-row='recipients']")  # htmx fetches an empty row
    page.wait_for_function(  # a function: Playwright would eval() an expression
        f"() => document.querySelectorAll('#rows-recipients [data-row]').length > {before}"
    )
    page.goto(f"{base}/plans/{draft.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("text=Hủy dự thảo")  # data-confirm: dismissed, nothing is sent
    page.wait_for_timeout(300)
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT and page.url.endswith(f"/plans/{draft.pk}/")
    page.select_option("#language", "en")  # data-autosubmit
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.select_option("#language", "vi")
    page.wait_for_function("() => document.documentElement.lang === 'vi'")

    seed = Document.objects.get(key="seed-004")
    rendition = Rendition.objects.create(document=seed, format="pdf", snapshot={}, progress=40)
    assignment = Assignment.objects.get(plan=seed.plan, units__key="ky-lua/phong-vhxh")
    activity = activity_log(
        user=reporter,
        assignment=assignment,
        unit=unit("ky-lua/phong-vhxh"),
        data={
            "channel": Channel.objects.get(code="loudspeaker"),
            "title": "Phát thanh Nghị quyết 57",
            "started_on": date(2025, 10, 6),
            "quantity": 3,
        },
    )
    ChannelTarget.objects.filter(item__plan=seed.plan, channel__code="loudspeaker").update(
        planned_quantity=12
    )
    _switch_user(page, base, "baocao-csp")
    page.goto(f"{base}/plans/{seed.pk}/renditions/{rendition.pk}/")
    bar = ".progress-bar"
    page.wait_for_function(f"() => document.querySelector('{bar}').style.width === '40%'")
    Rendition.objects.filter(pk=rendition.pk).update(progress=70)
    # htmx polls every 2 s and swaps the block in: the new bar gets its width as well.
    page.wait_for_function(f"() => document.querySelector('{bar}').style.width === '70%'")
    page.goto(f"{base}/activities/assignments/")
    loudspeaker = "[data-channel=loudspeaker] .progress-bar"  # 3 of 12 planned
    assert page.eval_on_selector(loudspeaker, "bar => bar.style.width") == "25%"
    page.goto(f"{base}/activities/{activity.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("text=Xóa hoạt động")
    page.wait_for_timeout(300)
    assert page.url.endswith(f"/activities/{activity.pk}/")
    page.goto(f"{base}/activities/new/")
    page.goto(f"{base}/activities/plans/{seed.plan.pk}/import/")
    page.goto(f"{base}/reports/deadlines/")

    _switch_user(page, base, "lanhdao-csp")
    page.click("nav >> text=Điều hành")
    page.wait_for_selector("#chart-channels[data-rendered='1']")  # Chart.js ran
    page.goto(f"{base}/reports/inbox/")
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.screenshot(path=str(artifact("api-docs-under-csp.png")))

    _switch_user(page, base, "quantri-csp")
    page.goto(f"{base}/admin/")
    page.goto(f"{base}/admin/directives/document/")
    page.goto(f"{base}/admin/directives/document/{seed.pk}/change/")
    page.wait_for_selector("#document_form")
    assert csp_violations == []

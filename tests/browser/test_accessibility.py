"""axe-core on every main page of the portal, in Chromium, over the loaded demo: for a
visitor (login, password reset, a missing page), the administrator and a ward reporter.
None may have a serious or critical WCAG 2.1 A/AA violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from campaigns.models import Activity
from directives.choices import DocumentStatus
from directives.models import Document
from reporting.models import Deadline
from tests.browser.axe import new_checked_context
from tests.browser.demo_site import PHONE, AxeRecorder, demo_loaded, sign_in
from units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MISSING = "/plans/987654321/"  # a plan that does not exist
NOWHERE = "/nowhere/"  # an address no page has


@pytest.fixture
def base(
    seeded_transactional_db: None, live_server: Any, settings: Any, tmp_path: Path
) -> Iterator[str]:
    with demo_loaded(settings, tmp_path):
        yield live_server.url


def _walk(page: Any, base: str, paths: list[str], refused: tuple[str, ...] = ()) -> AxeRecorder:
    """Visit each address; every one answers 200, but the missing pages (404) and those the
    user may not open (403: the error page is checked too)."""
    axe = AxeRecorder()
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None
        expected = 404 if path in (MISSING, NOWHERE) else 403 if path in refused else 200
        assert response.status == expected, path
        assert page.locator("main, #content").first.is_visible(), path
        axe.check(page)
    return axe


def _ward_pages() -> list[str]:
    ward = Unit.objects.get(key="ky-lua/ubnd")
    deadline = Deadline.objects.filter(unit=ward).order_by("due_on").first()
    activity = Activity.objects.filter(unit=ward).order_by("pk").first()
    plan = Document.objects.filter(
        status=DocumentStatus.ISSUED, plan__assignments__units=ward
    ).first()
    assert deadline and activity and plan, "the demo gives the ward work"
    return [
        "/",
        "/plans/",
        f"/plans/{plan.pk}/",
        "/activities/assignments/",
        "/activities/",
        "/activities/new/",
        f"/activities/{activity.pk}/",
        "/dashboard/",
        "/reports/deadlines/",
        f"/reports/deadlines/{deadline.pk}/",
        "/reports/inbox/",
        "/reports/notifications/",
        "/accounts/tokens/",
        "/accounts/profile/",
        MISSING,
    ]


def _violations(
    browser: Any,
    base: str,
    username: str | None,
    paths: list[str],
    refused: tuple[str, ...] = (),
    **device: Any,
) -> list[str]:
    """What axe finds on the pages, opened in a fresh context by `username` (None: a
    visitor who does not sign in)."""
    context = new_checked_context(browser, **device)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        if username is not None:
            sign_in(page, base, username)
        return _walk(page, base, paths, refused).found
    finally:
        context.close()


def test_pages_a_visitor_sees(base: str, browser: Any) -> None:
    found = _violations(
        browser, base, None, ["/accounts/login/", "/accounts/password_reset/", NOWHERE]
    )
    assert found == [], "\n".join(found)


def test_pages_the_administrator_sees(base: str, browser: Any) -> None:
    draft = Document.objects.filter(status=DocumentStatus.DRAFT).order_by("pk").first()
    assert draft is not None
    found = _violations(browser, base, "quantri", [*_ward_pages(), f"/plans/{draft.pk}/edit/"])
    assert found == [], "\n".join(found)


def test_pages_a_ward_reporter_sees_on_a_phone(base: str, browser: Any) -> None:
    paths = [*_ward_pages(), "/accounts/password_change/", "/plans/new/"]
    found = _violations(browser, base, "baocao.kylua", paths, refused=("/plans/new/",), **PHONE)
    assert found == [], "\n".join(found)


def test_pages_the_plan_editor_sees(base: str, browser: Any) -> None:
    draft = Document.objects.get(status=DocumentStatus.DRAFT, issuer__key="hy/btgdv")
    parent = draft.plan.derived_from
    assert parent is not None
    paths = [
        "/",
        "/plans/new/",
        f"/plans/new/?parent={parent.pk}",
        f"/plans/{draft.pk}/edit/",
        f"/plans/{parent.pk}/",
        "/dashboard/",
    ]
    found = _violations(browser, base, "bientap.hungyen", paths)
    assert found == [], "\n".join(found)

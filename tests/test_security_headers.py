"""Every page is served under a strict Content-Security-Policy and contains nothing that the
policy would block: no inline script, no style attribute or element, no event handler."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from directives.choices import DutyRule
from directives.models import Document, Rendition
from reporting.models import Deadline
from tests.builders import activity, draft_plan, seed_duty, ward_assignment

pytestmark = pytest.mark.django_db

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' blocks in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'<{tag} {name}="{value}"> at line {self.getpos()[0]}')
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f'<{tag} {name}="{value}"> at line {self.getpos()[0]}')


def policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in directives}


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def pages(
    hy_editor: Any, hy_leader: Any, kyl_reporter: Any, superuser: Any, make_member: Any
) -> list[tuple[Any, str]]:
    """(user, url) of every kind of page, each showing what it can show."""
    draft = draft_plan(hy_editor, "Kế hoạch thử CSP")
    assignment = ward_assignment()
    logged = activity(
        kyl_reporter, assignment=assignment, channel="banner", title="Treo băng rôn", quantity=2
    )
    seed = Document.objects.get(key="seed-004")
    rendition = Rendition.objects.create(document=seed, format="pdf", snapshot={}, progress=40)
    duty = seed_duty("seed-002", DutyRule.ANNUAL, until=date(2026, 12, 31))
    deadline = Deadline.objects.filter(duty=duty).select_related("unit").first()
    commune = make_member("csp-commune", deadline.unit.key, "reporter")
    return [
        (None, reverse("login")),
        (None, reverse("password_reset")),
        (hy_editor, reverse("home")),
        (hy_editor, reverse("directives:plan_list")),
        (hy_editor, reverse("directives:plan_new")),
        (hy_editor, reverse("directives:plan_detail", args=[draft.pk])),
        (hy_editor, reverse("directives:plan_edit", args=[draft.pk])),
        (hy_editor, reverse("api_tokens")),
        (kyl_reporter, reverse("directives:rendition", args=[seed.pk, rendition.pk])),
        (kyl_reporter, reverse("campaigns:assignments")),
        (kyl_reporter, reverse("campaigns:activity_list")),
        (kyl_reporter, reverse("campaigns:activity_new")),
        (kyl_reporter, reverse("campaigns:activity_detail", args=[logged.pk])),
        (kyl_reporter, reverse("campaigns:excel_import", args=[assignment.plan_id])),
        (hy_leader, reverse("dashboard:index")),
        (hy_leader, reverse("reporting:inbox")),
        (commune, reverse("reporting:deadlines")),
        (commune, reverse("reporting:deadline", args=[deadline.pk])),
        (commune, reverse("reporting:notifications")),
        (superuser, reverse("admin:index")),
        (superuser, reverse("admin:directives_document_changelist")),
        (superuser, reverse("admin:directives_document_change", args=[seed.pk])),
        (hy_editor, reverse("api-docs")),
    ]


def test_every_page_has_a_strict_policy_and_no_inline_code(pages: list[tuple[Any, str]]) -> None:
    problems: dict[str, Any] = {}
    for user, url in pages:
        response = _client(user).get(url)
        if response.status_code != 200:
            problems[url] = response.status_code
            continue
        directives = policy(response)
        wrong = {k: directives.get(k) for k, v in REQUIRED.items() if directives.get(k) != v}
        parser = InlineCode()
        parser.feed(response.content.decode())
        if wrong or parser.found:
            problems[url] = {"policy": wrong, "inline": parser.found[:5]}
    assert problems == {}


def test_swagger_ui_starts_from_a_script_file(hy_editor: Any) -> None:
    client = _client(hy_editor)
    page = client.get(reverse("api-docs")).content.decode()
    assert "?script=" in page or "&amp;script=" in page
    script = client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
    assert "SwaggerUIBundle" in script.content.decode()


def test_errors_and_api_answers_carry_the_policy_too(hy_editor: Any) -> None:
    client = _client(hy_editor)
    assert policy(client.get("/plans/999999999/"))["frame-ancestors"] == "'none'"
    assert policy(client.get("/api/v1/plans/"))["default-src"] == "'self'"

"""`load_demo` leaves work waiting for every persona, on the seeded data, at the demo's today
(the fixed clock: 20/11/2026), and a second run makes nothing twice."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from campaigns.models import Activity
from demo.personas import CG_OFFICE, CT_WARD_PARTY, KH_WARD_WOMEN, PERSONAS
from demo.plans import DEMO_MARK
from demo.waiting import Waiting, waiting_for
from directives.choices import DocumentStatus
from directives.content import AssignmentContent
from directives.models import Document
from directives.services.parts import derived_content
from reporting.access import may_report
from reporting.choices import ReportStatus
from reporting.models import Deadline, Extension, Notification, Report
from reporting.services import deadline_nudge, report_accept
from units.choices import Role
from units.models import ApiToken, Membership, Unit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
PASSWORD = "demo-pass-123"


def _load(var_dir: Path) -> str:
    out = io.StringIO()
    call_command("load_demo", password=PASSWORD, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(clock: Any, settings: Any, tmp_path: Path) -> str:
    settings.VAR_DIR = tmp_path
    return _load(tmp_path)


def _user(username: str) -> User:
    return get_user_model().objects.get(username=username)


def test_ward_reporter_has_an_open_and_an_overdue_deadline_with_prefilled_figures(
    demo: str,
) -> None:
    reporter = _user("baocao.kylua")
    ward = Unit.objects.get(key="ky-lua/ubnd")
    deadlines = [
        d
        for d in Deadline.objects.filter(unit=ward, submitted_at__isnull=True).select_related(
            "unit", "duty__receiver"
        )
        if may_report(reporter, d)
    ]
    drafts = {
        r.deadline_id: r
        for r in Report.objects.filter(deadline__in=deadlines, status=ReportStatus.DRAFT)
    }
    open_ = [d for d in deadlines if d.effective_due_on >= TODAY and drafts.get(d.pk)]
    overdue = [d for d in deadlines if d.effective_due_on < TODAY and drafts.get(d.pk)]
    assert open_ and overdue
    assert (open_[0].effective_due_on - TODAY).days <= 7
    for deadline in (open_[0], overdue[0]):
        figures = drafts[deadline.pk].figures
        assert figures and sum(row["quantity"] for row in figures) > 0
    waiting = waiting_for(reporter, TODAY)
    assert waiting.open >= 1 and waiting.overdue >= 1 and waiting.prefilled >= 2


def test_leader_has_reports_an_extension_an_overdue_unit_and_unread_notifications(
    demo: str,
) -> None:
    leader = _user("lanhdao.hungyen")
    waiting = waiting_for(leader, TODAY)
    assert waiting.to_decide >= 1 and waiting.extensions >= 1
    assert waiting.overdue_below >= 1 and waiting.unread >= 1
    assert Notification.objects.filter(recipient=leader, read_at__isnull=True).exists()
    # The work can really be done: accept a report, nudge an overdue commune.
    submitted = Report.objects.filter(
        status=ReportStatus.SUBMITTED, deadline__duty__plan__document__title__endswith=DEMO_MARK
    )
    report = submitted.filter(
        deadline__unit__path__startswith=Unit.objects.get(code="33", scheme="2025").path
    ).first()
    assert report is not None
    assert report_accept(user=leader, report=report).status == ReportStatus.ACCEPTED
    silent = Deadline.objects.filter(
        unit__code="11983", submitted_at__isnull=True, due_on__lt=TODAY
    ).first()
    assert silent is not None and deadline_nudge(user=leader, deadline=silent) >= 1
    assert Extension.objects.filter(deadline__unit__code="11980", status="pending").exists()


def test_editor_has_a_draft_and_a_parent_plan_with_parts_to_derive(demo: str) -> None:
    editor = _user("bientap.hungyen")
    board = Unit.objects.get(key="hy/btgdv")
    waiting = waiting_for(editor, TODAY)
    assert waiting.drafts >= 1 and waiting.to_derive >= 1
    for seed_editor in ("bientap.hlhpn.khanhhoa", "bientap.cantho"):
        assert waiting_for(_user(seed_editor), TODAY).to_derive >= 1
    parent = Document.objects.get(title__endswith=DEMO_MARK, issuer__key="hy/tinh-uy")
    assert parent.status == DocumentStatus.ISSUED
    assert Document.objects.filter(
        status=DocumentStatus.DRAFT, issuer=board, plan__derived_from=parent
    ).exists()
    content = derived_content(source=parent.plan, issuer=board)
    own = [i for i in content.items or () if isinstance(i, AssignmentContent) and i.tasks]
    assert own and content.duties


def _has_work(role: str, waiting: Waiting) -> bool:
    """The work a persona's role implies (see demo/work.py)."""
    if role == Role.REPORTER:
        return waiting.open >= 1 and waiting.overdue >= 1 and waiting.prefilled >= 2
    if role == Role.LEADER:
        decide = waiting.to_decide + waiting.extensions
        return decide >= 1 and waiting.overdue_below >= 1 and waiting.unread >= 1
    if role == Role.EDITOR:
        return waiting.drafts >= 1 and waiting.to_derive >= 1
    return False


def test_every_persona_has_the_work_of_its_role_waiting(demo: str, tmp_path: Path) -> None:
    waiting = {p.username: waiting_for(_user(p.username), TODAY) for p in PERSONAS}
    idle = {
        p.username: waiting[p.username].describe()
        for p in PERSONAS
        if not _has_work(p.role, waiting[p.username])
    }
    assert idle == {}
    assert "Bodies made for provinces" in demo  # the test database has no load_bodies
    again = _load(tmp_path)  # a second run makes no work twice
    assert {p.username: waiting_for(_user(p.username), TODAY) for p in PERSONAS} == waiting
    assert "Demo work waiting: already there" in again


def test_seed_leaders_decide_on_and_nudge_bodies_made_by_load_bodies(demo: str) -> None:
    for leader, unit_key in (
        ("lanhdao.hlhpn.khanhhoa", KH_WARD_WOMEN),
        ("lanhdao.camgiang", CG_OFFICE),
        ("lanhdao.cantho", CT_WARD_PARTY),
    ):
        report = Report.objects.get(status=ReportStatus.SUBMITTED, deadline__unit__key=unit_key)
        assert report.deadline.duty.plan.document.title.endswith(DEMO_MARK)
        accepted = report_accept(user=_user(leader), report=report)
        assert accepted.status == ReportStatus.ACCEPTED
        late = Deadline.objects.filter(
            unit__key=unit_key, submitted_at__isnull=True, due_on__lt=TODAY
        ).first()
        assert late is not None and deadline_nudge(user=_user(leader), deadline=late) >= 1


def test_every_persona_has_a_login_and_the_table_says_what_waits(demo: str) -> None:
    for persona in PERSONAS:
        user = _user(persona.username)
        assert user.check_password(PASSWORD)
        assert Membership.objects.filter(user=user, role=persona.role).exists()
        assert persona.username in demo
    for unit_key in ("kh/hlhpn", "hp/xa-cam-giang/ubnd", "ct/btgdv", "ky-lua/ubnd", "hy/btgdv"):
        assert Membership.objects.filter(unit__key=unit_key).exists()
    assert "2 report(s) to accept/return" in demo


def test_the_demo_api_token_authenticates(demo: str, tmp_path: Path) -> None:
    secret = (tmp_path / "demo_api_token").read_text().strip()
    assert secret in demo
    assert (tmp_path / "demo_api_token").stat().st_mode & 0o077 == 0
    client = Client()
    assert client.get("/api/v1/deadlines/").status_code in (401, 403)
    response = client.get("/api/v1/deadlines/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    assert response.json()["count"] >= 4


def test_a_second_run_makes_nothing_and_keeps_passwords(demo: str, tmp_path: Path) -> None:
    models = (Activity, Document, Deadline, Report, Extension, Notification, Membership, ApiToken)
    before = {m.__name__: m.objects.count() for m in models}
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    units = Unit.objects.count()
    again = _load(tmp_path)
    assert {m.__name__: m.objects.count() for m in models} == before
    assert Unit.objects.count() == units and "Bodies made" not in again
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    secret = (tmp_path / "demo_api_token").read_text().strip()
    assert "already there" in again and f"lanhdao.hungyen: {secret}" in again


def test_a_changed_password_is_reset_and_only_that_one(demo: str, tmp_path: Path) -> None:
    reporter = _user("baocao.kylua")
    reporter.set_password("something-else")
    reporter.save()
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    _load(tmp_path)
    after = dict(get_user_model().objects.values_list("username", "password"))
    assert _user("baocao.kylua").check_password(PASSWORD)
    assert {name for name in hashes if hashes[name] != after[name]} == {"baocao.kylua"}


def test_the_pages_show_the_work(demo: str) -> None:
    """The reporter opens a pre-filled draft; the leader's inbox lists the reports and the
    request, the dashboard offers the nudge; the editor's draft opens in the editor."""
    client = Client()
    client.force_login(_user("baocao.kylua"))
    draft = Report.objects.filter(
        deadline__unit__key="ky-lua/ubnd", status=ReportStatus.DRAFT
    ).first()
    assert draft is not None
    page = client.get(reverse("reporting:deadline", args=[draft.deadline_id]))
    assert page.status_code == 200
    client.force_login(_user("lanhdao.hungyen"))
    inbox = client.get(reverse("reporting:inbox")).content.decode()
    assert "Phường Phố Hiến" in inbox and "Phường Hồng Châu" in inbox
    silent = Deadline.objects.get(
        unit__code="11983", duty__plan__document__title__endswith=DEMO_MARK, duty__position=2
    )
    dashboard = client.get(reverse("dashboard:index")).content.decode()
    assert reverse("dashboard:nudge", args=[silent.pk]) in dashboard
    client.force_login(_user("bientap.hungyen"))
    mine = Document.objects.get(status=DocumentStatus.DRAFT, issuer__key="hy/btgdv")
    assert client.get(reverse("directives:plan_edit", args=[mine.pk])).status_code == 200

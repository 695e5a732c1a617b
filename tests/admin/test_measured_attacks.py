"""The writes testers made through the admin as a ward's staff user, each now refused.

Each attack is posted as a browser would (the untouched form plus the change); where it
matters, the same request from a superuser shows the form was valid and would have saved.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from directives.choices import DocumentStatus, ReferenceKind
from directives.models import Document, ReportingDuty, Theme
from directives.services.plans import plan_create
from directives.services.registers import reference_add
from reporting.choices import ReportStatus
from reporting.models import Deadline, Extension, Report, ReportAttachment, ReportEvent
from reporting.services import report_submit
from tests.builders import member

from .pages import admin_url, change_payload, changelist_url
from .world import World

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ward_admin_cannot_edit_the_central_directive(world: World, superuser: Any) -> None:
    directive = Document.objects.get(key="57-NQ/TW")
    payload = change_payload(directive, superuser, title="ĐÃ BỊ SỬA")
    response = logged_in(world.admin).post(admin_url(directive, "change"), payload)
    assert response.status_code == 403
    directive.refresh_from_db()
    assert directive.title != "ĐÃ BỊ SỬA"
    # The same form from a superuser saves: the refusal is the rule, not a bad form.
    assert logged_in(superuser).post(admin_url(directive, "change"), payload).status_code == 302
    directive.refresh_from_db()
    assert directive.title == "ĐÃ BỊ SỬA"


def test_ward_admin_cannot_edit_a_sibling_wards_issued_plan(world: World, superuser: Any) -> None:
    client = logged_in(world.admin)
    document = world.documents["sibling-issued"]
    theme = Theme.objects.get(plan__document=document)
    for obj, field in ((document, "title"), (theme, "text")):
        response = client.post(
            admin_url(obj, "change"), change_payload(obj, superuser, **{field: "ĐÃ BỊ SỬA"})
        )
        assert response.status_code == 403, obj
        obj.refresh_from_db()
        assert getattr(obj, field) != "ĐÃ BỊ SỬA"


def test_an_issued_plan_cannot_be_set_back_to_draft(world: World, superuser: Any) -> None:
    client = logged_in(world.admin)
    issued = world.documents["own-issued"]
    payload = change_payload(issued, superuser, status=DocumentStatus.DRAFT)
    assert client.post(admin_url(issued, "change"), payload).status_code == 403
    history = issued.history.order_by("history_id").first()
    revert = f"{admin_url(issued, 'history')}{history.history_id}/"
    assert client.post(revert, payload).status_code == 403
    issued.refresh_from_db()
    assert issued.status == DocumentStatus.ISSUED and issued.number


def test_a_draft_cannot_be_issued_through_the_admin_form(world: World, superuser: Any) -> None:
    draft = world.documents["own-draft"]
    opened_at = draft.lock_version
    payload = change_payload(
        draft, superuser, status=DocumentStatus.ISSUED, number="99", title="Tên mới"
    )
    response = logged_in(world.admin).post(admin_url(draft, "change"), payload)
    assert response.status_code == 302  # the draft is the admin's to edit ...
    draft.refresh_from_db()
    assert draft.title == "Tên mới"
    assert draft.lock_version == opened_at + 1  # an editor's open page sees the conflict
    assert draft.status == DocumentStatus.DRAFT and draft.number == ""  # ... not to issue


def test_ward_admin_cannot_accept_its_own_report(world: World, superuser: Any) -> None:
    report = world.obj("own-draft", "reporting.Report")
    payload = change_payload(
        report,
        superuser,
        status=ReportStatus.ACCEPTED,
        accepted_at_0="2026-03-02",
        accepted_at_1="09:00:00",
    )
    assert logged_in(world.admin).post(admin_url(report, "change"), payload).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.accepted_at is None


def test_ward_admin_cannot_delete_a_sibling_wards_reporting_duty(world: World) -> None:
    client = logged_in(world.admin)
    duty = ReportingDuty.objects.get(plan__document=world.documents["sibling-issued"])
    assert client.get(admin_url(duty, "delete")).status_code == 403
    assert client.post(admin_url(duty, "delete"), {"post": "yes"}).status_code == 403
    bulk = client.post(
        changelist_url(ReportingDuty),
        {"action": "delete_selected", "_selected_action": [duty.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)  # "no such action", nothing deleted
    assert ReportingDuty.objects.filter(pk=duty.pk).exists()
    assert Deadline.objects.filter(duty=duty).exists()
    assert Report.objects.filter(deadline__duty=duty).exists()


def test_bulk_delete_is_not_offered_to_non_superusers(world: World) -> None:
    page = logged_in(world.admin).get(changelist_url(Document))
    assert page.status_code == 200
    assert 'value="delete_selected"' not in page.content.decode()


@pytest.mark.parametrize("model", [ReportEvent, Extension, ReportAttachment])
def test_superuser_only_admins_refuse_every_page_and_write(world: World, model: Any) -> None:
    client = logged_in(world.admin)
    for tier in ("own-draft", "sibling"):
        obj = world.obj(tier, model._meta.label)
        assert client.get(changelist_url(model)).status_code == 403
        assert client.get(admin_url(obj, "change")).status_code == 403
        assert client.post(admin_url(obj, "change"), {}).status_code == 403
        assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()


def test_delete_confirmation_names_nothing_outside_the_users_units(
    world: World, superuser: Any
) -> None:
    """A sibling ward's draft cites our draft: deleting ours would need deleting their
    reference, which we may not do nor even see."""
    ours = world.documents["own-draft"]
    sibling_editor = member("lvt-editor-2", world.units["sibling"], "editor")
    theirs = plan_create(user=sibling_editor, issuer=world.units["sibling"], title="BÍ MẬT LVT")
    reference_add(source=theirs, target=ours, kind=ReferenceKind.CITES)
    client = logged_in(world.admin)
    page = client.get(admin_url(ours, "delete"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "BÍ MẬT LVT" not in text and "Lương Văn Tri" not in text
    assert "liên kết văn bản" in text  # the kind of row in the way is named
    assert client.post(admin_url(ours, "delete"), {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=ours.pk).exists()
    # Django lists the rows themselves to a superuser: the leak the rule closes.
    assert "BÍ MẬT LVT" in logged_in(superuser).get(admin_url(ours, "delete")).content.decode()


def test_ward_admin_deletes_its_own_draft_plan_with_its_parts(world: World) -> None:
    draft = world.documents["own-draft"]
    client = logged_in(world.admin)
    page = client.get(admin_url(draft, "delete")).content.decode()
    assert "Dự thảo (own)" in page and "Nội dung Nghị quyết 57" in page
    assert client.post(admin_url(draft, "delete"), {"post": "yes"}).status_code == 302
    assert not Document.objects.filter(pk=draft.pk).exists()
    assert not Theme.objects.filter(plan__document_id=draft.pk).exists()


def test_activities_counted_by_a_submitted_report_are_read_only(
    world: World, superuser: Any
) -> None:
    activity = world.obj("own-draft", "campaigns.Activity")
    report_submit(user=world.admin, deadline=world.obj("own-draft", "reporting.Deadline"))
    activity.refresh_from_db()
    assert activity.locked
    payload = change_payload(activity, superuser, quantity=99)
    client = logged_in(world.admin)
    assert client.post(admin_url(activity, "change"), payload).status_code == 403
    assert client.post(admin_url(activity, "delete"), {"post": "yes"}).status_code == 403
    activity.refresh_from_db()
    assert activity.quantity == 2

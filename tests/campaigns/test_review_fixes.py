"""Regression tests for the findings of the security and correctness review."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from campaigns.models import Activity
from campaigns.services import activity_log, activity_update
from common.exceptions import DomainError
from directives.choices import DocumentStatus
from directives.models import Channel, Document
from directives.services.plans import plan_create, plan_issue, plan_new_version, plan_withdraw
from tests.conftest import unit
from units.models import Membership
from units.services import unit_move

pytestmark = pytest.mark.django_db


def _staff(user: Any, *codenames: str) -> Client:
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def test_admin_history_of_another_provinces_document_is_404(
    hy_editor: Any, kyl_reporter: Any
) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="BÍ MẬT")
    client = _staff(kyl_reporter, "view_document", "change_document")
    assert (
        client.get(reverse("admin:directives_document_history", args=[draft.pk])).status_code == 404
    )
    record = draft.history.first()
    url = reverse("admin:directives_document_simple_history", args=[draft.pk, record.history_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "ĐÃ BỊ SỬA"}).status_code == 404
    draft.refresh_from_db()
    assert draft.title == "BÍ MẬT"


def test_membership_admin_is_scoped(hy_editor: Any, kyl_reporter: Any) -> None:
    client = _staff(kyl_reporter, "view_membership", "add_membership")
    page = client.get(reverse("admin:units_membership_changelist")).content.decode()
    assert "hy_editor" not in page
    response = client.post(
        reverse("admin:units_membership_add"),
        {"user": kyl_reporter.pk, "unit": unit("2025:33").pk, "role": "leader"},
    )
    assert response.status_code == 403  # a reporter administers no unit: no admin writes
    assert not Membership.objects.filter(user=kyl_reporter, unit=unit("2025:33")).exists()


def test_moving_a_unit_moves_its_activities_visibility(
    logged: Activity, hy_leader: Any, ls_leader: Any
) -> None:
    unit_move(unit=unit("ky-lua/phong-vhxh"), new_parent=unit("hy/ubnd"))
    logged.refresh_from_db()
    assert logged.unit_path.startswith(unit("2025:33").path) and logged.root == unit("2025:33")
    assert Activity.objects.visible_to(hy_leader).filter(pk=logged.pk).exists()
    assert not Activity.objects.visible_to(ls_leader).filter(pk=logged.pk).exists()


def test_a_garbage_api_cursor_is_404_not_500(kyl_reporter: Any) -> None:
    client = APIClient()
    client.force_authenticate(kyl_reporter)
    for raw in (b"p=notadate", b"p=2025-13-45"):
        cursor = base64.b64encode(raw).decode()
        assert client.get("/api/v1/activities/", {"cursor": cursor}).status_code == 404


def test_a_broken_sheet_inside_a_valid_workbook_is_refused_clearly(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    client = Client()
    client.force_login(kyl_reporter)
    template = client.get(reverse("campaigns:excel_template", args=[vhxh_assignment.plan_id]))
    source = zipfile.ZipFile(io.BytesIO(b"".join(template.streaming_content)))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    upload = SimpleUploadedFile("hong.xlsx", broken.getvalue())
    response = client.post(
        reverse("campaigns:excel_import", args=[vhxh_assignment.plan_id]), {"file": upload}
    )
    assert response.status_code == 200 and "Không đọc được tệp Excel" in response.content.decode()


def test_new_version_twice_gives_one_draft_and_withdraw_after_issue_is_refused(
    hy_editor: Any,
) -> None:
    document = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="một")
    stale = Document.objects.get(pk=document.pk)
    plan_issue(user=hy_editor, document=document, on=date(2026, 1, 2))
    with pytest.raises(DomainError):
        plan_withdraw(user=hy_editor, document=stale)
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED
    first = plan_new_version(user=hy_editor, document=document)
    second = plan_new_version(user=hy_editor, document=document)
    assert first.pk == second.pk


def test_export_does_not_write_formulas(logged: Activity, kyl_reporter: Any) -> None:
    activity_update(
        user=kyl_reporter, activity=logged, data={"title": '=HYPERLINK("https://x.example","bấm")'}
    )
    client = Client()
    client.force_login(kyl_reporter)
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("campaigns:activity_export")).streaming_content))
    ).active
    cell = sheet.cell(row=2, column=7)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_a_date_before_resolution_57_is_refused(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        activity_log(
            user=kyl_reporter,
            assignment=vhxh_assignment,
            unit=unit("ky-lua/phong-vhxh"),
            data={
                "channel": Channel.objects.get(code="banner"),
                "title": "x",
                "started_on": date(1, 1, 1),
                "quantity": 1,
            },
        )
    assert "started_on" in error.value.message_dict


def test_ids_too_long_for_any_column_are_4xx(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    huge = "99999999999999999999"
    client = Client()
    client.force_login(kyl_reporter)
    assert client.get(f"/activities/plans/{huge}/template.xlsx").status_code == 404
    assert client.get("/activities/", {"plan": huge}).status_code == 200
    api = APIClient()
    api.force_authenticate(kyl_reporter)
    assert api.get("/api/v1/activities/", {"plan": huge}).status_code == 400
    response = client.post(
        reverse("campaigns:activity_new"), {"assignment": vhxh_assignment.pk, "audiences": huge}
    )
    assert response.status_code == 400

"""Every model has a usable admin page: list (with search and filters) and add form."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from directives.models import Document
from tests.builders import draft_plan, make_staff, signed_in, unit
from units.models import Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model_admin", list(admin.site._registry.values()), ids=lambda m: m.model._meta.label
)
def test_admin_list_and_add_pages_render(client: Any, superuser: Any, model_admin: Any) -> None:
    client.force_login(superuser)
    meta = model_admin.model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert client.get(changelist, {"q": "Hưng Yên"}).status_code == 200
    if model_admin.has_add_permission(type("R", (), {"user": superuser})()):
        assert (
            client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 200
        )


def test_every_domain_model_is_in_the_admin() -> None:
    from django.apps import apps

    registered = set(admin.site._registry)
    for app in ("units", "directives", "campaigns", "reporting"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert model in registered, model


def test_document_change_page_shows_history_and_inlines(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    doc = Document.objects.get(key="seed-001")
    page = client.get(reverse("admin:directives_document_change", args=[doc.pk]))
    assert page.status_code == 200
    assert "Lưu VT." in page.content.decode()
    history = client.get(reverse("admin:directives_document_history", args=[doc.pk]))
    assert history.status_code == 200


def test_admin_list_of_an_editor_is_restricted_to_their_units(client: Any, hy_editor: Any) -> None:
    from django.contrib.auth.models import Permission

    hy_editor.is_staff = True
    hy_editor.save()
    hy_editor.user_permissions.add(Permission.objects.get(codename="view_document"))
    client.force_login(hy_editor)
    page = client.get(reverse("admin:directives_document_changelist")).content.decode()
    assert "57-NQ/TW" in page
    assert "KH-UBND" not in page  # no state plans of other provinces


def test_admin_history_of_another_provinces_document_is_404(
    hy_editor: Any, kyl_reporter: Any
) -> None:
    draft = draft_plan(hy_editor, "BÍ MẬT")
    client = signed_in(make_staff(kyl_reporter, "view_document", "change_document"))
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
    client = signed_in(make_staff(kyl_reporter, "view_membership", "add_membership"))
    page = client.get(reverse("admin:units_membership_changelist")).content.decode()
    assert "hy_editor" not in page
    response = client.post(
        reverse("admin:units_membership_add"),
        {"user": kyl_reporter.pk, "unit": unit("2025:33").pk, "role": "leader"},
    )
    assert response.status_code == 403  # a reporter administers no unit: no admin writes
    assert not Membership.objects.filter(user=kyl_reporter, unit=unit("2025:33")).exists()


def test_nul_characters_and_bad_history_ids_are_client_errors(client: Any, superuser: Any) -> None:
    from directives.models import Document

    client.force_login(superuser)
    assert client.get("/admin/units/unit/", {"q": "Hưng\x00Yên"}).status_code == 400
    assert client.get("/plans/", {"q": "\x00"}).status_code == 400
    en = client.get("/plans/", {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 400 and "NUL" in en.content.decode()
    document = Document.objects.get(key="seed-001")
    history = f"/admin/directives/document/{document.pk}/history/"
    assert client.get(history).status_code == 200
    assert client.get(f"{history}abc/").status_code == 404
    assert client.get(f"{history}99999999999999999999/").status_code == 404

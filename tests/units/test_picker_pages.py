"""No page ships the unit catalogue as <option>s: an administrator's lists, forms, plan
editor and admin pages carry only the chosen units (the typeahead asks for the others).

The test database holds the whole national catalogue (conftest: about 14,000 units)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.builders import draft_plan, unit
from units.models import Unit

pytestmark = pytest.mark.django_db

MAX_OPTIONS = 300


def options(response: Any) -> int:
    assert response.status_code == 200, response.status_code
    return int(response.content.count(b"<option"))


def largest_select(response: Any) -> int:
    assert response.status_code == 200, response.status_code
    selects = re.findall(rb"<select[^>]*>(.*?)</select>", response.content, re.S)
    return max((body.count(b"<option") for body in selects), default=0)


def report(address: str, response: Any) -> None:
    size = len(response.content) / 1024
    print(f"{address}: {size:.1f} KiB, {response.content.count(b'<option')} options")


def test_the_catalogue_is_big_enough_to_matter() -> None:
    assert Unit.objects.count() >= 5_000


@pytest.mark.parametrize(
    "address",
    [
        "/activities/",
        "/reports/deadlines/",
        "/activities/new/",
        "/plans/",
        "/dashboard/",
        "/api/v1/units/?format=api",
    ],
)
def test_administrator_pages_ship_few_options(client: Any, superuser: Any, address: str) -> None:
    client.force_login(superuser)
    response = client.get(address)
    report(address, response)
    assert options(response) < MAX_OPTIONS


def test_a_chosen_unit_survives_the_round_trip(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    chosen = unit("ky-lua/ubnd")
    page = client.get("/activities/", {"unit": chosen.pk}).content.decode()
    assert f'<option value="{chosen.pk}" selected>Ủy ban nhân dân phường Kỳ Lừa</option>' in page


def test_plan_editor_ships_only_the_assigned_units(
    client: Any, superuser: Any, hy_editor: Any
) -> None:
    document = draft_plan(hy_editor, "Kế hoạch tuyên truyền chuyển đổi số")
    client.force_login(superuser)
    address = reverse("directives:plan_edit", args=[document.pk])
    response = client.get(address)
    report(address, response)
    assert options(response) < MAX_OPTIONS
    row = client.get(reverse("directives:plan_row", args=[document.pk, "assignments"]))
    assert options(row) < MAX_OPTIONS


def _admin_pages() -> list[tuple[str, Any]]:
    return [
        (model._meta.label, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("units", "directives", "campaigns", "reporting")
    ]


@pytest.mark.parametrize("label_and_admin", _admin_pages(), ids=lambda pair: pair[0])
def test_admin_add_and_change_pages_ship_few_options(
    client: Any, superuser: Any, label_and_admin: tuple[str, Any]
) -> None:
    _label, model_admin = label_and_admin
    meta = model_admin.model._meta
    client.force_login(superuser)
    request = type("R", (), {"user": superuser})()
    if model_admin.has_add_permission(request):
        assert options(client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))) < (
            MAX_OPTIONS
        )
    first = model_admin.model._default_manager.order_by("pk").first()
    if first is not None:
        # A plan's change page has a few small selects per part (its own sections, the
        # kinds): many options in all for a long plan, none of them a list of the catalogue.
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
        assert largest_select(client.get(change)) < MAX_OPTIONS


def test_admin_autocomplete_tells_current_from_dissolved(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "uy ban nhan dan tinh hung yen",
            "app_label": "units",
            "model_name": "membership",
            "field_name": "unit",
        },
    )
    texts = [row["text"] for row in response.json()["results"]]
    assert "Ủy ban nhân dân tỉnh Hưng Yên — Tỉnh Hưng Yên, từ 01/07/2025" in texts
    assert "Ủy ban nhân dân tỉnh Hưng Yên — Tỉnh Hưng Yên (đã giải thể 30/06/2025)" in texts


def test_admin_unit_search_ignores_accents(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    page = client.get(reverse("admin:units_unit_changelist"), {"q": "phuong ky lua"})
    assert "Phường Kỳ Lừa" in page.content.decode()

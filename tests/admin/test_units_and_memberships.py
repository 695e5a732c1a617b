"""A unit admin runs the units under it and their memberships, nothing above or beside."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from units.choices import UnitKind
from units.models import Membership, Unit

from .pages import admin_url, change_payload
from .world import World

pytestmark = pytest.mark.django_db


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_memberships_are_granted_only_in_administered_units(world: World) -> None:
    client = logged_in(world.admin)
    reporter = world.obj("own-draft", "auth.User")
    add = reverse("admin:units_membership_add")
    for elsewhere in (world.units["parent"], world.units["sibling"]):
        response = client.post(add, {"user": reporter.pk, "unit": elsewhere.pk, "role": "leader"})
        assert response.status_code == 200  # the form refuses the unit
        assert not Membership.objects.filter(user=reporter, unit=elsewhere).exists()
    response = client.post(
        add, {"user": reporter.pk, "unit": world.units["own"].pk, "role": "leader"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=reporter, unit=world.units["own"], role="leader").exists()


def test_a_unit_admin_adds_a_unit_under_its_ward_but_no_territory(world: World) -> None:
    client = logged_in(world.admin)
    add = reverse("admin:units_unit_add")
    form = {"name": "Tổ công nghệ số cộng đồng khối 1", "system": "state", "doc_style": "state"}
    for refused in (
        {"kind": UnitKind.DIGITAL_TEAM, "parent": world.units["parent"].pk},
        {"kind": UnitKind.COMMUNE, "parent": world.units["own"].pk},
    ):
        assert (
            client.post(
                add,
                {**form, **refused, "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0},
            ).status_code
            == 200
        )
    assert not Unit.objects.filter(name=form["name"]).exists()
    response = client.post(
        add,
        {
            **form,
            "kind": UnitKind.DIGITAL_TEAM,
            "parent": world.units["own"].pk,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    created = Unit.objects.get(name=form["name"])
    assert created.path.startswith(world.units["own"].path) and created.path != ""


def test_a_unit_admin_edits_its_letterhead_but_not_the_catalogue_or_the_tree(
    world: World, superuser: Any
) -> None:
    ward = world.units["own"]
    before = (ward.parent_id, ward.code, ward.kind, ward.is_active)
    payload = change_payload(
        ward,
        superuser,
        header_name="ỦY BAN NHÂN DÂN\nPHƯỜNG KỲ LỪA (MỚI)",
        parent=world.units["other"].pk,
        code="99999",
        kind=UnitKind.PROVINCE,
        is_active="",
    )
    response = logged_in(world.admin).post(admin_url(ward, "change"), payload)
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.header_name.endswith("(MỚI)")
    assert (ward.parent_id, ward.code, ward.kind, ward.is_active) == before

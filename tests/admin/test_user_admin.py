"""The user admin for a staff unit admin: their wards' people only, no deletion (accounts
are deactivated), and no way to hand out staff, superuser or permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from units.models import Membership

from .pages import admin_url, change_payload, changelist_url
from .world import World

pytestmark = pytest.mark.django_db
User = get_user_model()


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_nobody_but_a_superuser_deletes_an_account(world: World, superuser: Any) -> None:
    client = logged_in(world.admin)
    ward_reporter = User.objects.get(username="own-reporter")
    for target in (ward_reporter, world.admin):
        assert client.get(admin_url(target, "delete")).status_code == 403
        assert client.post(admin_url(target, "delete"), {"post": "yes"}).status_code == 403
        assert User.objects.filter(pk=target.pk).exists()
    assert logged_in(superuser).get(admin_url(ward_reporter, "delete")).status_code == 200


def test_a_unit_admin_cannot_raise_its_own_privileges(world: World, superuser: Any) -> None:
    payload = change_payload(
        world.admin,
        superuser,
        is_superuser="on",
        user_permissions=[Permission.objects.get(codename="delete_user").pk],
        groups=[Group.objects.create(name="Quản trị").pk],
    )
    response = logged_in(world.admin).post(admin_url(world.admin, "change"), payload)
    assert response.status_code == 403  # staff accounts are changed by superusers only
    world.admin.refresh_from_db()
    assert not world.admin.is_superuser and not world.admin.groups.exists()


def test_a_unit_admin_edits_its_wards_people_but_not_their_privileges(
    world: World, superuser: Any
) -> None:
    reporter = User.objects.get(username="own-reporter")
    payload = change_payload(
        reporter,
        superuser,
        email="baocao@kylua.gov.vn",
        is_active="",
        is_staff="on",
        is_superuser="on",
        user_permissions=[Permission.objects.get(codename="change_user").pk],
    )
    response = logged_in(world.admin).post(admin_url(reporter, "change"), payload)
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.email == "baocao@kylua.gov.vn" and not reporter.is_active  # deactivated
    assert not reporter.is_staff and not reporter.is_superuser
    assert not reporter.user_permissions.exists()


def test_people_of_other_units_are_out_of_sight_and_reach(world: World, superuser: Any) -> None:
    client = logged_in(world.admin)
    listing = client.get(changelist_url(User)).content.decode()
    assert "own-reporter" in listing
    for username in ("sibling-reporter", "parent-editor", "other-editor"):
        assert username not in listing
        person = User.objects.get(username=username)
        assert client.get(admin_url(person, "change")).status_code == 302  # "not found"
        payload = change_payload(person, superuser, email="x@example.com")
        client.post(admin_url(person, "change"), payload)
        password = reverse("admin:auth_user_password_change", args=[person.pk])
        client.post(password, {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"})
        person.refresh_from_db()
        assert person.email == "" and person.check_password("x-pass-123")


def test_a_member_of_another_unit_too_is_not_the_ward_admins_to_change(world: World) -> None:
    reporter = User.objects.get(username="own-reporter")
    Membership.objects.create(user=reporter, unit=world.units["parent"], role="reporter")
    client = logged_in(world.admin)
    assert client.get(admin_url(reporter, "change")).status_code == 200  # seen, read-only
    assert client.post(admin_url(reporter, "change"), {}).status_code == 403


def test_a_unit_admin_creates_an_account_with_a_role_in_its_ward(world: World) -> None:
    client = logged_in(world.admin)
    form = {"username": "tuyen.kylua", "usable_password": "true"}
    form |= {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"}
    outside = client.post(
        reverse("admin:auth_user_add"),
        {**form, "unit": world.units["sibling"].pk, "role": "editor"},
    )
    assert outside.status_code == 200  # the form refuses a unit the admin does not run
    assert not User.objects.filter(username="tuyen.kylua").exists()
    created = client.post(
        reverse("admin:auth_user_add"), {**form, "unit": world.units["own"].pk, "role": "editor"}
    )
    assert created.status_code == 302
    user = User.objects.get(username="tuyen.kylua")
    assert not user.is_staff and not user.is_superuser
    assert list(user.memberships.values_list("unit", "role")) == [(world.units["own"].pk, "editor")]


def test_groups_are_closed_to_a_staff_unit_admin(world: World) -> None:
    client = logged_in(world.admin)
    group = Group.objects.create(name="Biên tập")
    assert client.get(changelist_url(Group)).status_code == 403
    assert client.post(reverse("admin:auth_group_add"), {"name": "Quản trị"}).status_code == 403
    assert client.post(admin_url(group, "delete"), {"post": "yes"}).status_code == 403
    assert list(Group.objects.filter(name__in=["Quản trị", "Biên tập"])) == [group]

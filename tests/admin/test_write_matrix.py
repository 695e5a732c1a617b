"""Every registered admin × view/add/change/delete × a row of the staff user's own ward (a
draft and an issued plan), a sibling ward, the parent unit and another province.

The staff user holds every Django model permission, so each refusal here comes from the
unit rule. A new admin without a line in EXPECTED fails the test: its rule must be chosen.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from .pages import admin_url, fresh_request
from .world import TIERS, World

pytestmark = pytest.mark.django_db

# (may add, then per tier: v = view, c = change, d = delete)
Expectation = tuple[bool, str, str, str, str, str]
CLOSED: Expectation = (False, "", "", "", "", "")
CATALOGUE: Expectation = (False, "v", "v", "v", "v", "v")
DRAFT_ONLY: Expectation = (True, "vcd", "v", "v", "v", "")
OWN_READ_ONLY: Expectation = (False, "v", "v", "", "", "")
PLAN_PARTS = (
    "directives.Document",
    "directives.Plan",
    "directives.DocumentReference",
    "directives.Recipient",
    "directives.PlanSection",
    "directives.Purpose",
    "directives.Theme",
    "directives.AudienceItem",
    "directives.ChannelItem",
    "directives.RoadmapStep",
    "directives.BudgetItem",
    "directives.Assignment",
    "directives.ReportingDuty",
    "directives.Footnote",
    "directives.AssignmentTask",
    "directives.ChannelTarget",
)
EXPECTED: dict[str, Expectation] = {
    "units.Unit": (True, "vc", "vc", "", "", ""),
    "units.Membership": (True, "vcd", "vcd", "", "", ""),
    "units.ApiToken": OWN_READ_ONLY,
    # Body templates are the catalogue of a level: superusers only.
    "units.BodyTemplate": CLOSED,
    "auth.User": (True, "vc", "vc", "", "", ""),
    "auth.Group": CLOSED,
    "axes.AccessAttempt": CLOSED,
    "axes.AccessLog": CLOSED,
    "axes.AccessFailureLog": CLOSED,
    "django_celery_beat.PeriodicTask": CLOSED,
    "django_celery_beat.ClockedSchedule": CLOSED,
    "django_celery_beat.CrontabSchedule": CLOSED,
    "django_celery_beat.SolarSchedule": CLOSED,
    "django_celery_beat.IntervalSchedule": CLOSED,
    "directives.Channel": CATALOGUE,
    "directives.AudienceGroup": CATALOGUE,
    "directives.Register": OWN_READ_ONLY,
    **dict.fromkeys(PLAN_PARTS, DRAFT_ONLY),
    "directives.Rendition": (False, "vd", "v", "v", "v", ""),
    "directives.SeedLoad": CLOSED,
    "campaigns.Activity": (False, "vcd", "vcd", "", "", ""),
    "campaigns.Evidence": (True, "vcd", "vcd", "", "", ""),
    "campaigns.ImportBatch": OWN_READ_ONLY,
    "reporting.Deadline": OWN_READ_ONLY,
    "reporting.Report": OWN_READ_ONLY,
    "reporting.Reminder": OWN_READ_ONLY,
    "reporting.Notification": OWN_READ_ONLY,
    "reporting.Delivery": CLOSED,
    "reporting.ReportEvent": CLOSED,
    "reporting.Extension": CLOSED,
    "reporting.ReportAttachment": CLOSED,
}


def labels() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry)


def model_admin_for(label: str) -> Any:
    return next(a for m, a in admin.site._registry.items() if m._meta.label == label)


def capabilities(model_admin: Any, user: Any, obj: Any) -> str:
    """What the user may do with `obj` on its admin pages: a row they cannot find is a row
    they can do nothing with."""
    if obj is None:
        return ""
    if not model_admin.get_queryset(fresh_request(user)).filter(pk=obj.pk).exists():
        return ""
    checks = (
        ("v", model_admin.has_view_permission),
        ("c", model_admin.has_change_permission),
        ("d", model_admin.has_delete_permission),
    )
    return "".join(letter for letter, check in checks if check(fresh_request(user), obj))


def test_every_registered_admin_has_a_decided_rule() -> None:
    assert labels() == sorted(EXPECTED)


def test_every_admin_grants_writes_only_over_the_units_the_user_administers(
    world: World,
) -> None:
    user = world.admin
    found: dict[str, Expectation] = {}
    for label in labels():
        model_admin = model_admin_for(label)
        found[label] = (
            bool(model_admin.has_add_permission(fresh_request(user))),
            *(capabilities(model_admin, user, world.obj(tier, label)) for tier in TIERS),
        )  # type: ignore[assignment]
    wrong = {label: (found[label], EXPECTED.get(label)) for label in found}
    wrong = {label: pair for label, pair in wrong.items() if pair[0] != pair[1]}
    assert wrong == {}, "\n".join(f"{k}: got {g}, expected {e}" for k, (g, e) in wrong.items())


def test_closed_admins_are_not_even_listed_for_a_staff_unit_admin(world: World) -> None:
    request = fresh_request(world.admin)
    for label in labels():
        listed = model_admin_for(label).has_module_permission(request)
        assert listed is (EXPECTED[label] != CLOSED), label


def check_pages_of(client: Client, label: str, world: World) -> list[str]:
    """The HTTP side of the matrix for one admin; returns what went wrong."""
    problems = []
    model = model_admin_for(label).model
    meta = model._meta
    add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    if add.status_code != (200 if EXPECTED[label][0] else 403):
        problems.append(f"{label} add page: {add.status_code}")
    seen = set()
    for tier, expected in zip(TIERS, EXPECTED[label][1:], strict=True):
        obj = world.obj(tier, label)
        if obj is None or (obj.pk, expected) in seen:
            continue
        seen.add((obj.pk, expected))
        change = client.get(admin_url(obj, "change"))
        refused = 403 if EXPECTED[label] == CLOSED else 302
        if change.status_code != (200 if "v" in expected else refused):
            problems.append(f"{label} {tier} change page: {change.status_code}")
        if "c" not in expected:
            posted = client.post(admin_url(obj, "change"), {})
            if posted.status_code not in (302, 403) or (
                posted.status_code == 302 and "v" in expected
            ):
                problems.append(f"{label} {tier} change POST: {posted.status_code}")
        if "d" in expected:
            if client.get(admin_url(obj, "delete")).status_code != 200:
                problems.append(f"{label} {tier} delete page refused")
            continue
        deleted = client.post(admin_url(obj, "delete"), {"post": "yes"})
        if (
            deleted.status_code not in (302, 403)
            or not model._default_manager.filter(pk=obj.pk).exists()
        ):
            problems.append(f"{label} {tier} delete POST: {deleted.status_code}")
    return problems


def test_every_admin_page_answers_as_the_matrix_says(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    problems = [problem for label in labels() for problem in check_pages_of(client, label, world)]
    assert problems == []

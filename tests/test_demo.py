"""`load_demo`: the persona logins and a few activities per assigned seed unit, once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from campaigns.models import Activity
from campaigns.services import EARLIEST_ACTIVITY
from demo.management.commands.load_demo import DEMO_TITLE

pytestmark = pytest.mark.django_db


def test_demo_logins_and_activities_are_made_once(
    clock: Any, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path  # the password memo and the API token file
    out = io.StringIO()
    call_command("load_demo", password="demo-pass-123", stdout=out)
    users = get_user_model().objects
    assert users.get(username="lanhdao.hungyen").check_password("demo-pass-123")
    assert users.get(username="quantri").is_superuser
    demo = Activity.objects.filter(title__startswith=DEMO_TITLE)
    logged = demo.count()
    assert logged > 0 and f"Demo activities logged: {logged}" in out.getvalue()
    for activity in demo.select_related("assignment", "unit")[:50]:
        assert activity.unit in activity.assignment.units.all()
        document = activity.plan.document
        assert (document.issued_on or EARLIEST_ACTIVITY) <= activity.started_on
    call_command("load_demo", password="demo-pass-123", stdout=io.StringIO())
    assert demo.count() == logged

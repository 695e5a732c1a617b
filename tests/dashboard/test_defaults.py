"""What the dashboard shows before anyone chooses: Resolution 57 (else the latest directive
plans implement) from its issue to the end of next year. Chosen by selectors, not the view."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from dashboard import selectors
from directives.choices import ReferenceKind
from directives.models import Document
from tests.builders import signed_in

pytestmark = pytest.mark.django_db


def test_hung_yen_leader_starts_on_57_from_its_issue(hy_leader: Any) -> None:
    directive = selectors.default_directive(hy_leader)
    assert directive is not None and directive.key == "57-NQ/TW"
    start, end = selectors.default_period(directive)
    assert start == directive.issued_on
    assert end == date(timezone.localdate().year + 1, 12, 31)
    shown = signed_in(hy_leader).get("/dashboard/").context["scope"]
    assert (shown.directive, shown.date_from, shown.date_to) == (directive, start, end)


def test_without_57_the_latest_implemented_directive_is_shown(hy_leader: Any) -> None:
    Document.objects.filter(key="57-NQ/TW").update(key="57-renamed")
    implemented = Document.objects.visible_to(hy_leader).filter(
        incoming_references__kind=ReferenceKind.IMPLEMENTS
    )
    latest = implemented.order_by("-issued_on", "-pk").first()
    assert selectors.default_directive(hy_leader) == latest
    assert set(selectors.directive_choices(hy_leader)) == set(implemented)


def test_a_directive_without_a_date_starts_on_the_first_of_january() -> None:
    undated = Document(issued_on=None)
    start, _end = selectors.default_period(undated)
    assert start == date(timezone.localdate().year, 1, 1)

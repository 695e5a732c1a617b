"""Every API view starts from the rows the user may see (common.viewsets), and every choice a
FilterSet, form or serializer offers is what the user may pick (common.filters.pickable)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from common.filters import pickable
from common.viewsets import ID_PATTERN, VisibleMixin
from directives.filtersets import DocumentFilterSet
from directives.models import Document
from units.filtersets import UnitFilterSet
from units.models import Unit

pytestmark = pytest.mark.django_db


def _api_views() -> dict[str, Any]:
    """The view class behind every route under /api/v1/."""
    views: dict[str, Any] = {}

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                cls = getattr(entry.callback, "cls", None)
                if route.startswith("api/v1/") and cls is not None:
                    views[route] = cls

    walk(get_resolver().url_patterns, "")
    return views


# Views that show no stored rows of a model: signing in and out.
NO_ROWS = {"LoginView", "LogoutView", "APIRootView"}


def test_every_api_view_starts_from_what_the_user_may_see() -> None:
    views = _api_views()
    assert len({cls.__name__ for cls in views.values()}) >= 10
    for route, cls in views.items():
        if cls.__name__ in NO_ROWS:
            continue
        assert issubclass(cls, VisibleMixin), route
        assert cls.lookup_value_regex == ID_PATTERN, route


def test_ward_reporter_picks_only_units_they_may_see(kyl_reporter: Any) -> None:
    visible = set(Unit.objects.visible_to(kyl_reporter).values_list("pk", flat=True))
    assert visible
    assert set(pickable(kyl_reporter, Unit).values_list("pk", flat=True)) == visible
    assert not pickable(None, Unit).exists()


def test_filter_choices_are_what_the_requesting_user_may_pick(kyl_reporter: Any) -> None:
    request = RequestFactory().get("/")
    request.user = kyl_reporter
    units = UnitFilterSet({}, queryset=Unit.objects.all(), request=request)
    parents = units.form.fields["parent"].queryset
    assert set(parents.values_list("pk", flat=True)) == set(
        Unit.objects.visible_to(kyl_reporter).values_list("pk", flat=True)
    )
    documents = DocumentFilterSet({}, queryset=Document.objects.all(), request=request)
    issuers = documents.form.fields["issuer"].queryset
    assert issuers.exists()
    assert not issuers.exclude(pk__in=Unit.objects.visible_to(kyl_reporter)).exists()
    assert not issuers.filter(issued_documents__isnull=True).exists()


def test_filter_without_a_request_offers_nothing() -> None:
    assert not UnitFilterSet({}, queryset=Unit.objects.all()).form.fields["parent"].queryset


def test_ward_reporter_cannot_filter_by_a_unit_of_another_province(
    kyl_reporter: Any, ct_member: Any
) -> None:
    can_tho = Unit.objects.visible_to(ct_member).first()
    assert can_tho is not None
    client = APIClient()
    client.force_authenticate(kyl_reporter)
    assert client.get("/api/v1/units/", {"parent": can_tho.pk}).status_code == 400
    assert client.get(f"/api/v1/units/{can_tho.pk}/").status_code == 404

"""The FilterSet of unit lists (the API's; pages list units through the tree), and the
unit-subtree filter other apps' lists share."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import PickableFilter, PortalFilterSet

from .choices import UnitKind, UnitSystem
from .models import Unit
from .search import unit_picker


class UnitSubtreeFilter(PickableFilter):
    """A unit the user may pick; keeps the rows of that unit and of every unit under it.
    `path_field` names where the rows hold their unit's path."""

    def __init__(self, *, path_field: str, **kwargs: Any) -> None:
        self.path_field = path_field
        kwargs.setdefault("label", _("Đơn vị (gồm đơn vị trực thuộc)"))
        kwargs.setdefault("widget", unit_picker())
        # Through `method`: drf-spectacular documents the parameter from its type hints.
        super().__init__(Unit, method=self.under, **kwargs)

    def under(self, queryset: QuerySet[Any], name: str, value: Unit) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.path_field}__descendant_of": value.path})


class UnitFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Tên"), field_name="name", lookup_expr="icontains")
    level = django_filters.NumberFilter(
        label=_("Cấp trong cây (0: tỉnh)"), field_name="depth", min_value=0, max_value=20
    )
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=UnitKind.choices)
    system = django_filters.ChoiceFilter(label=_("Hệ thống"), choices=UnitSystem.choices)
    parent = PickableFilter(Unit, label=_("Đơn vị cấp trên"), widget=unit_picker())
    active = django_filters.BooleanFilter(label=_("Đang hoạt động"), field_name="is_active")
    code = django_filters.CharFilter(label=_("Mã hành chính"), field_name="code")

    class Meta:
        model = Unit
        fields = ["q", "level", "kind", "system", "parent", "active", "code"]

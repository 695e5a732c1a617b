"""One FilterSet for activity lists, shared by the page, the API and the XLSX export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import BoundedModelChoiceFilter, PortalFilterSet
from directives.models import Channel, Plan
from units.models import Unit

from .models import Activity


def _units(request: Any) -> QuerySet[Unit]:
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user)


def _plans(request: Any) -> QuerySet[Plan]:
    if request is None:
        return Plan.objects.none()
    return Plan.objects.visible_to(request.user).select_related("document")


class ActivityFilterSet(PortalFilterSet):
    unit = BoundedModelChoiceFilter(
        label=_("Đơn vị (gồm đơn vị trực thuộc)"), queryset=_units, method="filter_subtree"
    )
    plan = BoundedModelChoiceFilter(label=_("Kế hoạch"), queryset=_plans)
    channel = BoundedModelChoiceFilter(label=_("Hình thức"), queryset=Channel.objects.all())
    date_from = django_filters.DateFilter(
        label=_("Từ ngày"),
        field_name="started_on",
        lookup_expr="gte",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    date_to = django_filters.DateFilter(
        label=_("Đến ngày"),
        field_name="started_on",
        lookup_expr="lte",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")

    class Meta:
        model = Activity
        fields = ["unit", "plan", "channel", "date_from", "date_to", "q"]

    def filter_subtree(
        self, queryset: QuerySet[Activity], name: str, value: Unit
    ) -> QuerySet[Activity]:
        return queryset.filter(unit_path__descendant_of=value.path)

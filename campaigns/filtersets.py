"""One FilterSet for activity lists, shared by the page, the API and the XLSX export."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import BoundedModelChoiceFilter, PickableFilter, PortalFilterSet
from directives.models import Channel, Plan
from units.filtersets import UnitSubtreeFilter

from .models import Activity


def _with_document(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """A plan's label is its document's."""
    return plans.select_related("document")


class ActivityFilterSet(PortalFilterSet):
    unit = UnitSubtreeFilter(path_field="unit_path")
    plan = PickableFilter(Plan, label=_("Kế hoạch"), narrow=_with_document)
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

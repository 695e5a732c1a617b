"""One FilterSet for deadline lists, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import BoundedModelChoiceFilter, PortalFilterSet
from directives.models import Document
from units.models import Unit

from .choices import ReportStatus
from .models import Deadline

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _units(request: Any) -> QuerySet[Unit]:
    return Unit.objects.none() if request is None else Unit.objects.visible_to(request.user)


def _documents(request: Any) -> QuerySet[Document]:
    if request is None:
        return Document.objects.none()
    return Document.objects.visible_to(request.user).filter(plan__duties__isnull=False).distinct()


class DeadlineFilterSet(PortalFilterSet):
    STATES = (
        ("open", _("Chưa nộp")),
        ("overdue", _("Quá hạn chưa nộp")),
        ("submitted", _("Đã nộp, chờ tiếp nhận")),
        ("returned", _("Bị trả lại")),
        ("accepted", _("Đã tiếp nhận")),
    )

    unit = BoundedModelChoiceFilter(
        label=_("Đơn vị (gồm đơn vị trực thuộc)"), queryset=_units, method="filter_subtree"
    )
    plan = BoundedModelChoiceFilter(
        label=_("Kế hoạch"), queryset=_documents, field_name="duty__plan__document"
    )
    state = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=STATES, method="filter_state", empty_label=_("Tất cả")
    )
    date_from = django_filters.DateFilter(
        label=_("Hạn từ ngày"), field_name="due_on", lookup_expr="gte", input_formats=DATE_FORMATS
    )
    date_to = django_filters.DateFilter(
        label=_("Hạn đến ngày"), field_name="due_on", lookup_expr="lte", input_formats=DATE_FORMATS
    )

    class Meta:
        model = Deadline
        fields = ["unit", "plan", "state", "date_from", "date_to"]

    def filter_subtree(
        self, queryset: QuerySet[Deadline], name: str, value: Unit
    ) -> QuerySet[Deadline]:
        return queryset.filter(unit__path__descendant_of=value.path)

    def filter_state(
        self, queryset: QuerySet[Deadline], name: str, value: str
    ) -> QuerySet[Deadline]:
        today = timezone.localdate()
        if value == "open":
            return queryset.filter(submitted_at__isnull=True)
        if value == "overdue":
            return queryset.filter(submitted_at__isnull=True).filter(
                Q(extended_to__isnull=True, due_on__lt=today) | Q(extended_to__lt=today)
            )
        status = {
            "submitted": ReportStatus.SUBMITTED,
            "returned": ReportStatus.RETURNED,
            "accepted": ReportStatus.ACCEPTED,
        }[value]
        return queryset.filter(report__status=status)

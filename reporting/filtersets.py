"""One FilterSet per list of reporting (deadlines, reports, notifications), shared by the
pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import PickableFilter, PortalFilterSet
from directives.models import Document
from units.filtersets import UnitSubtreeFilter

from .choices import ReportStatus
from .models import Deadline, Notification, Report

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _with_duties(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Plans that set reporting duties (the only ones with deadlines)."""
    return documents.filter(plan__duties__isnull=False).distinct()


class DeadlineFilterSet(PortalFilterSet):
    STATES = (
        ("open", _("Chưa nộp")),
        ("overdue", _("Quá hạn chưa nộp")),
        ("submitted", _("Đã nộp, chờ tiếp nhận")),
        ("returned", _("Bị trả lại")),
        ("accepted", _("Đã tiếp nhận")),
    )

    unit = UnitSubtreeFilter(path_field="unit__path")
    plan = PickableFilter(
        Document, label=_("Kế hoạch"), narrow=_with_duties, field_name="duty__plan__document"
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


class ReportFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    deadline = django_filters.NumberFilter(min_value=1, max_value=10**18)

    class Meta:
        model = Report
        fields = ["status", "deadline"]


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread"]

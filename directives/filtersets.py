"""One FilterSet per list, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import PickableFilter, PortalFilterSet
from units.models import Unit
from units.search import unit_picker

from .choices import AssignmentRole, DocumentKind, DocumentStatus, ReferenceKind
from .models import Assignment, Document


def issuing(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Units that issued a document."""
    return units.filter(issued_documents__isnull=False).distinct()


def implemented(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents that another document implements (the directives of a cascade)."""
    return documents.filter(incoming_references__kind=ReferenceKind.IMPLEMENTS).distinct()


class DocumentFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_text", help_text=_("Không cần gõ dấu.")
    )
    issuer = PickableFilter(Unit, label=_("Cơ quan ban hành"), narrow=issuing)
    kind = django_filters.ChoiceFilter(label=_("Loại văn bản"), choices=DocumentKind.choices)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=DocumentStatus.choices)
    year = django_filters.NumberFilter(
        label=_("Năm"), field_name="issued_year", min_value=1945, max_value=2100
    )
    implements = PickableFilter(
        Document, label=_("Thực hiện văn bản"), narrow=implemented, method="filter_implements"
    )

    class Meta:
        model = Document
        fields = ["q", "issuer", "kind", "status", "year", "implements"]

    def filter_implements(
        self, queryset: QuerySet[Document], name: str, value: Document
    ) -> QuerySet[Document]:
        return queryset.filter(
            outgoing_references__target=value, outgoing_references__kind=ReferenceKind.IMPLEMENTS
        )


class AssignmentFilterSet(PortalFilterSet):
    plan = PickableFilter(Document, label=_("Kế hoạch"), field_name="plan__document")
    unit = PickableFilter(
        Unit, label=_("Đơn vị được giao"), field_name="units", widget=unit_picker()
    )
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=AssignmentRole.choices)

    class Meta:
        model = Assignment
        fields = ["plan", "unit", "role"]

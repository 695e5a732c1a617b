"""One FilterSet per list, shared by the pages and (later) the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.filters import BoundedModelChoiceFilter, PortalFilterSet
from units.models import Unit

from .choices import DocumentKind, DocumentStatus, ReferenceKind
from .models import Document


def _issuers(request: Any) -> QuerySet[Unit]:
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user).filter(issued_documents__isnull=False).distinct()


def _directives(request: Any) -> QuerySet[Document]:
    if request is None:
        return Document.objects.none()
    return (
        Document.objects.visible_to(request.user)
        .filter(incoming_references__kind=ReferenceKind.IMPLEMENTS)
        .distinct()
    )


class DocumentFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_text", help_text=_("Không cần gõ dấu.")
    )
    issuer = BoundedModelChoiceFilter(label=_("Cơ quan ban hành"), queryset=_issuers)
    kind = django_filters.ChoiceFilter(label=_("Loại văn bản"), choices=DocumentKind.choices)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=DocumentStatus.choices)
    year = django_filters.NumberFilter(
        label=_("Năm"), field_name="issued_year", min_value=1945, max_value=2100
    )
    implements = BoundedModelChoiceFilter(
        label=_("Thực hiện văn bản"),
        queryset=_directives,
        method="filter_implements",
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

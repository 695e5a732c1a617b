"""Viewsets over the rows the user may see (NetBox's restricted querysets for DRF)."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from rest_framework import generics, viewsets

from .fields import IdConverter
from .filters import visible

# An id in an API address: ASCII digits that fit a 64-bit column, as in the pages' URLs
# (anything else matches no route: common.api.api_not_found answers 404).
ID_PATTERN = IdConverter.regex


class VisibleMixin[M: Model](generics.GenericAPIView[M]):
    """NetBox's restricted queryset for a DRF view: `queryset` names the rows (with the
    joins and order the view needs) and every request starts from what the user may see of
    them (`visible_to(user)`), so `get_object` is a 404 for anything else. Ids in addresses
    are ASCII digits (ID_PATTERN). A view with a narrower rule overrides `visible`."""

    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet[M]:
        return self.visible(super().get_queryset())

    def visible(self, queryset: QuerySet[M]) -> QuerySet[M]:
        return visible(queryset, self.request.user)


class VisibleReadOnlyViewSet[M: Model](VisibleMixin[M], viewsets.ReadOnlyModelViewSet[M]):
    """List and retrieve what the user may see."""


class VisibleModelViewSet[M: Model](VisibleMixin[M], viewsets.ModelViewSet[M]):
    """List, retrieve and write what the user may see; writes go through services (in the
    serializer's create/update and the view's perform_destroy)."""

"""What every API view shares: a service's ValidationError as a DRF 400, and pagination."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


def as_drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


class PortalPagination(PageNumberPagination):
    """Page-number pagination where a page past the end is an empty page, not a 404, and a
    client may ask for up to 200 rows (`page_size`)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            number = request.query_params.get(self.page_query_param, "")
            if not number.isdigit():
                raise
            paginator = self.django_paginator_class(queryset, self.get_page_size(request))
            self.page = _EmptyPage(paginator, int(number))
            self.request = request
            return []


class _EmptyPage:
    """What get_paginated_response needs from a page past the end."""

    def __init__(self, paginator: Any, number: int) -> None:
        self.paginator = paginator
        self.number = number

    def has_next(self) -> bool:
        return False

    def has_previous(self) -> bool:
        return self.paginator.num_pages > 0

    def previous_page_number(self) -> int:
        return self.paginator.num_pages

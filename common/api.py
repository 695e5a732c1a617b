"""What every API view shares: a domain error (a service's ValidationError) as a DRF 400 or
409, pagination, and the JSON 404 of an unknown address. The settings name this module
(EXCEPTION_HANDLER, DEFAULT_PAGINATION_CLASS), so it must not import DRF's views: the
viewsets over the rows the user may see are in common.viewsets."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.exceptions import Conflict


class ConflictError(APIException):
    status_code = 409
    default_detail = _("Dữ liệu vừa được người khác thay đổi; hãy tải lại trang.")
    default_code = "conflict"


def as_drf_error(exc: DjangoValidationError) -> APIException:
    """A domain error as a DRF answer: 409 for a lost race, otherwise 400 naming the field.
    The exception handler applies it to whatever a view raises; views never call it."""
    if isinstance(exc, Conflict):
        return ConflictError(exc.messages[0] if exc.messages else None)
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's, plus two translations made here once for every view:

    - a domain error (DomainError, Conflict, or any Django ValidationError a service, model
      or serializer's save raises) is a 400 with the fields' messages, 409 for a Conflict;
    - a missing object is DRF's "Not found." in the user's language: Django's
      get_object_or_404 says "No Activity matches the given query." (English, and naming
      the model). A view that has more to say raises NotFound with its message."""
    if isinstance(exc, Http404):
        exc = NotFound()
    elif isinstance(exc, DjangoValidationError):
        exc = as_drf_error(exc)
    return drf_exception_handler(exc, context)


@csrf_exempt  # it changes nothing; else a POST to a wrong address is a 403 page, not a 404
def api_not_found(request: HttpRequest) -> JsonResponse:
    """An address under /api/ that no route matches: 404 in JSON, as DRF answers."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


class PortalPagination(PageNumberPagination):
    """Page-number pagination where a page past the end is an empty page, not a 404, and a
    client may ask for up to 200 rows (`page_size`)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # Lazy, so that it is translated per request; DRF only formats it.
    invalid_page_message = _("Số trang không hợp lệ: cần một số nguyên dương.")  # type: ignore[assignment]

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            number = _page_number(request.query_params.get(self.page_query_param, ""))
            page_size = self.get_page_size(request)  # never None here: it paginated
            if number is None or page_size is None:
                raise
            paginator = self.django_paginator_class(queryset, page_size)
            # Duck-typed: the parts of a Page that get_paginated_response reads.
            self.page = _EmptyPage(paginator, number)  # type: ignore[assignment]
            self.request = request
            return []


def _page_number(text: str) -> int | None:
    """A whole page number, in decimal digits of any script as int() and Django's paginator
    read them ("٣" is 3); None for anything else, among them digits int() refuses ("²")
    and numbers too long to convert."""
    return int(text) if text.isdecimal() and len(text) <= 18 else None


class _EmptyPage:
    """What get_paginated_response needs from a page past the end."""

    def __init__(self, paginator: Paginator[Any], number: int) -> None:
        self.paginator = paginator
        self.number = number

    def has_next(self) -> bool:
        return False

    def has_previous(self) -> bool:
        return self.paginator.num_pages > 0

    def previous_page_number(self) -> int:
        return self.paginator.num_pages

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from common.parsers import PortalFormParser, PortalJSONParser, PortalMultiPartParser
from common.types import person
from common.viewsets import VisibleModelViewSet

from ..filtersets import ActivityFilterSet
from ..models import Activity
from ..selectors import totals_by_channel
from ..services import activity_delete, evidence_add_files
from .serializers import ActivitySerializer, EvidenceSerializer, TotalSerializer


class ActivityCursor(CursorPagination):
    ordering = ("-started_on", "-id")
    page_size = 50
    # Lazy, so that it is translated per request; DRF only formats it.
    invalid_cursor_message = _("Con trỏ phân trang không hợp lệ.")  # type: ignore[assignment]

    def decode_cursor(self, request: Request) -> Any:
        """A cursor whose position is not a date is refused (404), not a server error."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                # The stubs say int; DRF decodes the position as the query string's text.
                date.fromisoformat(cursor.position)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class ActivityViewSet(VisibleModelViewSet[Activity]):
    """Activities of the units the user may see; writes go through the campaign services."""

    queryset = Activity.objects.select_related("channel").prefetch_related("audiences", "evidence")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    pagination_class = ActivityCursor
    parser_classes = [PortalJSONParser, PortalMultiPartParser, PortalFormParser]

    def perform_destroy(self, instance: Activity) -> None:
        activity_delete(user=person(self.request), activity=instance)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
            }
        },
        responses={201: EvidenceSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[PortalMultiPartParser],
        pagination_class=None,
    )
    def evidence(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        """Upload evidence files (JPEG, PNG, WebP ≤ 40 MP, PDF, DOCX, XLSX; ≤ 20 MB each)."""
        # Who may add evidence, and when, is the service's rule (a refusal is a 403).
        created = evidence_add_files(
            user=person(request), activity=self.get_object(), uploads=request.FILES.getlist("file")
        )
        return Response(EvidenceSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TotalSerializer(many=True), parameters=None)
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request, format: str | None = None) -> Response:
        """Count, quantity, participants, reach and views per channel of the filtered list."""
        queryset = self.filter_queryset(self.get_queryset())
        totals = totals_by_channel(queryset)
        # many=True takes a list of rows; the stubs only know one instance.
        return Response(TotalSerializer(totals, many=True).data)  # type: ignore[arg-type]


__all__ = ["ActivityViewSet"]

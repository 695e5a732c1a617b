from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from common.parsers import PortalFormParser, PortalJSONParser, PortalMultiPartParser

from ..filtersets import ActivityFilterSet
from ..models import Activity
from ..selectors import totals_by_channel
from ..services import activity_delete, evidence_add_file, may_report_for
from .serializers import ActivitySerializer, EvidenceSerializer, TotalSerializer, as_drf_error


class ActivityCursor(CursorPagination):
    ordering = ("-started_on", "-id")
    page_size = 50
    invalid_cursor_message = _("Con trỏ phân trang không hợp lệ.")

    def decode_cursor(self, request: Request) -> Any:
        """A cursor whose position is not a date is refused (404), not a server error."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                date.fromisoformat(cursor.position)
            except (TypeError, ValueError):
                raise NotFound(self.invalid_cursor_message) from None
        return cursor


class ActivityViewSet(viewsets.ModelViewSet):
    """Activities of the units the user may see; writes go through the campaign services."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    pagination_class = ActivityCursor
    lookup_value_regex = "[0-9]{1,18}"
    parser_classes = [PortalJSONParser, PortalMultiPartParser, PortalFormParser]

    def get_queryset(self) -> Any:
        return (
            Activity.objects.visible_to(self.request.user)
            .select_related("channel")
            .prefetch_related("audiences", "evidence")
        )

    def perform_destroy(self, instance: Activity) -> None:
        try:
            activity_delete(user=self.request.user, activity=instance)
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc

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
        activity = self.get_object()
        if not may_report_for(request.user, activity.unit) or activity.locked:
            return Response(
                {"detail": "Không có quyền thêm minh chứng."}, status=status.HTTP_403_FORBIDDEN
            )
        files = request.FILES.getlist("file")
        if not files:
            return Response({"file": ["Chưa chọn tệp."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            with transaction.atomic():
                created = [evidence_add_file(activity=activity, upload=f) for f in files]
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        return Response(EvidenceSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TotalSerializer(many=True), parameters=None)
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request, format: str | None = None) -> Response:
        """Count, quantity, participants, reach and views per channel of the filtered list."""
        queryset = self.filter_queryset(self.get_queryset())
        return Response(TotalSerializer(totals_by_channel(queryset), many=True).data)


__all__ = ["ActivityViewSet", "OpenApiTypes"]

"""REST: the status of one plan across the units it assigned (paged by unit)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api.serializers import ActivitySumsSerializer
from common.viewsets import VisibleMixin
from directives.models import Document

from .status import plan_standing, plan_status


class _UnitRef(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _PlanRef(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)


class _ChannelTotal(ActivitySumsSerializer):
    channel = serializers.CharField()  # the channel's code
    channel_name = serializers.CharField()


class _DeadlineStatus(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.CharField()
    due_on = serializers.DateField()
    timeliness = serializers.CharField()
    days = serializers.IntegerField()
    report_status = serializers.CharField(allow_null=True)


class UnitStatusSerializer(serializers.Serializer[Any]):
    unit = _UnitRef()
    roles = serializers.ListField(child=serializers.CharField())
    plan = _PlanRef(allow_null=True)
    activities = _ChannelTotal(many=True)
    deadlines = _DeadlineStatus(many=True)


class _StatusQuery(serializers.Serializer[Any]):
    on = serializers.DateField(
        required=False,
        help_text=_(
            "Ngày xem trạng thái (mặc định hôm nay): đơn vị đã giải thể trước ngày này được "
            "thể hiện qua đơn vị kế thừa."
        ),
    )


class PlanStatusView(VisibleMixin[Document]):
    """For each unit the plan assigned: its own implementing plan (issued or not), activity
    totals by channel under the plan's cascade, and the report status of each deadline. A
    unit dissolved before `on` (default today) is represented by its successors."""

    queryset = Document.objects.filter(plan__isnull=False)
    serializer_class = UnitStatusSerializer
    filter_backends: list[Any] = []

    @extend_schema(parameters=[_StatusQuery], responses=UnitStatusSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        document = self.get_object()
        query = _StatusQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        standing = plan_standing(document, request.user, as_of=query.validated_data.get("on"))
        # Pages the plan's units, not the view's own documents.
        page = self.paginate_queryset(standing.units())  # type: ignore[arg-type]
        # The rows are plain data already shaped as UnitStatusSerializer documents them (the
        # schema test checks every response against it); running the serializer over some
        # 2,500 nested deadlines per page would double the endpoint's time.
        rows = plan_status(document, list(page or []), standing)
        return self.get_paginated_response(rows)

"""REST: the status of one plan across the units it assigned (paged by unit)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api.serializers import ActivitySumsSerializer
from common.viewsets import VisibleMixin
from directives.models import Document

from .status import assigned_units, plan_status


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


class PlanStatusView(VisibleMixin[Document]):
    """For each unit the plan assigned: its implementing plan (issued or not), activity totals
    by channel under the plan's cascade, and the report status of each deadline."""

    queryset = Document.objects.filter(plan__isnull=False)
    serializer_class = UnitStatusSerializer
    filter_backends: list[Any] = []

    @extend_schema(responses=UnitStatusSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        document = self.get_object()
        # Pages the plan's units, not the view's own documents.
        page = self.paginate_queryset(assigned_units(document, request.user))  # type: ignore[arg-type]
        # The rows are plain data already shaped as UnitStatusSerializer documents them (the
        # schema test checks every response against it); running the serializer over some
        # 2,500 nested deadlines per page would double the endpoint's time.
        rows = plan_status(document, list(page or []), request.user)
        return self.get_paginated_response(rows)

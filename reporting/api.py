"""REST API of reporting: deadlines with their timeliness, the report of a deadline and its
workflow (save, submit, return, accept), and extension requests. Every write goes through
reporting.services; their ValidationError is a 400 and their PermissionDenied a 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import as_drf_error

from .choices import ReportStatus
from .filtersets import DeadlineFilterSet
from .models import Deadline, Extension, Notification, Report, ReportEvent
from .selectors import timeliness
from .services import (
    NARRATIVE_MAX,
    extension_decide,
    extension_request,
    report_accept,
    report_return,
    report_submit,
    report_update,
)


class DeadlineSerializer(serializers.ModelSerializer[Deadline]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    document = serializers.IntegerField(source="duty.plan.document_id", read_only=True)
    receiver = serializers.IntegerField(source="duty.receiver_id", read_only=True, allow_null=True)
    effective_due_on = serializers.DateField(read_only=True)
    timeliness = serializers.SerializerMethodField()
    days = serializers.SerializerMethodField()
    report_status = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "unit",
            "unit_name",
            "document",
            "duty",
            "receiver",
            "period_label",
            "period_start",
            "period_end",
            "data_start",
            "data_end",
            "due_on",
            "extended_to",
            "effective_due_on",
            "submitted_at",
            "timeliness",
            "days",
            "report_status",
        ]
        read_only_fields = fields

    def _state(self, obj: Deadline) -> Any:
        """Computed once per row for both fields."""
        if not hasattr(obj, "_timeliness_state"):
            obj._timeliness_state = timeliness(obj)  # type: ignore[attr-defined]
        return obj._timeliness_state  # type: ignore[attr-defined]

    def get_timeliness(self, obj: Deadline) -> str:
        return self._state(obj).timeliness

    def get_days(self, obj: Deadline) -> int:
        """Days late or overdue; days left when not yet due."""
        return self._state(obj).days

    def get_report_status(self, obj: Deadline) -> str | None:
        report = getattr(obj, "report", None)
        return report.status if report else None


class EventSerializer(serializers.ModelSerializer[ReportEvent]):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)

    class Meta:
        model = ReportEvent
        fields = ["action", "actor", "reason", "at"]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer[Report]):
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "deadline",
            "status",
            "results",
            "shortcomings",
            "proposals",
            "figures",
            "late_units",
            "returned_reason",
            "submitted_at",
            "accepted_at",
            "events",
        ]
        read_only_fields = [f for f in fields if f not in ("results", "shortcomings", "proposals")]
        extra_kwargs = {
            name: {"max_length": NARRATIVE_MAX, "allow_blank": True, "required": False}
            for name in ("results", "shortcomings", "proposals")
        }


class ReasonSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=4000, allow_blank=True, required=False, default="")


class ExtensionSerializer(serializers.ModelSerializer[Extension]):
    class Meta:
        model = Extension
        fields = [
            "id",
            "deadline",
            "requested_until",
            "reason",
            "status",
            "decision_note",
            "created_at",
            "decided_at",
        ]
        read_only_fields = ["id", "deadline", "status", "decision_note", "created_at", "decided_at"]
        extra_kwargs = {"reason": {"max_length": 4000}}


class DecisionSerializer(serializers.Serializer[dict[str, Any]]):
    decision = serializers.ChoiceField(choices=["grant", "refuse"])
    note = serializers.CharField(max_length=4000, allow_blank=True, required=False, default="")


def _service(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except DjangoValidationError as exc:
        raise as_drf_error(exc) from exc


class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    """Deadlines of the units the user sees or receives reports from."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilterSet
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self) -> Any:
        return (
            Deadline.objects.visible_to(self.request.user)
            .select_related("unit", "duty__plan", "duty__receiver", "report")
            .order_by("due_on", "pk")
        )

    def _report(self, deadline: Deadline) -> Report:
        report = Report.objects.filter(deadline=deadline).first()
        if report is None:
            raise NotFound("Đơn vị chưa soạn báo cáo cho hạn này.")
        return report

    @extend_schema(request=ReportSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["get", "put", "patch"])
    def report(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        """The deadline's report; PUT/PATCH saves its narrative (a draft is started if none)."""
        deadline = self.get_object()
        if request.method == "GET":
            return Response(ReportSerializer(self._report(deadline)).data)
        serializer = ReportSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        report = _service(
            lambda: report_update(
                user=request.user, deadline=deadline, data=dict(serializer.validated_data)
            )
        )
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        """Submit the report (submitting again changes nothing; after acceptance: 400)."""
        deadline = self.get_object()
        report = _service(lambda: report_submit(user=request.user, deadline=deadline))
        return Response(ReportSerializer(report).data)

    @extend_schema(request=ReasonSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        """Return a submitted report to its unit; the reason is mandatory."""
        deadline = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = self._report(deadline)
        reason = serializer.validated_data["reason"]
        report = _service(lambda: report_return(user=request.user, report=report, reason=reason))
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        deadline = self.get_object()
        report = self._report(deadline)
        report = _service(lambda: report_accept(user=request.user, report=report))
        return Response(ReportSerializer(report).data)

    @extend_schema(methods=["GET"], responses=ExtensionSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=ExtensionSerializer, responses={201: ExtensionSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def extensions(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        """The deadline's extension requests; POST asks for a later date with a reason."""
        deadline = self.get_object()
        if request.method == "GET":
            return Response(ExtensionSerializer(deadline.extensions.all(), many=True).data)
        serializer = ExtensionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        extension = _service(
            lambda: extension_request(
                user=request.user,
                deadline=deadline,
                until=data["requested_until"],
                reason=data["reason"],
            )
        )
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=ExtensionSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"extensions/(?P<eid>[0-9]{1,18})/decide",
        url_name="extension-decide",
    )
    def decide(
        self,
        request: Request,
        pk: str | None = None,
        eid: str | None = None,
        format: str | None = None,
    ) -> Response:
        """Grant or refuse a pending extension request (the receiver's leaders)."""
        deadline = self.get_object()
        extension = get_object_or_404(Extension.objects.filter(deadline=deadline), pk=eid)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        extension = _service(
            lambda: extension_decide(
                user=request.user,
                extension=extension,
                grant=data["decision"] == "grant",
                note=data["note"],
            )
        )
        return Response(ExtensionSerializer(extension).data)


class ReportListSerializer(serializers.ModelSerializer[Report]):
    unit = serializers.IntegerField(source="deadline.unit_id", read_only=True)
    period_label = serializers.CharField(source="deadline.period_label", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "deadline", "unit", "period_label", "status", "submitted_at", "accepted_at"]
        read_only_fields = fields


class ReportFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    deadline = django_filters.NumberFilter(min_value=1, max_value=10**18)

    class Meta:
        model = Report
        fields = ["status", "deadline"]


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Reports of the units the user sees or receives reports from (writes go through
    /deadlines/{id}/report/ and its actions)."""

    filterset_class = ReportFilterSet
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self) -> Any:
        return (
            Report.objects.visible_to(self.request.user)
            .select_related("deadline")
            .prefetch_related("events__actor")
            .order_by("-pk")
        )

    def get_serializer_class(self) -> Any:
        return ReportSerializer if self.action == "retrieve" else ReportListSerializer


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilterSet(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's own notifications (the bell); `read/` marks one read, `read-all/` all."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    queryset = Notification.objects.none()  # the schema's model; requests use get_queryset

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        mine = Notification.objects.filter(recipient=self.request.user)
        return mine.order_by("-created_at", "-pk")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request, format: str | None = None) -> Response:
        count = self.get_queryset().filter(read_at__isnull=True).update(read_at=timezone.now())
        return Response({"read": count})

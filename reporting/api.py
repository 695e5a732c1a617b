"""REST API of reporting: deadlines with their timeliness, the report of a deadline and its
workflow (save, submit, return, accept), and extension requests. Every write goes through
reporting.services or reporting.extensions; common.api.exception_handler answers their
DomainError with a 400 (409 for a Conflict) and their PermissionDenied with a 403."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from common.types import person
from common.viewsets import ID_PATTERN, VisibleReadOnlyViewSet

from .extensions import extension_decide, extension_request
from .filtersets import DeadlineFilterSet, NotificationFilterSet, ReportFilterSet
from .models import Deadline, Extension, Notification, Report, ReportEvent
from .notifications import notification_read, notifications_read_all
from .selectors import DeadlineState, timeliness
from .services import (
    NARRATIVE_MAX,
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

    def _state(self, obj: Deadline) -> DeadlineState:
        """Computed once per row for both fields (kept on the row: the model has no such
        attribute)."""
        state: DeadlineState | None = getattr(obj, "_timeliness_state", None)
        if state is None:
            state = timeliness(obj)
            obj._timeliness_state = state  # type: ignore[attr-defined]
        return state

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


class DeadlineViewSet(VisibleReadOnlyViewSet[Deadline]):
    """Deadlines of the units the user sees or receives reports from."""

    queryset = Deadline.objects.select_related(
        "unit", "duty__plan", "duty__receiver", "report"
    ).order_by("due_on", "pk")
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilterSet

    # The actions below take the address's `pk` (and any `format` suffix) in `kwargs`, where
    # get_object() reads them.

    def _input(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        """The request's body, validated (or a 400 naming the fields in error)."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _report(self, deadline: Deadline) -> Report:
        report = Report.objects.filter(deadline=deadline).first()
        if report is None:
            raise NotFound(_("Đơn vị chưa soạn báo cáo cho hạn này."))
        return report

    @extend_schema(request=ReportSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["get", "put", "patch"])
    def report(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The deadline's report; PUT/PATCH saves its narrative (a draft is started if none)."""
        deadline = self.get_object()
        if request.method == "GET":
            return Response(ReportSerializer(self._report(deadline)).data)
        serializer = ReportSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        report = report_update(
            user=person(request), deadline=deadline, data=dict(serializer.validated_data)
        )
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit the report (submitting again changes nothing; after acceptance: 400)."""
        deadline = self.get_object()
        report = report_submit(user=person(request), deadline=deadline)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=ReasonSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Return a submitted report to its unit; the reason is mandatory."""
        deadline = self.get_object()
        reason = self._input(ReasonSerializer)["reason"]
        report = report_return(user=person(request), report=self._report(deadline), reason=reason)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = report_accept(user=person(request), report=self._report(self.get_object()))
        return Response(ReportSerializer(report).data)

    @extend_schema(methods=["GET"], responses=ExtensionSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=ExtensionSerializer, responses={201: ExtensionSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def extensions(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The deadline's extension requests; POST asks for a later date with a reason."""
        deadline = self.get_object()
        if request.method == "GET":
            return Response(ExtensionSerializer(deadline.extensions.all(), many=True).data)
        data = self._input(ExtensionSerializer)
        extension = extension_request(
            user=person(request),
            deadline=deadline,
            until=data["requested_until"],
            reason=data["reason"],
        )
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=ExtensionSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"extensions/(?P<eid>{ID_PATTERN})/decide",
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
        data = self._input(DecisionSerializer)
        extension = extension_decide(
            user=person(request),
            extension=extension,
            grant=data["decision"] == "grant",
            note=data["note"],
        )
        return Response(ExtensionSerializer(extension).data)


class ReportListSerializer(serializers.ModelSerializer[Report]):
    unit = serializers.IntegerField(source="deadline.unit_id", read_only=True)
    period_label = serializers.CharField(source="deadline.period_label", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "deadline", "unit", "period_label", "status", "submitted_at", "accepted_at"]
        read_only_fields = fields


class ReportViewSet(VisibleReadOnlyViewSet[Report]):
    """Reports of the units the user sees or receives reports from (writes go through
    /deadlines/{id}/report/ and its actions)."""

    queryset = (
        Report.objects.select_related("deadline").prefetch_related("events__actor").order_by("-pk")
    )
    filterset_class = ReportFilterSet

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Report]]:
        return ReportSerializer if self.action == "retrieve" else ReportListSerializer


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(VisibleReadOnlyViewSet[Notification]):
    """The user's own notifications (the bell); `read/` marks one read, `read-all/` all."""

    queryset = Notification.objects.order_by("-created_at", "-pk")
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    def visible(self, queryset: QuerySet[Notification]) -> QuerySet[Notification]:
        """The user's own, superusers included (visible_to shows them everyone's)."""
        return super().visible(queryset).filter(recipient_id=self.request.user.pk)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        notification = notification_read(user=person(request), notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request, format: str | None = None) -> Response:
        return Response({"read": notifications_read_all(user=person(request))})

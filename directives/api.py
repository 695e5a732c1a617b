"""REST API of documents and plans: documents with their references and cascade, plans with
every part, and assignments. Read-only: plans are written in the editor."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from common.viewsets import VisibleReadOnlyViewSet
from units.models import Unit

from .filtersets import AssignmentFilterSet, DocumentFilterSet
from .models import (
    Assignment,
    AssignmentTask,
    AudienceGroup,
    AudienceItem,
    BudgetItem,
    Channel,
    ChannelItem,
    ChannelTarget,
    Document,
    DocumentReference,
    Footnote,
    Plan,
    PlanSection,
    Purpose,
    Recipient,
    ReportingDuty,
    RoadmapStep,
    Theme,
)
from .selectors import cascade_under


class ReferenceSerializer(serializers.ModelSerializer[DocumentReference]):
    class Meta:
        model = DocumentReference
        fields = ["source", "target", "kind", "citation"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer[Document]):
    reference = serializers.CharField(read_only=True)
    has_plan = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "style",
            "reference",
            "number",
            "symbol",
            "issuer",
            "issuer_name",
            "place",
            "issued_on",
            "issued_year",
            "issued_month",
            "date_text",
            "title",
            "status",
            "signer_title",
            "signer_name",
            "version_of",
            "has_plan",
        ]
        read_only_fields = fields

    def get_has_plan(self, obj: Document) -> bool:
        return hasattr(obj, "plan")


class DocumentDetailSerializer(DocumentSerializer):
    references = serializers.SerializerMethodField()
    referenced_by = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "references", "referenced_by"]
        read_only_fields = fields

    def _visible(self) -> QuerySet[Document, int]:
        return Document.objects.visible_to(self.context["request"].user).values_list(
            "pk", flat=True
        )

    # With many=True, `data` is a list; the stubs type it as one serializer's dict.
    def get_references(self, obj: Document) -> list[dict[str, Any]]:
        edges = obj.outgoing_references.filter(target__in=self._visible())
        return ReferenceSerializer(edges, many=True).data  # type: ignore[return-value]

    def get_referenced_by(self, obj: Document) -> list[dict[str, Any]]:
        edges = obj.incoming_references.filter(source__in=self._visible())
        return ReferenceSerializer(edges, many=True).data  # type: ignore[return-value]


class CascadeSerializer(serializers.Serializer[Any]):
    document = DocumentSerializer()
    depth = serializers.IntegerField()
    implements = serializers.ListField(child=serializers.IntegerField())


class DocumentViewSet(VisibleReadOnlyViewSet[Document]):
    """Documents the user may see (drafts of their units, issued ones of their province,
    central ones), with the same filters as the plan list page."""

    queryset = Document.objects.select_related("plan").order_by("-issued_on", "-pk")
    filterset_class = DocumentFilterSet

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Document]]:
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    @extend_schema(responses=CascadeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def cascade(
        self, request: Request, pk: str | None = None, format: str | None = None
    ) -> Response:
        """Every visible document implementing this one, transitively, with its depth."""
        nodes = cascade_under(self.get_object(), user=request.user)
        return Response(
            CascadeSerializer(
                [
                    {"document": n.document, "depth": n.depth, "implements": n.implements}
                    for n in nodes
                ],
                many=True,
            ).data
        )


ITEM_FIELDS = ["id", "section", "position", "label", "title", "text"]


class PurposeSerializer(serializers.ModelSerializer[Purpose]):
    class Meta:
        model = Purpose
        fields = [*ITEM_FIELDS, "kind"]


class ThemeSerializer(serializers.ModelSerializer[Theme]):
    class Meta:
        model = Theme
        fields = ITEM_FIELDS


class RoadmapSerializer(serializers.ModelSerializer[RoadmapStep]):
    class Meta:
        model = RoadmapStep
        fields = [*ITEM_FIELDS, "due_text"]


class BudgetSerializer(serializers.ModelSerializer[BudgetItem]):
    class Meta:
        model = BudgetItem
        fields = [*ITEM_FIELDS, "source", "amount"]


class TargetSerializer(serializers.ModelSerializer[ChannelTarget]):
    channel: serializers.SlugRelatedField[Channel] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = ChannelTarget
        fields = ["channel", "planned_quantity"]


class ChannelItemSerializer(serializers.ModelSerializer[ChannelItem]):
    targets = TargetSerializer(many=True, read_only=True)
    channels: serializers.SlugRelatedField[Channel] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = ChannelItem
        fields = [*ITEM_FIELDS, "channels", "targets"]


class AudienceSerializer(serializers.ModelSerializer[AudienceItem]):
    groups: serializers.SlugRelatedField[AudienceGroup] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = AudienceItem
        fields = [*ITEM_FIELDS, "groups"]


class TaskSerializer(serializers.ModelSerializer[AssignmentTask]):
    class Meta:
        model = AssignmentTask
        fields = ["id", "position", "label", "text", "role"]


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    units: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [*ITEM_FIELDS, "role", "plan", "units", "tasks"]


class DutySerializer(serializers.ModelSerializer[ReportingDuty]):
    reporting_units: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = ReportingDuty
        fields = [
            "id",
            "position",
            "phrase",
            "subject",
            "rule",
            "due_on",
            "day",
            "month",
            "receiver",
            "receiver_text",
            "via",
            "via_text",
            "reporting_units",
            "reporting_units_text",
            "data_window",
            "reminder_steps",
            "assignment",
        ]


class SectionSerializer(serializers.ModelSerializer[PlanSection]):
    class Meta:
        model = PlanSection
        fields = ["id", "parent", "position", "label", "title", "part", "intro", "outro"]


class FootnoteSerializer(serializers.ModelSerializer[Footnote]):
    class Meta:
        model = Footnote
        fields = ["marker", "anchor", "text"]


class RecipientSerializer(serializers.ModelSerializer[Recipient]):
    class Meta:
        model = Recipient
        fields = ["position", "text", "unit", "is_archive"]


class PlanSerializer(serializers.ModelSerializer[Plan]):
    id = serializers.IntegerField(source="document_id", read_only=True)
    document = DocumentSerializer(read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "document", "derived_from"]


class PlanDetailSerializer(PlanSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    purposes = PurposeSerializer(many=True, read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)
    audiences = AudienceSerializer(many=True, read_only=True)
    channel_items = ChannelItemSerializer(many=True, read_only=True)
    roadmap_steps = RoadmapSerializer(many=True, read_only=True)
    budget_items = BudgetSerializer(many=True, read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)
    duties = DutySerializer(many=True, read_only=True)
    footnotes = FootnoteSerializer(many=True, read_only=True)
    recipients = RecipientSerializer(source="document.recipients", many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [
            *PlanSerializer.Meta.fields,
            "basis_text",
            "closing_text",
            "sections",
            "purposes",
            "themes",
            "audiences",
            "channel_items",
            "roadmap_steps",
            "budget_items",
            "assignments",
            "duties",
            "footnotes",
            "recipients",
        ]


class PlanViewSet(VisibleReadOnlyViewSet[Plan]):
    """Plans the user may see; the detail carries every part as printed."""

    queryset = Plan.objects.select_related("document").order_by(
        "-document__issued_on", "-document_id"
    )
    # A plan's key is its document's; the address calls it `id` like every other resource's
    # (from `pk`, the schema would name it after the key field, `document`).
    lookup_url_kwarg = "id"

    def get_queryset(self) -> QuerySet[Plan]:
        plans = super().get_queryset()
        if self.action == "retrieve":
            plans = plans.prefetch_related(
                "sections",
                "purposes",
                "themes",
                "audiences__groups",
                Prefetch(
                    "channel_items",
                    ChannelItem.objects.prefetch_related("channels", "targets__channel"),
                ),
                "roadmap_steps",
                "budget_items",
                "assignments__units",
                "assignments__tasks",
                "duties__reporting_units",
                "footnotes",
                "document__recipients",
            )
        return plans

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Plan]]:
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer


class AssignmentViewSet(VisibleReadOnlyViewSet[Assignment]):
    """Assignments of the plans the user may see, with their units and tasks."""

    queryset = Assignment.objects.prefetch_related("units", "tasks").order_by(
        "plan_id", "position", "pk"
    )
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet

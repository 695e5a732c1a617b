"""REST API of the unit tree: the units the user may see, filtered by level, kind, parent,
system and activity, with their ancestors on the detail."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from common.viewsets import VisibleReadOnlyViewSet

from .choices import DivisionType, Scheme
from .filtersets import UnitFilterSet
from .models import Unit


class UnitSerializer(serializers.ModelSerializer[Unit]):
    level = serializers.IntegerField(source="depth", read_only=True)
    # Blank for organisations (only territories carry them): the schema must allow "".
    scheme = serializers.ChoiceField(choices=Scheme.choices, allow_blank=True, read_only=True)
    division_type = serializers.ChoiceField(
        choices=DivisionType.choices, allow_blank=True, read_only=True
    )
    successors: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "system",
            "doc_style",
            "parent",
            "territory",
            "level",
            "code",
            "scheme",
            "division_type",
            "key",
            "is_active",
            "valid_from",
            "valid_to",
            "successors",
        ]
        read_only_fields = fields


class UnitDetailSerializer(UnitSerializer):
    ancestors = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "ancestors"]
        read_only_fields = fields

    def get_ancestors(self, obj: Unit) -> list[dict[str, Any]]:
        """The path from the top (province) down to the unit's parent."""
        return [
            {"id": u.pk, "name": u.name} for u in Unit.objects.ancestors_of(obj).order_by("depth")
        ]


class UnitViewSet(VisibleReadOnlyViewSet[Unit]):
    """Units the user may see (their subtrees and the predecessors of those units)."""

    queryset = Unit.objects.prefetch_related("successors").order_by("path")
    filterset_class = UnitFilterSet

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Unit]]:
        return UnitDetailSerializer if self.action == "retrieve" else UnitSerializer

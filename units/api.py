"""REST API of the unit tree: the units the user may see, filtered by level, kind, parent,
system and activity, with their ancestors on the detail."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from common.filters import BoundedModelChoiceFilter, PortalFilterSet

from .choices import DivisionType, Scheme, UnitKind, UnitSystem
from .models import Unit


def _units(request: Any) -> Any:
    return Unit.objects.none() if request is None else Unit.objects.visible_to(request.user)


class UnitFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Tên"), field_name="name", lookup_expr="icontains")
    level = django_filters.NumberFilter(
        label=_("Cấp trong cây (0: tỉnh)"), field_name="depth", min_value=0, max_value=20
    )
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=UnitKind.choices)
    system = django_filters.ChoiceFilter(label=_("Hệ thống"), choices=UnitSystem.choices)
    parent = BoundedModelChoiceFilter(label=_("Đơn vị cấp trên"), queryset=_units)
    active = django_filters.BooleanFilter(label=_("Đang hoạt động"), field_name="is_active")
    code = django_filters.CharFilter(label=_("Mã hành chính"), field_name="code")

    class Meta:
        model = Unit
        fields = ["q", "level", "kind", "system", "parent", "active", "code"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    level = serializers.IntegerField(source="depth", read_only=True)
    # Blank for organisations (only territories carry them): the schema must allow "".
    scheme = serializers.ChoiceField(choices=Scheme.choices, allow_blank=True, read_only=True)
    division_type = serializers.ChoiceField(
        choices=DivisionType.choices, allow_blank=True, read_only=True
    )
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

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


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units the user may see (their subtrees and the predecessors of those units)."""

    filterset_class = UnitFilterSet
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self) -> Any:
        return (
            Unit.objects.visible_to(self.request.user)
            .prefetch_related("successors")
            .order_by("path")
        )

    def get_serializer_class(self) -> Any:
        return UnitDetailSerializer if self.action == "retrieve" else UnitSerializer

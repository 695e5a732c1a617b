from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_scope import ScopedAdminMixin, ScopedInlineMixin
from .models import Membership, Unit
from .services import unit_move, unit_place


class MembershipInline(ScopedInlineMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "system",
            "parent",
            "territory",
            "key",
            "doc_style",
            "symbol_code",
            "header_parent_line",
            "header_name",
            "place_name",
            "code",
            "scheme",
            "division_type",
            "data_version",
            "valid_from",
            "valid_to",
            "is_active",
            "successors",
        ]

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        unit = self.instance
        if parent is not None and unit.pk and unit.path and parent.path.startswith(unit.path):
            raise forms.ValidationError(_("Không thể chuyển một đơn vị vào chính cây con của nó."))
        return parent


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = UnitAdminForm
    list_display = ["name", "kind", "system", "code", "scheme", "symbol_code", "is_active", "depth"]
    list_filter = ["kind", "system", "scheme", "is_active", "doc_style", "division_type"]
    search_fields = ["name", "short_name", "code", "key", "symbol_code"]
    autocomplete_fields = ["parent", "territory", "successors"]
    readonly_fields = ["path", "depth"]
    inlines = [MembershipInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "system", "parent", "territory", "key"]}),
        (
            _("Văn bản"),
            {
                "fields": [
                    "doc_style",
                    "symbol_code",
                    "header_parent_line",
                    "header_name",
                    "place_name",
                ]
            },
        ),
        (_("Danh mục hành chính"), {"fields": ["code", "scheme", "division_type", "data_version"]}),
        (_("Hiệu lực"), {"fields": ["valid_from", "valid_to", "is_active", "successors"]}),
        (_("Cây"), {"fields": ["path", "depth"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        # The tree encoding is kept by the services: a new unit gets its path there, and a
        # changed parent moves the whole subtree.
        if not change:
            obj.save()
            unit_place(unit=obj)
            return
        parent_changed = "parent" in form.changed_data
        obj.save()
        if parent_changed:
            unit_move(unit=obj, new_parent=obj.parent)


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "unit__name"]
    autocomplete_fields = ["user", "unit"]

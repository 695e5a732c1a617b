from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db.models import BLANK_CHOICE_DASH, Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.fields import set_choices
from common.text import fold
from common.types import Person, Viewer

from .admin_scope import (
    ScopedAdminMixin,
    ScopedInlineMixin,
    SuperuserOnlyMixin,
    administered_q,
    administers_any,
    users_administered_by,
    users_visible_to,
)
from .choices import Role, UnitKind
from .models import ApiToken, BodyTemplate, Membership, Unit
from .search import MAX_WORDS, names_matching, unit_admin_label
from .services import membership_add, unit_move, unit_place

User = get_user_model()

# Third-party admins a non-superuser must never reach, whatever permissions they were
# given: groups carry permissions, login-failure logs name people and addresses, and
# periodic tasks run code.
CLOSED_MODELS = (
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "django_celery_beat.PeriodicTask",
    "django_celery_beat.ClockedSchedule",
    "django_celery_beat.CrontabSchedule",
    "django_celery_beat.SolarSchedule",
    "django_celery_beat.IntervalSchedule",
)


def close_to_non_superusers(label: str) -> None:
    try:
        model = apps.get_model(label)
    except LookupError:
        return
    if not admin.site.is_registered(model):
        return
    current = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(f"Closed{current.__name__}", (SuperuserOnlyMixin, current), {}))


for _label in CLOSED_MODELS:
    close_to_non_superusers(_label)


class PortalAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete (select2) with unit labels that tell a current unit from a
    dissolved one of the same name (parent, valid from, dissolved on)."""

    def serialize_result(self, obj: Any, to_field_name: str) -> dict[str, Any]:
        # A documented hook of Django's view, which the stubs leave out.
        result: dict[str, Any] = super().serialize_result(obj, to_field_name)  # type: ignore[misc]
        if isinstance(obj, Unit):
            result["text"] = unit_admin_label(obj)
        return result


def _autocomplete(request: HttpRequest) -> Any:
    return PortalAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# The site's URLs are built after every admin module is imported (config/urls.py).
admin.site.autocomplete_view = _autocomplete  # type: ignore[method-assign]


def unit_search_results(queryset: Any, search_term: str) -> Any:
    """Units whose name holds every typed word (accents and case aside), or whose code,
    key or symbol is the term; with their parents, which the labels name."""
    term = search_term.strip()
    words = fold(term).split()[:MAX_WORDS]
    queryset = queryset.select_related("parent")
    if not words:
        return queryset
    exact = Q(code=term) | Q(key=term) | Q(symbol_code__iexact=term)
    return names_matching(queryset, words, or_=exact)


class MembershipInline(ScopedInlineMixin, admin.TabularInline[Membership, Unit]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


# A unit's entry in the national catalogue of administrative units.
REGISTER_FIELDS = (
    "code",
    "scheme",
    "division_type",
    "data_version",
    "valid_from",
    "valid_to",
    "is_active",
    "successors",
)


class UnitAdminForm(forms.ModelForm[Unit]):
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
            *REGISTER_FIELDS,
        ]

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        unit = self.instance
        if parent is not None and unit.pk and unit.path and parent.path.startswith(unit.path):
            raise forms.ValidationError(_("Không thể chuyển một đơn vị vào chính cây con của nó."))
        return parent


# How a unit (or the template of its bodies) signs documents.
DOCUMENT_FIELDS = ("doc_style", "symbol_code", "header_parent_line", "header_name", "place_name")


# The national catalogue and the tree are kept by superusers (and the loaders); a unit admin
# edits how their units sign documents and adds units under them.
CATALOGUE_FIELDS = ("territory", "key", *REGISTER_FIELDS)


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    owner_path = "path"
    owner_field = "parent"  # a new unit goes under a unit the user administers
    unit_admin_actions = frozenset({"add", "change"})  # dissolve, never delete
    state_fields = CATALOGUE_FIELDS
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
        (_("Văn bản"), {"fields": DOCUMENT_FIELDS}),
        (_("Danh mục hành chính"), {"fields": ["code", "scheme", "division_type", "data_version"]}),
        (_("Hiệu lực"), {"fields": ["valid_from", "valid_to", "is_active", "successors"]}),
        (_("Cây"), {"fields": ["path", "depth"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Unit | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += ["parent", "kind", "system"]  # moving a unit moves what others see
        return fields

    def get_search_results(
        self, request: HttpRequest, queryset: Any, search_term: str
    ) -> tuple[Any, bool]:
        return unit_search_results(queryset, search_term), False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return _with_unit_labels(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return _with_unit_labels(super().formfield_for_manytomany(db_field, request, **kwargs))

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "kind" and not request.user.is_superuser:
            # Provinces, districts and communes come from the national catalogue only.
            kwargs["choices"] = BLANK_CHOICE_DASH + [
                choice for choice in UnitKind.choices if choice[0] not in UnitKind.territorial()
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

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


def _with_unit_labels(field: Any) -> Any:
    """A chosen unit shows the label its autocomplete gave it."""
    queryset = getattr(field, "queryset", None)
    if queryset is not None and queryset.model is Unit:
        field.label_from_instance = unit_admin_label
    return field


@admin.register(BodyTemplate)
class BodyTemplateAdmin(SuperuserOnlyMixin, admin.ModelAdmin[BodyTemplate]):
    """The bodies every province and commune has; `manage.py load_bodies` applies them.
    A template is switched off rather than deleted (its bodies keep pointing at it)."""

    list_display = ["name_pattern", "level", "kind", "system", "parent", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["level", "kind", "system", "is_active"]
    search_fields = ["key", "name_pattern", "short_name_pattern", "symbol_code"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["key", "level", "kind", "system", "parent", "sort_order", "is_active"]}),
        (_("Tên"), {"fields": ["name_pattern", "short_name_pattern", "predecessor_patterns"]}),
        (_("Văn bản"), {"fields": DOCUMENT_FIELDS}),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin[Membership]):
    owner_path = "unit__path"
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "unit__name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdminMixin, admin.ModelAdmin[ApiToken]):
    """Tokens are issued by their owners (the secret is shown to them once); an
    administrator sees them and revokes them by deleting."""

    list_display = ["name", "user", "created", "last_used", "expiry", "session_bound"]
    search_fields = ["name", "user__username"]
    readonly_fields = ("name", "user", "created", "last_used", "expiry")
    fields = ("name", "user", "created", "last_used", "expiry")
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(boolean=True, description=_("gắn với phiên đăng nhập"))
    def session_bound(self, obj: ApiToken) -> bool:
        return obj.session_bound


class MemberCreationForm(AdminUserCreationForm):
    """A unit admin creates an account together with its first role in one of their units
    (an account outside every unit would be nobody's to manage)."""

    unit = forms.ModelChoiceField(label=_("đơn vị"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("vai trò"), choices=Role.choices)


def member_creation_form_for(user: Viewer) -> type[MemberCreationForm]:
    units = Unit.objects.filter(administered_q(user, "path"))

    class Form(MemberCreationForm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            set_choices(self.fields["unit"], units)

    return Form


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(DjangoUserAdmin[Person]):
    """Accounts: seen where their units are seen, changed by the admins of all their units,
    deactivated rather than deleted (their reports and history keep their author), and
    never a way for a non-superuser to hand out staff, superuser or permissions."""

    privilege_fields = (
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "last_login",
        "date_joined",
    )
    member_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2", "unit", "role"),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return users_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and administers_any(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if request.user.is_superuser:
            return True
        if obj is None:
            return administers_any(request.user)
        return users_administered_by(request.user, User.objects.filter(pk=obj.pk)).exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in self.privilege_fields if name not in fields]
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None and not request.user.is_superuser:
            return self.member_fieldsets
        return super().get_fieldsets(request, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = member_creation_form_for(request.user)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        unit = None if change else form.cleaned_data.get("unit")
        if unit is not None:
            membership_add(user=obj, unit=unit, role=form.cleaned_data["role"])

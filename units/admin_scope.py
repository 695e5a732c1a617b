"""Admin pages restricted to what the admin user may see, and writes to what they administer.

Reads: every list, change and history page, and every choice in a foreign-key or many-to-many
field, goes through `visible_to(request.user)`; superusers see everything.

Writes: a non-superuser adds, changes or deletes a row only when, besides Django's model
permission, they hold the unit-admin role over the unit that owns the row (`owner_path`) and
the row's state still allows edits (`editable_state`: a draft document, an unlocked activity).
Workflows (issuing, submitting, accepting) move state through services, so state fields
(`state_fields`) are read-only for them, and an admin that names no owner is read-only. A
deletion whose cascade reaches anything they may not delete is refused, and its confirmation
page names only the kinds of rows in the way, never the rows.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from common.types import Viewer

from .choices import Role
from .scope import scope_for

ADMIN_ROLES: tuple[str, ...] = (Role.UNIT_ADMIN,)
ALL_WRITES = frozenset({"add", "change", "delete"})


def administers_any(user: Viewer) -> bool:
    """True when the user holds the unit-admin role somewhere (or is a superuser)."""
    scope = scope_for(user)
    return scope.everything or any(role in ADMIN_ROLES for _path, role in scope.roles)


def administered_q(user: Viewer, path_field: str) -> Q:
    """Rows whose `path_field` lies under a unit the user administers."""
    return scope_for(user).role_q(path_field, ADMIN_ROLES)


def users_visible_to(user: Viewer, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Accounts a non-superuser may look at: members of the units they see, and themselves."""
    if user.is_superuser:
        return queryset
    from .models import Membership

    seen = Membership.objects.visible_to(user).filter(user=OuterRef("pk"))
    return queryset.filter(Q(pk=user.pk) | Q(Exists(seen)))


def users_administered_by(user: Viewer, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Accounts a non-superuser may change: plain accounts (neither staff nor superuser)
    that belong to a unit they administer and to no unit outside those."""
    if user.is_superuser:
        return queryset
    from .models import Membership

    inside = administered_q(user, "unit__path")
    mine = Membership.objects.filter(inside, user=OuterRef("pk"))
    elsewhere = Membership.objects.exclude(inside).filter(user=OuterRef("pk"))
    return queryset.filter(Exists(mine), ~Exists(elsewhere), is_staff=False, is_superuser=False)


def _scoped(queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
    visible_to = getattr(queryset, "visible_to", None)
    if callable(visible_to):
        scoped: QuerySet[Any] = visible_to(request.user)
        return scoped
    if queryset.model is get_user_model():
        return users_visible_to(request.user, queryset)
    return queryset


# The mixins below reach the admin class they are mixed into through super(), which the
# checker sees as `object`: those calls carry `type: ignore[misc]`.
class ScopedChoicesMixin:
    """Rows and every foreign-key or many-to-many choice limited to what the user sees."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return _scoped(super().get_queryset(request), request)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs:
            kwargs["queryset"] = _scoped(
                db_field.remote_field.model._default_manager.all(), request
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs:
            kwargs["queryset"] = _scoped(
                db_field.remote_field.model._default_manager.all(), request
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedInlineMixin(ScopedChoicesMixin):
    """An inline's rows belong to the row on the page: they are written only where that
    row may be (added with it on an add page, changed with it on a change page)."""

    admin_site: admin.AdminSite
    parent_model: Any

    def _parent_allows(self, request: HttpRequest, obj: Any) -> bool:
        if request.user.is_superuser:
            return True
        parent = self.admin_site.get_model_admin(self.parent_model)
        if obj is None:
            return bool(parent.has_add_permission(request))
        return bool(parent.has_change_permission(request, obj))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_add_permission(request, obj) and self._parent_allows(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._parent_allows(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._parent_allows(request, obj)  # type: ignore[misc]


class ScopedAdminMixin(ScopedChoicesMixin):
    """Reads as the portal's; writes of non-superusers as the module docstring says.

    - `owner_path`: lookup from the row to the path of the unit owning it; None leaves the
      admin read-only for non-superusers.
    - `owner_field`: the form field choosing the owner (default: the lookup's first part);
      its choices are the rows the user may write.
    - `editable_state`: rows whose state still allows edits; others are read-only.
    - `unit_admin_actions`: which of add, change, delete a unit admin may do at all.
    - `state_fields`: workflow fields, read-only for non-superusers.
    """

    owner_path: ClassVar[str | None] = None
    owner_field: ClassVar[str | None] = None
    editable_state: ClassVar[Q | None] = None
    unit_admin_actions: ClassVar[frozenset[str]] = ALL_WRITES
    state_fields: ClassVar[tuple[str, ...]] = ()

    admin_site: admin.AdminSite
    model: Any

    def writable(self, request: HttpRequest) -> QuerySet[Any]:
        """Rows the user may alter (before the per-admin add/change/delete choice)."""
        queryset = self.get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if self.owner_path is None:
            return queryset.none()
        queryset = queryset.filter(administered_q(request.user, self.owner_path))
        return queryset if self.editable_state is None else queryset.filter(self.editable_state)

    def _owns(self, request: HttpRequest, obj: Any) -> bool:
        # One query per row and request: Django asks the same question many times per page.
        cache: dict[tuple[str, Any], bool] | None = getattr(request, "_admin_writable", None)
        if cache is None:
            cache = {}
            setattr(request, "_admin_writable", cache)  # noqa: B010
        key = (self.model._meta.label, obj.pk)
        if key not in cache:
            cache[key] = obj.pk is not None and self.writable(request).filter(pk=obj.pk).exists()
        return cache[key]

    def _may(self, request: HttpRequest, action: str, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return True
        if self.owner_path is None or action not in self.unit_admin_actions:
            return False
        return administers_any(request.user) if obj is None else self._owns(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._may(request, "add")  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._may(request, "change", obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may(request, "delete", obj)  # type: ignore[misc]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if not request.user.is_superuser:
            fields += [name for name in self.state_fields if name not in fields]
        return fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        owner_field = self.owner_field or (self.owner_path or "").split("__")[0]
        if (
            "queryset" not in kwargs
            and not request.user.is_superuser
            and db_field.name == owner_field
        ):
            target = self.admin_site._registry.get(db_field.remote_field.model)
            kwargs["queryset"] = (
                target.writable(request)
                if isinstance(target, ScopedAdminMixin)
                else db_field.remote_field.model._default_manager.none()
            )
            kwargs["required"] = True  # an ownerless row would be nobody's to edit
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_actions(self, request: HttpRequest) -> Any:
        # The bulk delete asks for delete permission once, not per row: superusers only.
        actions = super().get_actions(request)  # type: ignore[misc]
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        # list_editable saves rows with one model-wide permission check: superusers only.
        changelist = super().get_changelist_instance(request)  # type: ignore[misc]
        if not request.user.is_superuser:
            changelist.list_editable = ()
        return changelist

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        found = super().get_deleted_objects(objs, request)  # type: ignore[misc]
        if request.user.is_superuser:
            return found
        _to_delete, _counts, perms_needed, _protected = found
        blocked = set(perms_needed) | self._unvouched_kinds(objs)
        if blocked:
            # Refused: name the kinds of rows in the way, never the rows (they may be
            # another unit's drafts).
            return [], {}, blocked, []
        return found

    def _unvouched_kinds(self, objs: Any) -> set[Any]:
        """Kinds of protected rows, and of cascaded rows no admin page checks per row."""
        objs = list(objs)
        if not objs:
            return set()
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        kinds = {obj._meta.verbose_name for obj in collector.protected}
        models: list[Any] = list(collector.model_objs)
        for model in models:
            if not model._meta.auto_created and not self.admin_site.is_registered(model):
                kinds.add(model._meta.verbose_name)
        return kinds

    def _require_visible(self, request: HttpRequest, object_id: str) -> None:
        try:
            found = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, TypeError):
            found = False
        if not found:
            raise Http404

    # django-simple-history's pages would otherwise show (and revert) objects outside
    # `get_queryset`; a revert rewrites every field, state included: superusers only.

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._require_visible(request, object_id)
        response: HttpResponse = super().history_view(  # type: ignore[misc]
            request, object_id, extra_context
        )
        return response

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._require_visible(request, object_id)
        if not str(version_id).isdigit() or len(str(version_id)) > 18:
            raise Http404  # simple-history would look it up as an integer and fail with a 500
        if request.method == "POST" and not request.user.is_superuser:
            raise PermissionDenied
        response: HttpResponse = super().history_form_view(  # type: ignore[misc]
            request, object_id, version_id, extra_context
        )
        return response

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        if not request.user.is_superuser:
            return True
        parent = getattr(super(), "revert_disabled", None)
        return bool(parent(request, obj)) if parent else True


class SuperuserOnlyMixin:
    """Closed to everybody but superusers: no module entry, no page, no write."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


class SuperuserOnlyAdmin(SuperuserOnlyMixin, admin.ModelAdmin[Any]):
    """Bookkeeping tables only superusers may look at or touch."""

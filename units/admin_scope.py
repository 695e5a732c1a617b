"""Admin pages restricted to what the admin user may see (the same rule as the portal).

Every list, change and history page, and every choice in a foreign-key or many-to-many
field, goes through `visible_to(request.user)`; superusers see everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse


def _scoped(queryset: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
    visible_to = getattr(queryset, "visible_to", None)
    return visible_to(request.user) if callable(visible_to) else queryset


class ScopedInlineMixin:
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


class ScopedAdminMixin(ScopedInlineMixin):
    """The same for model admins, including django-simple-history's pages, which would
    otherwise show (and revert) objects outside `get_queryset`."""

    def _require_visible(self, request: HttpRequest, object_id: str) -> None:
        try:
            found = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, TypeError):
            found = False
        if not found:
            raise Http404

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc]

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._require_visible(request, object_id)
        if not str(version_id).isdigit() or len(str(version_id)) > 18:
            raise Http404  # simple-history would look it up as an integer and fail with a 500
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Bookkeeping tables only superusers may look at."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

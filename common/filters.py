"""What this user may pick, and the django-filter filters built on the bounded form fields
of common.fields.

Every choice a form, FilterSet or serializer offers starts from `visible(Model, user)`: the
model's own `visible_to(user)` (NetBox's restricted querysets). Common knows no app: it
calls the method every app's querysets module defines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Model, QuerySet
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from .fields import BoundedModelChoiceField
from .text import fold
from .types import Viewer

Narrow = Callable[[QuerySet[Any]], QuerySet[Any]]


def visible[M: Model](rows: type[M] | QuerySet[M], user: Viewer) -> QuerySet[M]:
    """The rows of a model (or of a queryset of it) this user may see: `visible_to(user)`,
    the rule every read starts from."""
    queryset = rows if isinstance(rows, QuerySet) else rows._default_manager.all()
    restricted: QuerySet[M] = queryset.visible_to(user)  # type: ignore[attr-defined]
    return restricted


def pickable[M: Model](user: Viewer | None, model: type[M]) -> QuerySet[M]:
    """What this user may pick of `model` in a form, a filter or an API field: the rows
    they may see; nothing without a user (a form built without a request)."""
    return model._default_manager.none() if user is None else visible(model, user)


class _BoundedFilterField(BoundedModelChoiceField[Any], FilterModelChoiceField):
    pass


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _BoundedFilterField


class PickableFilter(BoundedModelChoiceFilter):
    """A choice among the rows of `model` the requesting user may pick, optionally narrowed
    (`narrow` takes and returns a queryset). No choices without a request: the schema
    generator builds FilterSets without one."""

    def __init__(
        self, model: type[Model], *args: Any, narrow: Narrow | None = None, **kwargs: Any
    ) -> None:
        # Not `self.model`: django-filter sets that to the FilterSet's own model.
        self.pick_model = model
        self.narrow = narrow
        super().__init__(*args, **kwargs)

    def get_queryset(self, request: Any) -> QuerySet[Any]:
        rows = pickable(getattr(request, "user", None), self.pick_model)
        return self.narrow(rows) if self.narrow is not None else rows


class PortalFilterSet(django_filters.FilterSet):
    """What every list's FilterSet shares: Bootstrap widgets, the accent-insensitive `q`
    over a stored `search_text`, and the rows to show."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = getattr(field.widget, "input_type", "") == "select"
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def rows(self) -> QuerySet[Any]:
        """All rows when nothing is filtered; none (the form shows why) when a value is invalid."""
        # django-filter ships no types: name what its attributes hold.
        queryset: QuerySet[Any] = self.queryset
        if not self.is_bound:
            return queryset
        filtered: QuerySet[Any] = self.qs
        return filtered if self.is_valid() else queryset.none()

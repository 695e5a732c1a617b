"""django-filter filters built on the bounded form fields of common.fields."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from .fields import BoundedModelChoiceField
from .text import fold


class _BoundedFilterField(BoundedModelChoiceField, FilterModelChoiceField):
    pass


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _BoundedFilterField


class PortalFilterSet(django_filters.FilterSet):
    """What every list's FilterSet shares: Bootstrap widgets, the accent-insensitive `q`
    over a stored `search_text`, and the rows to show."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            is_select = getattr(field.widget, "input_type", "") == "select"
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")
            if name.startswith("date_"):
                field.widget.input_type = "date"

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def rows(self) -> QuerySet[Any]:
        """All rows when nothing is filtered; none (the form shows why) when a value is invalid."""
        if not self.is_bound:
            return self.queryset
        return self.qs if self.is_valid() else self.queryset.none()

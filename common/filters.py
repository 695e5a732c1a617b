"""django-filter filters built on the bounded form fields of common.fields."""

from __future__ import annotations

import django_filters
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from .fields import BoundedModelChoiceField


class _BoundedFilterField(BoundedModelChoiceField, FilterModelChoiceField):
    pass


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _BoundedFilterField

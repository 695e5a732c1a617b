"""Typeahead pickers: a <select> that ships only the chosen rows and asks a search endpoint
for the others as the person types (static/js/pickers.js, with tom-select).

A list of 45,000 units cannot be a page of <option>s. The field keeps its queryset (what may
be picked, checked on submit); rendering reads only the selected ids from it, never the whole
queryset. Without JavaScript the select still holds and submits the chosen value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext as _

from .fields import parse_id

Label = Callable[[Any], str]
# A page never shows more chosen rows than this (a crafted query string could name more).
MAX_SELECTED = 100


class TypeaheadMixin:
    """What the single and the multiple picker share. `url_name` names the search endpoint
    (reversed at render time), `params` are fixed query parameters narrowing the search,
    `label` renders a chosen row (default: the field's own label)."""

    allow_multiple_selected: bool
    choices: Any

    def __init__(
        self,
        *,
        url_name: str,
        params: Mapping[str, str] | None = None,
        label: Label | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs=attrs)  # type: ignore[call-arg]
        self.url_name = url_name
        self.params = dict(params or {})
        self.label = label

    def search_url(self) -> str:
        query = urlencode(self.params)
        return reverse(self.url_name) + (f"?{query}" if query else "")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "data-typeahead": self.search_url(),
            "data-typeahead-placeholder": _("Gõ tên để tìm…"),
            "data-typeahead-none": _("Không tìm thấy kết quả phù hợp."),
            "data-typeahead-hint": _("Gõ ít nhất 2 chữ để tìm (không cần dấu)."),
            "data-typeahead-loading": _("Đang tìm…"),
            "data-typeahead-failed": _("Không tìm được, vui lòng thử lại."),
        }
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        return context

    def optgroups(
        self, name: str, value: list[str], attrs: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        """The empty choice (a single, optional picker) and the chosen rows, nothing else."""
        options = [
            self.create_option(name, key, text, key in value, index, attrs=attrs)  # type: ignore[attr-defined]
            for index, (key, text) in enumerate(self._shipped(value))
        ]
        return [(None, [option], option["index"]) for option in options]

    def _shipped(self, value: list[str]) -> Iterable[tuple[str, str]]:
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            # Plain choices: only the chosen ones (and an empty one) are shipped too.
            chosen = [(str(k), str(v)) for k, v in choices if str(k) in value or k in ("", None)]
            yield from chosen
            return
        field = choices.field
        if field.empty_label is not None and not self.allow_multiple_selected:
            yield "", str(field.empty_label)
        ids = [pk for pk in (parse_id(v) for v in value[:MAX_SELECTED]) if pk is not None]
        if not ids:
            return
        rows: QuerySet[Model] = choices.queryset.filter(pk__in=ids)
        label = self.label or field.label_from_instance
        by_id = {str(row.pk): row for row in rows}
        for key in dict.fromkeys(str(pk) for pk in ids):
            if key in by_id:
                yield key, label(by_id[key])


class TypeaheadSelect(TypeaheadMixin, forms.Select):
    pass


class TypeaheadSelectMultiple(TypeaheadMixin, forms.SelectMultiple):
    pass

"""Form fields and URL converters that refuse ids no database column can hold.

PostgreSQL answers such a lookup with "no such row"; SQLite raises OverflowError (a 500)
for some lookups (a one-to-one primary key, `pk__in`). A value over 2**63 - 1 is simply an
invalid choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

MAX_ID = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """A row id typed by a person (a query parameter, a spreadsheet cell): ASCII digits a
    column can hold, else None ("²" passes isdigit, yet int() refuses it)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 19 or int(text) > MAX_ID:
        return None
    return int(text)


def _in_range(value: Any) -> bool:
    """False for a number no column can hold. True for anything that is not a number: the
    field refuses it itself. `isdecimal`, not `isdigit`: "²" is a digit that int() refuses."""
    digits = str(value).strip().removeprefix("-")
    if not digits.isdecimal():
        return True
    return len(digits) <= 19 and int(digits) <= MAX_ID


class BoundedModelChoiceField[M: Model](forms.ModelChoiceField[M]):
    def to_python(self, value: Any) -> M | None:
        if value not in self.empty_values and not _in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField[M: Model](forms.ModelMultipleChoiceField[M]):
    def _check_values(self, value: Any) -> QuerySet[M]:
        for item in value or []:
            if not _in_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        # A private hook of Django's form field, which the stubs leave out.
        checked: QuerySet[M] = super()._check_values(value)  # type: ignore[misc]
        return checked


def set_choices(field: forms.Field, rows: QuerySet[Any]) -> None:
    """Give a form's model choice field the rows it offers. A form's `fields` are plain
    Fields to the type checker; a field of another kind is a programming error."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(field).__name__} offers no rows to choose from")
    field.queryset = rows


class IdConverter:
    """`<id:pk>` in URLs: digits that fit a 64-bit id (else the URL does not match: 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)

from __future__ import annotations

from typing import Any

from django import template

from directives.models import Document

register = template.Library()

_PREFIX = {
    "party": {"TM": "T/M", "KT": "K/T", "TL": "T/L", "TUQ": "T/U", "Q": "Q."},
    "state": {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."},
}


@register.filter
def authority_line(document: Document) -> str:
    """ "K/T TRƯỞNG BAN" (party) or "KT. CHỦ TỊCH" (state)."""
    prefix = _PREFIX.get(document.style, _PREFIX["state"]).get(document.signer_authority, "")
    return f"{prefix} {document.signer_authority_of}".strip()


_WIDTHS = {
    "label": "col-3 col-md-1",
    "title": "col-9 col-md-11",
    "kind": "col-md-3",
    "role": "col-md-3",
    "text": "col-12",
    "tasks": "col-12",
    "units": "col-md-9",
    "groups": "col-12",
    "rule": "col-md-3",
    "due_on": "col-md-3",
    "day": "col-6 col-md-2",
    "month": "col-6 col-md-2",
    "is_archive": "col-md-3",
}


@register.simple_tag
def field_width(part: str, name: str) -> str:
    if name.startswith(("channel_", "quantity_")):
        return "col-6 col-md-3" if name.startswith("channel_") else "col-6 col-md-1"
    if part == "recipients" and name == "text":
        return "col-md-9"
    return _WIDTHS.get(name, "col-md-6")


@register.filter
def with_class(bound_field: Any) -> Any:
    """Add Bootstrap's class to a field's widget (select, check or control)."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", "")
    if kind == "checkbox" and not getattr(widget, "allow_multiple_selected", False):
        css = "form-check-input"
    elif kind == "select" or getattr(widget, "allow_multiple_selected", False):
        css = "form-select" if kind == "select" else ""
    else:
        css = "form-control"
    if css:
        existing = widget.attrs.get("class", "")
        if css not in existing:
            widget.attrs["class"] = f"{existing} {css}".strip()
    if bound_field.errors:
        widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
        widget.attrs["aria-invalid"] = "true"
    return bound_field

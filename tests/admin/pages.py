"""Helpers to post admin forms the way a browser would."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import MultiWidget
from django.test import RequestFactory
from django.urls import reverse


def fresh_request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_url(obj: Any, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def changelist_url(model: Any) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def change_payload(obj: Any, as_user: Any, **changes: Any) -> dict[str, Any]:
    """The change form of `obj` as `as_user` would submit it untouched, plus `changes`;
    inlines are posted empty (their rows are left as they are)."""
    model_admin = admin.site.get_model_admin(type(obj))
    request = fresh_request(as_user)
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                if part is not None:
                    data[f"{name}_{index}"] = part
        elif value is not None:
            data[name] = value
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
    data.update(changes)
    return data

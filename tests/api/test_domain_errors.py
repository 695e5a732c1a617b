"""A domain error is translated once: the API's exception handler answers 400 naming the
field (409 for a Conflict), and pages put the same messages on the form or in messages."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from common.api import exception_handler
from common.exceptions import Conflict, DomainError
from common.views import add_domain_error, domain_error_status, message_domain_error


def _answer(exc: Exception) -> tuple[int, Any]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


@pytest.mark.django_db
def test_api_answers_a_domain_error_with_400_naming_the_field() -> None:
    assert _answer(DomainError({"unit": "Không được."})) == (400, {"unit": ["Không được."]})
    assert _answer(DomainError("Không được.")) == (400, {"non_field_errors": ["Không được."]})


@pytest.mark.django_db
def test_api_answers_a_plain_validation_error_of_a_service_as_a_domain_error() -> None:
    assert _answer(ValidationError("Sai.")) == (400, {"non_field_errors": ["Sai."]})


@pytest.mark.django_db
def test_api_answers_a_conflict_with_409() -> None:
    status, data = _answer(Conflict("Người khác vừa sửa."))
    assert status == 409
    assert data == {"detail": "Người khác vừa sửa."}


class _Form(forms.Form):
    unit = forms.CharField(required=False)


def test_page_puts_each_message_on_its_field_or_on_the_form() -> None:
    form = _Form({})
    assert form.is_valid()
    add_domain_error(form, DomainError({"unit": "Đơn vị sai.", "other": "Khác."}))
    assert form.errors["unit"] == ["Đơn vị sai."]
    assert form.non_field_errors() == ["Khác."]
    form = _Form({})
    assert form.is_valid()
    add_domain_error(form, DomainError(["Một.", "Hai."]))
    assert form.non_field_errors() == ["Một.", "Hai."]


def test_page_shows_each_message_of_a_refused_action() -> None:
    request = RequestFactory().post("/")
    request.session = SessionBase()  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    message_domain_error(request, DomainError(["Một.", "Hai."]))
    assert [str(m) for m in get_messages(request)] == ["Một.", "Hai."]


def test_page_status_is_409_for_a_conflict_else_400() -> None:
    assert domain_error_status(Conflict("x")) == 409
    assert domain_error_status(DomainError("x")) == 400

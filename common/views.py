"""Probes for load balancers, the answers given when a request fails on the server, and how
a page shows a domain error (the API's counterpart is common.api.exception_handler)."""

from __future__ import annotations

import logging
import sys

from celery import current_app
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from kombu.exceptions import OperationalError as BrokerError

from .exceptions import Conflict

logger = logging.getLogger(__name__)

# A dependency that is down or too slow (connect, pool and statement timeouts): the
# request may succeed again in a minute, so the answer is 503, not 500.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, BrokerError)
RETRY_AFTER_SECONDS = 30
# The broker probe may not cost a health check more than this (seconds).
BROKER_PROBE_TIMEOUT = 2


@never_cache
def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the web process answers (no dependency is asked; restarting the web
    process would not bring a database back)."""
    return JsonResponse({"status": "ok"})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database and the broker answer; 503 names the one that does not."""
    checks = {
        "database": "ok" if _database_answers() else "down",
        "broker": "ok" if _broker_answers() else "down",
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            answered: bool = cursor.fetchone() == (1,)
            return answered
    except DatabaseError as exc:
        logger.warning("Health check: database unavailable: %r", exc)
        return False


def _broker_answers() -> bool:
    options = {
        **(current_app.conf.broker_transport_options or {}),
        "socket_connect_timeout": BROKER_PROBE_TIMEOUT,
        "socket_timeout": BROKER_PROBE_TIMEOUT,
    }
    connection = current_app.connection_for_write(
        connect_timeout=BROKER_PROBE_TIMEOUT, transport_options=options
    )
    errors: tuple[type[BaseException], ...] = (*connection.connection_errors, BrokerError, OSError)
    try:
        with connection:
            connection.ensure_connection(max_retries=0)
        return True
    except errors as exc:
        logger.warning("Health check: broker unavailable: %r", exc)
        return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a dependency that is down is a 503 that says so; anything else a 500.
    JSON on the API, a page (in the user's language) elsewhere; neither touches the
    database, which may be the thing that failed."""
    unavailable = isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS)
    status = 503 if unavailable else 500
    if request.path_info.startswith("/api/"):
        detail = (
            _("Hệ thống tạm thời gián đoạn (máy chủ dữ liệu không phản hồi). Vui lòng thử lại sau.")
            if unavailable
            else _("Lỗi máy chủ. Yêu cầu chưa được xử lý; lỗi đã được ghi lại.")
        )
        response: HttpResponse = JsonResponse({"detail": detail}, status=status)
    else:
        response = HttpResponse(render_to_string(f"{status}.html"), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def domain_error_status(exc: ValidationError) -> int:
    """The status of a page shown again after a service refused: 409 when someone else
    changed the object first (Conflict; the page shows the state they left), else 400."""
    return 409 if isinstance(exc, Conflict) else 400


def add_domain_error(form: BaseForm, exc: ValidationError) -> None:
    """A service's refusal on the form that asked for the action: each message on its field
    when the form has that field, on the form as a whole otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def message_domain_error(request: HttpRequest, exc: ValidationError) -> None:
    """A service's refusal of an action without a form: each message shown on the next page."""
    for error in exc.messages:
        messages.error(request, error)

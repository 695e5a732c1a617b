"""Health probes name the dependency that is down; a failing request is answered clearly
(503 when a dependency is down, 500 otherwise; JSON on the API, a page elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError

from common.views import server_error

from .servers import RedisServer, portal_broker

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_database_and_broker_answer() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_healthz_names_the_broker_when_it_is_down(tmp_path: Path) -> None:
    with portal_broker(RedisServer(tmp_path).url):  # nothing listens on that port
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "down"}


def test_livez_asks_no_dependency(tmp_path: Path) -> None:
    with portal_broker(RedisServer(tmp_path).url):
        assert Client().get("/livez").json() == {"status": "ok"}


def _answer_to(error: Exception, path: str, language: str = "vi") -> Any:
    request = RequestFactory().get(path)
    with translation.override(language):
        try:
            raise error
        except Exception:
            return server_error(request)


def test_a_database_that_is_down_is_a_503_page_in_the_users_language() -> None:
    page = _answer_to(OperationalError("connection refused"), "/plans/")
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "Hệ thống tạm thời gián đoạn" in page.content.decode()
    english = _answer_to(OperationalError("connection refused"), "/plans/", "en")
    assert "The service is temporarily unavailable" in english.content.decode()


def test_the_api_answers_json_detail_for_an_outage_and_for_a_bug() -> None:
    outage = _answer_to(BrokerError("broker down"), "/api/v1/plans/")
    assert outage.status_code == 503
    assert "tạm thời gián đoạn" in json.loads(outage.content)["detail"]
    bug = _answer_to(ValueError("a bug"), "/api/v1/plans/")
    assert bug.status_code == 500 and "Lỗi máy chủ" in json.loads(bug.content)["detail"]
    assert not bug.has_header("Retry-After")


def test_a_bug_elsewhere_is_a_500_page_not_djangos_bare_text() -> None:
    page = _answer_to(ValueError("a bug"), "/plans/")
    assert page.status_code == 500
    assert "Đã xảy ra lỗi trên máy chủ" in page.content.decode()
    assert "Server Error (500)" not in page.content.decode()

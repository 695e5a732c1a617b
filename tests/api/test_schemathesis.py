"""Schemathesis over the whole OpenAPI schema at /api/schema/, in-process through the WSGI
application, as the Hưng Yên leader with a token: a bounded number of generated requests per
operation, and none may cause a server error or a response that breaks the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

MAX_EXAMPLES = 6


@pytest.fixture(autouse=True)
def keep_the_test_connection(db: None) -> Iterator[None]:
    """As Django's test client does: a request must not close the test's connection (the
    test runs in a transaction that is rolled back afterwards)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(hy_leader: Any) -> str:
    return Token.objects.get_or_create(user=hy_leader)[0].key


# The schema view needs no database: it is fetched once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_responses_match_the_schema(case: Any, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {token}", "Accept-Language": "vi"},
        checks=[not_a_server_error, response_schema_conformance],
    )

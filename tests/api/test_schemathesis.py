"""Schemathesis over the whole OpenAPI schema at /api/schema/, in-process through the WSGI
application, as three personas with a token each: the Hưng Yên leader, the provincial editor
and the Kỳ Lừa ward reporter.

Each persona sees rows of every kind (tests/api/conftest.py), and three generated ids in four
are aimed at rows the persona may see, so that real answers are checked, not only 404s. No
request may cause a server error, a response that breaks the schema, or a status code the
schema does not document.

The sweep is slow, so it runs in full once, in CI's PostgreSQL pass: 50 generated examples
per operation and persona on PostgreSQL; the leader and the editor are marked `postgres`
(the SQLite pass deselects them), and the ward reporter also runs on SQLite with 5 examples.
The coverage phase's boundary and negative cases come on top of the examples, everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import visible_ids
from units.accounts.services import api_token_issue

ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
MAX_EXAMPLES = 50 if ON_POSTGRESQL else 5
PERSONAS = [
    pytest.param("hy_leader", marks=pytest.mark.postgres),
    pytest.param("hy_editor", marks=pytest.mark.postgres),
    "kyl_reporter",
]


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
def persona_user(request: Any, persona: str, world: None) -> Any:
    return request.getfixturevalue(persona)


@pytest.fixture
def token(persona_user: Any) -> str:
    return api_token_issue(user=persona_user, name="schemathesis")[1]


@pytest.fixture
def visible(persona_user: Any, token: str) -> dict[str, list[int]]:
    return visible_ids(persona_user)


def _aim(case: Any, visible: dict[str, list[int]]) -> None:
    """Point generated ids at visible rows; one in four stays as generated (mostly a 404)."""
    params = case.path_parameters or {}
    resource = case.operation.path.split("/")[3]
    for name, pool in (("id", visible.get(resource)), ("eid", visible["eid"])):
        value = str(params.get(name, ""))
        if pool and value.isascii() and value.isdigit() and int(value) % 4:
            params[name] = pool[int(value) % len(pool)]


# The schema view needs no database: it is fetched once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.mark.parametrize("persona", PERSONAS)
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_every_answer_is_documented(
    case: Any, token: str, visible: dict[str, list[int]]
) -> None:
    _aim(case, visible)
    case.call_and_validate(
        headers={"Authorization": f"Token {token}", "Accept-Language": "vi"},
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )

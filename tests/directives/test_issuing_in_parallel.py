"""Ten issue requests at once on one register get ten distinct consecutive numbers.

Runs on SQLite (writers serialised) and, in the CI PostgreSQL pass, on PostgreSQL where the
row lock of the register UPDATE is what keeps numbers apart. Transactional: each thread
commits on its own connection, as concurrent requests do.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from directives.services.plans import plan_create
from tests.builders import member, signed_in, unit
from units.choices import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_parallel_issues_get_ten_consecutive_numbers(seeded_transactional_db: None) -> None:
    board = unit("ls/btgdv")
    editor = member("racer", board, Role.EDITOR)
    drafts = [plan_create(user=editor, issuer=board, title=f"kế hoạch {i}") for i in range(10)]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    clients = [signed_in(editor) for _ in drafts]
    statuses: list[int] = []

    def issue(document: Any, client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(reverse("directives:plan_issue", args=[document.pk]))
            statuses.append(response.status_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=issue, args=pair) for pair in zip(drafts, clients, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and statuses == [302] * len(drafts)
    numbers = sorted(
        type(d).objects.values_list("number_value", flat=True).get(pk=d.pk) for d in drafts
    )
    assert numbers == list(range(1, 11))

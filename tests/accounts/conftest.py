"""Fixtures for sign-in, password reset and API tokens."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def own_cache_keys(settings: Any) -> None:
    """Rate-limit counters live in the shared cache (files or Redis): each test counts under
    its own key prefix, so that runs and tests never see each other's counts (and nothing
    flushes a cache that the Celery broker may share)."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches

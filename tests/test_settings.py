"""Settings come from the environment; a wrong value stops start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from common.env import env_bool, env_int, env_list, env_url

ROOT = Path(__file__).resolve().parents[1]


def test_env_bool_refuses_a_value_that_is_not_a_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a boolean"):
        env_bool("X_FLAG")
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG") is True


def test_env_int_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("X_NUM", 1, minimum=1)


def test_env_url_checks_the_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_URL", "mysql://db/x")
    with pytest.raises(ImproperlyConfigured, match="postgres"):
        env_url("X_URL", schemes=("postgres", "sqlite"))
    monkeypatch.delenv("X_URL")
    assert env_url("X_URL", schemes=("postgres",)) == ""


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_HOSTS", " a.vn, b.vn ,")
    assert env_list("X_HOSTS", []) == ["a.vn", "b.vn"]


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PORTAL_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_stops_on_a_bad_database_url(tmp_path: Path) -> None:
    result = _check(
        {"PORTAL_DEMO": "1", "DATABASE_URL": "oracle://x", "PORTAL_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_start_up_stops_without_a_secret_key_in_production(tmp_path: Path) -> None:
    result = _check({"PORTAL_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set() -> None:
    from django.conf import settings

    assert settings.DEBUG is False

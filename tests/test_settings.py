"""Settings come from the environment; a wrong value stops start-up with a clear message."""

from __future__ import annotations

import ast
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
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


def _check(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PORTAL_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", *options],
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


def _settings_of(env: dict[str, str], *names: str) -> dict[str, object]:
    """Settings as a fresh process computes them from exactly `env` (pytest-django forces
    DEBUG off in this process, so it cannot tell)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PORTAL_"))
    }
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(result.stdout))


def test_debug_is_off_unless_set(tmp_path: Path) -> None:
    base = {"PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(tmp_path)}
    assert _settings_of(base, "DEBUG") == {"DEBUG": False}
    assert _settings_of({**base, "DJANGO_DEBUG": "0"}, "DEBUG") == {"DEBUG": False}
    assert _settings_of({**base, "DJANGO_DEBUG": "1"}, "DEBUG") == {"DEBUG": True}


def test_a_real_process_hashes_passwords_with_pbkdf2(tmp_path: Path) -> None:
    """The test session hashes with MD5 for speed (tests/conftest.py); the portal must not."""
    base = {"PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(tmp_path)}
    hashers = _settings_of(base, "PASSWORD_HASHERS")["PASSWORD_HASHERS"]
    assert isinstance(hashers, list)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in hashers


def test_the_demo_secret_key_is_refused_outside_demo_mode(tmp_path: Path) -> None:
    from django.conf import settings

    demo_key = settings.DEMO_SECRET_KEY
    result = _check({"DJANGO_SECRET_KEY": demo_key, "PORTAL_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "public demo key" in result.stderr
    debug = _check(
        {"DJANGO_SECRET_KEY": demo_key, "DJANGO_DEBUG": "1", "PORTAL_VAR_DIR": str(tmp_path)}
    )
    assert debug.returncode != 0 and "public demo key" in debug.stderr
    demo = _check(
        {"DJANGO_SECRET_KEY": demo_key, "PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(tmp_path)}
    )
    assert demo.returncode == 0, demo.stderr


def test_forwarded_headers_are_trusted_only_behind_the_proxy(tmp_path: Path) -> None:
    base = {"PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(tmp_path)}
    direct = _settings_of(base, "SECURE_PROXY_SSL_HEADER", "PORTAL_TRUST_PROXY")
    assert direct == {"SECURE_PROXY_SSL_HEADER": None, "PORTAL_TRUST_PROXY": False}
    proxied = _settings_of({**base, "PORTAL_TRUST_PROXY": "1"}, "SECURE_PROXY_SSL_HEADER")
    assert proxied == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


def _documented_production_env() -> dict[str, str]:
    """The `#prod NAME=value` lines of .env.example, as .ci/run reads them."""
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [
        line.removeprefix("#prod ").split("=", 1) for line in lines if line.startswith("#prod ")
    ]
    return {name: value for name, value in pairs}


def test_the_documented_production_environment_passes_check_deploy(tmp_path: Path) -> None:
    env = _documented_production_env()
    assert env["PORTAL_DEMO"] == "0" and env["PORTAL_TRUST_PROXY"] == "1"
    env |= {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "PORTAL_VAR_DIR": str(tmp_path)}

    result = _check(env, "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    # Without HSTS the same check fails: it is really checking these values.
    weaker = _check({**env, "DJANGO_HSTS_SECONDS": "0"}, "--deploy", "--fail-level", "WARNING")
    assert weaker.returncode != 0 and "security.W004" in weaker.stdout + weaker.stderr


def test_compose_publishes_only_the_proxy_and_restarts_everything() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert all(service["restart"] == "unless-stopped" for service in services.values())
    assert services["web"]["environment"]["PORTAL_TRUST_PROXY"] == "1"
    assert "reverse_proxy web:8000" in (ROOT / "deploy" / "Caddyfile").read_text()


def test_only_web_requests_get_a_statement_timeout_and_the_pool_checks_connections(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "PORTAL_DEMO": "1",
        "PORTAL_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    }
    env.pop("DB_STATEMENT_TIMEOUT_MS", None)
    show = "from django.conf import settings; print(repr(settings.DATABASES['default']))"

    def database(entry: str) -> dict[str, Any]:
        result = subprocess.run(
            [sys.executable, "-c", f"{entry}; {show}"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return dict(ast.literal_eval(result.stdout.strip()))

    command = database("import django; django.setup()")
    assert "options" not in command["OPTIONS"]
    assert command["CONN_HEALTH_CHECKS"] is True
    assert command["OPTIONS"]["connect_timeout"] == 3
    assert command["OPTIONS"]["pool"]["timeout"] == 3

    web = database("import config.wsgi")
    assert web["OPTIONS"]["options"] == "-c statement_timeout=25000"


def test_demo_mode_makes_a_private_secret_key_once_and_keeps_it(tmp_path: Path) -> None:
    """A restart of `make run` keeps everyone signed in; the key is nobody else's."""
    from django.conf import settings

    base = {"PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(tmp_path)}
    first = _settings_of(base, "SECRET_KEY")["SECRET_KEY"]
    again = _settings_of(base, "SECRET_KEY")["SECRET_KEY"]
    stored = tmp_path / "secret_key"
    assert isinstance(first, str) and len(first) >= 50
    assert first == again == stored.read_text().strip()
    assert first != settings.DEMO_SECRET_KEY
    assert stored.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "elsewhere"
    assert _settings_of({**base, "PORTAL_VAR_DIR": str(other)}, "SECRET_KEY") != {
        "SECRET_KEY": first
    }


def test_an_empty_demo_secret_key_file_stops_start_up_clearly(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("")
    result = _check({"PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0 and "secret_key is empty" in result.stderr


def test_a_set_secret_key_wins_over_the_demo_file(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    env = {"PORTAL_DEMO": "1", "PORTAL_VAR_DIR": str(tmp_path), "DJANGO_SECRET_KEY": key}
    assert _settings_of(env, "SECRET_KEY") == {"SECRET_KEY": key}
    assert not (tmp_path / "secret_key").exists()

"""Where Celery and the cache keep their data: Redis when REDIS_URL is set, else files
under PORTAL_VAR_DIR (kombu's filesystem transport), so that `make run` needs no server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.env import env_int


@dataclass(frozen=True)
class Broker:
    """CELERY_BROKER_URL, CELERY_RESULT_BACKEND and CELERY_BROKER_TRANSPORT_OPTIONS."""

    url: str
    result_backend: str
    transport_options: dict[str, object]


def celery_broker(redis_url: str, *, var_dir: Path, connect_timeout: int) -> Broker:
    if redis_url:
        return Broker(redis_url, redis_url, _redis_transport_options(connect_timeout))
    return _filesystem_broker(var_dir)


def _redis_transport_options(connect_timeout: int) -> dict[str, object]:
    return {
        # Longer than any task; reminders never rely on ETAs (state lives in the database).
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60),
        # Seconds, not the OS's minutes, when the server is unreachable; the health
        # check notices a half-open connection (a restarted server) before using it.
        "socket_connect_timeout": connect_timeout,
        "socket_keepalive": True,
        "health_check_interval": 25,
        "retry_on_timeout": True,
    }


def _filesystem_broker(var_dir: Path) -> Broker:
    broker_dir = var_dir / "broker"
    for sub in ("queue", "processed", "control"):
        (broker_dir / sub).mkdir(parents=True, exist_ok=True)
    (var_dir / "results").mkdir(parents=True, exist_ok=True)
    options: dict[str, object] = {
        "data_folder_in": str(broker_dir / "queue"),
        "data_folder_out": str(broker_dir / "queue"),
        "processed_folder": str(broker_dir / "processed"),
        "store_processed": False,
        # Broadcast (pidbox) exchanges; kombu's default is ./control in the working directory.
        "control_folder": str(broker_dir / "control"),
    }
    return Broker("filesystem://", f"file://{var_dir / 'results'}", options)


def cache_settings(redis_url: str, *, var_dir: Path) -> dict[str, dict[str, Any]]:
    """Shared by every process (web workers, Celery): the password-reset limits count here."""
    if redis_url:
        backend, location = "django.core.cache.backends.redis.RedisCache", redis_url
    else:
        backend = "django.core.cache.backends.filebased.FileBasedCache"
        location = str(var_dir / "cache")
    return {"default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "portal"}}

"""The client's IP address, as far as this deployment can know it.

Served directly, the client is REMOTE_ADDR and any X-Forwarded-For header is the client's
own claim (trusting it would let anyone pick the address that login lockouts and rate
limits count). Behind the reverse proxy (`PORTAL_TRUST_PROXY=1`), the proxy appends the
address it saw to X-Forwarded-For: the right-most entry is the only one it vouches for.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: Any) -> str | None:
    if settings.PORTAL_TRUST_PROXY:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
        forwarded = _valid(hops[-1]) if hops else None
        if forwarded:
            return forwarded
    return _valid(request.META.get("REMOTE_ADDR") or "")

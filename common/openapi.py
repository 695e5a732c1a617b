"""The OpenAPI schema's error answers, documented in one place for every operation.

Views document what they return on success; the 4xx answers follow from how each view is
built (DRF and the portal's middleware give them the same way everywhere), so they are
derived here from the view: its authentication, permissions, throttles, method, path and
pagination. A client (and schemathesis) then finds every status code the API returns in
the schema.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"

_SCHEMAS: dict[str, dict[str, Any]] = {
    ERROR: {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": (
            "Each field in error with its messages, `non_field_errors` for the request as a "
            "whole, or `detail` when the request could not be read at all."
        ),
        "additionalProperties": {},
    },
}

_ANSWERS: dict[int, tuple[str, str]] = {
    400: (
        VALIDATION_ERROR,
        "Bad input: a parameter or field that is not valid, a body that cannot be read, "
        "JSON nested too deeply, or a character that cannot be stored (NUL).",
    ),
    401: (ERROR, "Not signed in, or the token is unknown, expired or revoked."),
    403: (ERROR, "Not allowed for this user (or a session request without its CSRF token)."),
    404: (
        ERROR,
        "No such object among those the user may see, or a page or cursor that does not exist.",
    ),
    409: (ERROR, "Someone else changed the data meanwhile; reload it and try again."),
    415: (ERROR, "The body's Content-Type is not one this operation reads."),
    429: (ERROR, "Too many requests; try again later."),
}

# Permissions whose only refusal is "not signed in" (401), never 403.
_SIGN_IN_ONLY = (AllowAny, IsAuthenticated)


class PortalAutoSchema(AutoSchema):
    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for code in self._error_codes(path, operation):
            operation["responses"].setdefault(str(code), self._error_response(code))
        return operation

    def _error_codes(self, path: str, operation: dict[str, Any]) -> list[int]:
        # Any request can carry a malformed parameter or a NUL character (RejectNulMiddleware).
        codes = [400]
        signed_in = bool(self.view.get_authenticators())
        writes = self.method not in SAFE_METHODS
        if signed_in:
            codes.append(401)
        custom = any(not isinstance(p, _SIGN_IN_ONLY) for p in self.view.get_permissions())
        if signed_in and (writes or custom):
            codes.append(403)
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        if "{" in path or query & {"page", "cursor"}:
            codes.append(404)
        if signed_in and writes:
            codes.append(409)
        if "requestBody" in operation:
            codes.append(415)
        if self.view.get_throttles():
            codes.append(429)
        return codes

    def _error_response(self, code: int) -> dict[str, Any]:
        name, description = _ANSWERS[code]
        # ResolvedComponent's __init__ is unannotated in drf-spectacular.
        component = ResolvedComponent(  # type: ignore[no-untyped-call]
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=_SCHEMAS[name]
        )
        self.registry.register_on_missing(component)
        return {
            "description": description,
            "content": {"application/json": {"schema": component.ref}},
        }

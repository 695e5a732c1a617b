"""Request body parsers of the API: DRF's, plus the checks that keep bad bodies from
becoming server errors.

- JSON nested deeper than the stack allows made `json.loads` raise RecursionError (a 500);
  nesting beyond MAX_JSON_DEPTH is refused before any view sees it, however deep it goes.
- NUL characters and unpaired UTF-16 surrogates (`"\\u0000"`, `"\\ud800"` in JSON; NUL in
  the form fields of PUT and PATCH bodies, which RejectNulMiddleware does not read) cannot
  be stored: PostgreSQL refuses NUL, and neither database can encode a lone
  surrogate. Both are a 400 here instead of a failed query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No body of this API nests deeper than a handful of levels; 32 leaves room for any client.
MAX_JSON_DEPTH = 32

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

TOO_DEEP = _("Dữ liệu JSON lồng nhau quá sâu (tối đa %(limit)d cấp).")
BAD_CHARACTER = _(
    "Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL hoặc nửa cặp thay thế UTF-16)."
)


def _too_deep() -> ParseError:
    return ParseError(TOO_DEEP % {"limit": MAX_JSON_DEPTH})


def _children(value: Any) -> Iterable[Any]:
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    if isinstance(value, list):
        return value
    return ()


def check_json(data: Any) -> None:
    """Refuse nesting beyond MAX_JSON_DEPTH and strings that cannot be stored.

    Iterative, so that the check itself cannot exhaust the stack.
    """
    pending = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                raise ParseError(BAD_CHARACTER)
        elif isinstance(value, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise _too_deep()
            pending.extend((child, depth + 1) for child in _children(value))


def check_form(data: MultiValueDict[str, Any] | parsers.DataAndFiles[Any, Any]) -> None:
    """Field names and values (Django's multipart parser drops NUL from file names)."""
    fields: MultiValueDict[str, Any] = data.data if isinstance(data, parsers.DataAndFiles) else data
    for key, values in fields.lists():
        if any(_UNSTORABLE.search(text) for text in (key, *values)):
            raise ParseError(BAD_CHARACTER)


class PortalJSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        check_json(data)
        return data


class PortalFormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_form(data)
        return data


class PortalMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_form(data)
        return data

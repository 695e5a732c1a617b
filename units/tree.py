"""Materialised-path encoding of the unit tree.

A unit's `path` is its ancestors' ids and its own, each zero-padded to SEGMENT digits,
concatenated: the unit 42 under 7 under 1 has path "00000001" "00000007" "00000042".
Because paths hold digits only:

- descendants of X (X included) are the rows whose path starts with X.path: one range
  scan on the path index. Django's `startswith` becomes `LIKE`, which PostgreSQL serves
  from the `varchar_pattern_ops` index Django adds to indexed CharFields, but SQLite's
  case-insensitive LIKE cannot use a plain index; the `descendant_of` lookup below emits
  the case-sensitive `GLOB 'X*'` there instead, which SQLite does serve from the index;
- ancestors of X (X included) are the rows whose path is one of X.path's prefixes at
  segment boundaries: an indexed `IN` list computed without touching the database.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Lookup
from django.db.models.sql.compiler import SQLCompiler

SEGMENT = 8


def segment(pk: int) -> str:
    if pk <= 0 or pk >= 10**SEGMENT:
        raise ValueError(f"unit id {pk} does not fit a {SEGMENT}-digit path segment")
    return f"{pk:0{SEGMENT}d}"


def child_path(parent_path: str, pk: int) -> str:
    return parent_path + segment(pk)


def ancestor_paths(path: str) -> list[str]:
    """Paths of every ancestor of the unit at `path`, root first, the unit itself last."""
    return [path[:end] for end in range(SEGMENT, len(path) + 1, SEGMENT)]


def ancestor_ids(path: str) -> list[int]:
    return [int(path[start : start + SEGMENT]) for start in range(0, len(path), SEGMENT)]


def depth_of(path: str) -> int:
    return len(path) // SEGMENT - 1


class TreePathField(models.CharField[str, str]):
    """A CharField holding a materialised path; registers the `descendant_of` lookup."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)


@TreePathField.register_lookup
class DescendantOf(Lookup[str]):
    """`path__descendant_of=prefix`: the path starts with `prefix` (self included)."""

    lookup_name = "descendant_of"

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sqlite = connection.vendor == "sqlite"
        operator, wildcard = ("GLOB", "*") if sqlite else ("LIKE", "%")
        if self.rhs_is_direct_value():
            # A constant pattern is what lets both planners use the path index.
            if not str(self.rhs).isdigit():
                raise ValueError(f"not a tree path: {self.rhs!r}")
            return f"{lhs} {operator} %s", [*lhs_params, f"{self.rhs}{wildcard}"]
        rhs, rhs_params = self.process_rhs(compiler, connection)
        suffix = "'*'" if sqlite else "'%%'"
        return f"{lhs} {operator} ({rhs} || {suffix})", [*lhs_params, *rhs_params]

"""`field__any_of=[ids]`: a membership test that is one array parameter on PostgreSQL.

`field__in=[...]` sends one placeholder per value: with the hundreds of document ids of a
cascade, building and converting the statement costs more than running it. On PostgreSQL
`= ANY(%s)` sends them as a single array; elsewhere it is the usual IN list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Lookup


class AnyOf(Lookup[Iterable[int]]):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return sorted({int(value) for value in self.rhs})

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        marks = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({marks})", [*lhs_params, *values]


for field in (models.IntegerField, models.ForeignKey):
    field.register_lookup(AnyOf)

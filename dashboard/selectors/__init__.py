"""The leader's dashboard: each panel is a fixed number of aggregate queries, whatever the
number of units below the chosen one (grouping is done by the database on path prefixes).

Rows are the direct children of the chosen unit (the drill-down level); a row adds up its
whole subtree. Everything is limited to what the user may see: the root is one of the user's
visible units (the form only offers those) and every panel filters on the root's subtree and
its predecessors', which the visibility rules grant too, so the panels need no second
visibility filter (a superuser, who sees everything, may have no root).

Rows are units as the period's end sees them: a unit dissolved before then is represented by
its successors (what it did counts for them), a dissolved unit and its current namesake are
one row (`succession`). A unit is credited only with its own plan answering a plan that
assigns it (`standing`), the rule the plan status API (dashboard/status.py) uses too.

One module a panel, and `scope` for what every panel is given; callers import this package.
"""

from __future__ import annotations

from .activities import activities_by_channel, activities_by_month, activities_by_unit
from .coverage import CoverageRow, coverage
from .scope import (
    ISSUED,
    Scope,
    default_directive,
    default_period,
    directive_choices,
    make_scope,
    rows_of,
)
from .timeliness import overdue, timeliness_by_period, timeliness_by_unit, timeliness_detail

# What the views, the exports, the status API and the benches use; the rest stays in its module.
__all__ = [
    "ISSUED",
    "CoverageRow",
    "Scope",
    "activities_by_channel",
    "activities_by_month",
    "activities_by_unit",
    "coverage",
    "default_directive",
    "default_period",
    "directive_choices",
    "make_scope",
    "overdue",
    "rows_of",
    "timeliness_by_period",
    "timeliness_by_unit",
    "timeliness_detail",
]

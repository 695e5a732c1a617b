"""Implementing plans of the units the seed plans assign, so that the leaders' dashboard shows a
province in the middle of a campaign rather than 0 % everywhere.

For every unit the dashboard's coverage panel expects to answer the default directive's
cascade (the panel's own selector, over the whole country), a deterministic subset (about two
in five, by a hash of the unit's key) issues its plan: written and issued through the plan
services, by the unit itself, implementing the plan that assigns it, on a day 5 to 89 days
after that plan (never after the demo's today), so the lags vary. Units without a document
symbol (`symbol_code`) cannot issue: a territory's is filled in ("UBND", as for its People's
Committee), other bodies without one are left out.

A second run makes nothing: one query finds the plans made before.
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta

from common.types import Person
from dashboard.selectors import coverage, default_period, make_scope
from dashboard.selectors.scope import DEFAULT_DIRECTIVE
from directives.choices import DocumentStatus
from directives.models import Document
from directives.services.plans import basis_sentence, implements_add, plan_create, plan_issue
from units.choices import UnitKind
from units.models import Unit

from .plans import DEMO_MARK

ANSWER_TITLE = f"Triển khai thực hiện Nghị quyết số 57-NQ/TW {DEMO_MARK}"
SHARE = 50  # percent of the expected units drawn to answer (those without a symbol fall out)
UNDATED_BASE = 120  # days before today: the base of the lag for an undated assigning plan
LAGS = (5, 89)  # days after the assigning plan, first and last


def _drawn(unit: Unit) -> int:
    """A stable number in 0..9999 for a unit (not Python's salted hash)."""
    return zlib.crc32((unit.key or unit.path).encode()) % 10_000


def _issue_day(unit: Unit, assigned_on: date, today: date) -> date:
    """A day 5 to 89 days after the assigning plan, spread over the days before today."""
    first, last = LAGS
    last = min(last, (today - assigned_on).days - 1)
    lag = first + _drawn(unit) // 100 % max(1, last - first + 1)
    return min(assigned_on + timedelta(days=lag), today - timedelta(days=1))


# Territories have no document symbol in the catalogue; their People's Committee issues as
# "KH-UBND". The demo fills it in for the units it makes issue, as an administrator would in
# the unit's profile (demo/plans.py does the same for Hội LHPN tỉnh Khánh Hòa).
_TERRITORY_SYMBOL: dict[str, str] = {
    UnitKind.PROVINCE: "UBND",
    UnitKind.DISTRICT: "UBND",
    UnitKind.COMMUNE: "UBND",
}


def _symbol_ensure(unit: Unit) -> bool:
    """Whether the unit has a document symbol, once a territory's is filled in."""
    if not unit.symbol_code and unit.kind in _TERRITORY_SYMBOL:
        unit.symbol_code = _TERRITORY_SYMBOL[unit.kind]
        Unit.objects.filter(pk=unit.pk, symbol_code="").update(symbol_code=unit.symbol_code)
    return bool(unit.symbol_code)


def demo_answers_ensure(*, admin: Person, today: date) -> int:
    """Issue the chosen units' implementing plans; how many were made (0 on a second run)."""
    if Document.objects.filter(title=ANSWER_TITLE).exists():
        return 0
    directive = Document.objects.filter(key=DEFAULT_DIRECTIVE).first()
    if directive is None:
        return 0
    start, end = default_period(directive)
    scope = make_scope(user=admin, root=None, directive=directive, date_from=start, date_to=end)
    rows = [r for r in coverage(scope).rows if r.plan is None and r.assigned_by is not None]
    units = Unit.objects.in_bulk([r.unit.pk for r in rows])
    parents = Document.objects.in_bulk([r.assigned_by.pk for r in rows if r.assigned_by])
    made = 0
    for row in rows:
        unit, parent = (
            units.get(row.unit.pk),
            parents.get(row.assigned_by.pk if row.assigned_by else 0),
        )
        if unit is None or parent is None:
            continue
        # An undated seed plan ("định kỳ") shows no lag; its answer is still dated.
        base = parent.issued_on or today - timedelta(days=UNDATED_BASE)
        if _drawn(unit) % 100 >= SHARE or base >= today - timedelta(days=LAGS[0]):
            continue
        if not _symbol_ensure(unit):
            continue
        document = plan_create(user=admin, issuer=unit, title=ANSWER_TITLE)
        implements_add(document=document, parent=parent)
        plan = document.plan
        plan.basis_text = basis_sentence(parent, unit)
        plan.save(update_fields=["basis_text"])
        issued = plan_issue(user=admin, document=document, on=_issue_day(unit, base, today))
        assert issued.status == DocumentStatus.ISSUED
        made += 1
    return made

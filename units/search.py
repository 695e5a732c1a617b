"""Unit search for the typeahead pickers (common/widgets.py, static/js/pickers.js).

GET /units/search/?q=uy ban hung yen[&page=2][&active=1][&kind=commune|organisation…]
[&within=province] answers the units the user may pick (`common.filters.pickable`; with
`within=province`, any unit of the provinces they belong to, as the plan editor's assignees
and the activity's place offer) whose name holds every typed word, accents and case aside,
20 at a time, in one query: the parent's name and the first successor's come in the same row.
Each result has an id, a label (a dissolved unit says so) and a description telling a
current unit from the dissolved one of the same name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import BooleanField, CharField, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.filters import pickable
from common.text import accent_glob, accent_pattern, fold
from common.widgets import TypeaheadSelect, TypeaheadSelectMultiple

from .choices import UnitKind
from .models import Unit

PAGE_SIZE = 20
MAX_PAGE = 50
MAX_QUERY = 100
MAX_WORDS = 8
ORGANISATION = "organisation"  # every kind that is not a territory
URL_NAME = "unit-search"
# What precedes a word (the matched text starts with a space), as a regular expression's
# and a GLOB's character class.
WORD_START = "[ (/-]"


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def unit_label(unit: Unit) -> str:
    """A unit's name in a picker; a dissolved unit is marked, so that two units of the same
    name (the province's People's Committee before and after 1/7/2025) never look alike."""
    return unit.name if unit.is_active else _dissolved(unit.name, unit)


def _dissolved(head: str, unit: Unit) -> str:
    if unit.valid_to:
        return _("%(name)s (đã giải thể %(day)s)") % {"name": head, "day": _day(unit.valid_to)}
    return _("%(name)s (đã giải thể)") % {"name": head}


def unit_validity(unit: Unit) -> str:
    if unit.valid_from and unit.valid_to:
        return f"{_day(unit.valid_from)}–{_day(unit.valid_to)}"
    if unit.valid_from:
        return _("từ %(day)s") % {"day": _day(unit.valid_from)}
    if unit.valid_to:
        return _("đến %(day)s") % {"day": _day(unit.valid_to)}
    return ""


def unit_description(unit: Unit, *, parent_name: str | None, successor_name: str | None) -> str:
    """ "Tỉnh Hưng Yên · Ủy ban nhân dân · từ 01/07/2025" or, for a dissolved unit,
    "… · 01/01/2008–30/06/2025 · đã giải thể, kế thừa: Ủy ban nhân dân tỉnh Hưng Yên"."""
    parts = [parent_name or "", str(unit.get_kind_display()), unit_validity(unit)]
    if not unit.is_active:
        parts.append(
            _("đã giải thể, kế thừa: %(name)s") % {"name": successor_name}
            if successor_name
            else _("đã giải thể")
        )
    return " · ".join(part for part in parts if part)


def unit_admin_label(unit: Unit) -> str:
    """The admin's autocomplete label: "Ủy ban nhân dân tỉnh Hưng Yên — Tỉnh Hưng Yên, từ
    01/07/2025" or "… — Tỉnh Hưng Yên (đã giải thể 30/06/2025)". Needs `parent` loaded."""
    parent = unit.parent.name if unit.parent_id and unit.parent else ""
    head = f"{unit.name} — {parent}" if parent else unit.name
    if not unit.is_active:
        return _dissolved(head, unit)
    if unit.valid_from:
        return f"{head}, {_('từ %(day)s') % {'day': _day(unit.valid_from)}}"
    return head


class StartsAWord(Func):
    """True when `word` starts one of the words of the text (which begins with a space),
    accents and case aside. PostgreSQL matches a regular expression; SQLite a GLOB, in C:
    a REGEXP would call Python once per row and word (300 ms over 42,000 units)."""

    output_field = BooleanField()

    def __init__(self, text: Any, word: str) -> None:
        self.word = word
        super().__init__(text)

    def _match(self, compiler: Any, operator: str, pattern: str) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} {operator} %s)", [*params, pattern]

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        return self._match(compiler, "~", WORD_START + accent_pattern(self.word))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self._match(compiler, "GLOB", f"*{WORD_START}{accent_glob(self.word)}*")


def names_matching(
    rows: QuerySet[Unit], words: list[str], *, or_: Q | None = None
) -> QuerySet[Unit]:
    """The units whose name or short name has every word at the start of one of its words,
    accents and case aside ("yen" finds "Hưng Yên", not "Nguyên"), or that match `or_`.
    A query-time match: Unit has no folded column."""
    if not words:
        return rows
    names = Concat(Value(" "), "name", Value(" | "), "short_name", output_field=CharField())
    match = Q(*(StartsAWord(names, word) for word in words))
    return rows.filter(match | or_ if or_ is not None else match)


class SearchError(ValueError):
    pass


def _candidates(user: Any, params: Any) -> QuerySet[Unit]:
    within = params.get("within") or ""
    if within == "province":
        return Unit.objects.filter(Unit.objects.scope_of(user).top_q("path"))
    if within:
        raise SearchError(_("Phạm vi tìm kiếm không hợp lệ."))
    return pickable(user, Unit)


def _narrowed(rows: QuerySet[Unit], params: Any) -> QuerySet[Unit]:
    if params.get("active") == "1":
        rows = rows.filter(is_active=True)
    kinds = params.getlist("kind")
    if kinds:
        known = set(UnitKind.values) | {ORGANISATION}
        if not set(kinds) <= known:
            raise SearchError(_("Loại đơn vị không hợp lệ."))
        kind_q = Q(kind__in=[k for k in kinds if k != ORGANISATION])
        if ORGANISATION in kinds:
            kind_q |= ~Q(kind__in=UnitKind.territorial())
        rows = rows.filter(kind_q)
    return rows


def _page(params: Any) -> int:
    raw = params.get("page") or "1"
    if not (raw.isascii() and raw.isdecimal()) or not 1 <= int(raw) <= MAX_PAGE:
        raise SearchError(_("Số trang không hợp lệ (từ 1 đến %(n)s).") % {"n": MAX_PAGE})
    return int(raw)


def _words(params: Any) -> list[str]:
    text = params.get("q") or ""
    if len(text) > MAX_QUERY:
        raise SearchError(_("Từ khóa tìm kiếm quá dài (tối đa %(n)s ký tự).") % {"n": MAX_QUERY})
    return fold(text).split()[:MAX_WORDS]


def unit_search_rows(user: Any, params: Any) -> tuple[list[Unit], bool]:
    """One page of the units `user` may pick matching `params` (q, page, active, kind,
    within), and whether there are more. Raises SearchError for a parameter out of bounds."""
    words, page = _words(params), _page(params)
    first_successor = Unit.successors.through.objects.filter(from_unit=OuterRef("pk")).order_by(
        "to_unit__path"
    )
    rows = (
        names_matching(_narrowed(_candidates(user, params), params), words)
        .annotate(
            parent_name=Subquery(Unit.objects.filter(pk=OuterRef("parent_id")).values("name")[:1]),
            successor_name=Subquery(first_successor.values("to_unit__name")[:1]),
        )
        .order_by("-is_active", "depth", "name", "pk")
    )
    start = (page - 1) * PAGE_SIZE
    found: list[Unit] = list(rows[start : start + PAGE_SIZE + 1])
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


@never_cache
@require_GET
def unit_search(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Vui lòng đăng nhập để tìm đơn vị.")}, status=403)
    try:
        units, more = unit_search_rows(request.user, request.GET)
    except SearchError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    results = [
        {
            "id": unit.pk,
            "label": unit_label(unit),
            "description": unit_description(
                unit,
                parent_name=getattr(unit, "parent_name", None),
                successor_name=getattr(unit, "successor_name", None),
            ),
            "active": unit.is_active,
        }
        for unit in units
    ]
    return JsonResponse({"results": results, "more": more})


def unit_picker(*, multiple: bool = False, **params: str) -> forms.Select:
    """The widget of a unit field or filter: a typeahead over /units/search/ narrowed by
    `params` (active="1", kind="organisation" or a UnitKind value, within="province")."""
    widget_class = TypeaheadSelectMultiple if multiple else TypeaheadSelect
    return widget_class(url_name=URL_NAME, params=params, label=unit_label)

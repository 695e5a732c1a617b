"""The legacy three-level tree as of 30/6/2025 (vietnamadminunits) and, for each old unit,
the new units that succeed it, from the package's old->new converter."""

from __future__ import annotations

import collections
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from names import clean, fold, split_name
from rows import Row, code_of, unit_row
from sources import SourceError

VAU_TYPES = {
    "Huyện": "huyen",
    "Quận": "quan",
    "Thị xã": "thi_xa",
    "Thành phố": "thanh_pho",
    "Xã": "xa",
    "Phường": "phuong",
    "Thị trấn": "thi_tran",
}
PARENT_LEVEL = {"district": "province", "commune": "district"}

Links = collections.defaultdict[Any, set[str]]
# (old code, old name, new code, rule, old codes kept) of a successor link dropped
Pruned = tuple[str, str, str, str, str]


@dataclass
class NewTree:
    """The new tree of the same database, to resolve the converter's keys to codes."""

    ward: dict[tuple[str, str], str] = field(default_factory=dict)  # (provinceKey, wardKey)
    prov: dict[str, str] = field(default_factory=dict)  # provinceKey -> code
    ward_prov: dict[str, str] = field(default_factory=dict)  # ward code -> province code


@dataclass
class OldTree:
    prov: dict[str, str] = field(default_factory=dict)  # code -> name
    dist: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # (name, type, prov)
    comm: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # (name, type, dist)
    # converter key "prov_dist_ward" -> ("commune"|"district", code)
    key: dict[str, tuple[str, str]] = field(default_factory=dict)
    prov_key: dict[str, str] = field(default_factory=dict)  # provinceKey -> code

    def district_of(self, commune: str) -> str:
        return self.comm[commune][2]

    def province_of(self, commune: str) -> str:
        return self.dist[self.comm[commune][2]][2]


# ---------------------------------------------------------------- reading
def _new_tree(db: sqlite3.Connection) -> NewTree:
    new = NewTree()
    for pk, pc, wk, wc in db.execute(
        "select provinceKey, provinceCode, wardKey, wardCode from admin_units"
    ):
        new.ward[(pk, wk)] = wc
        new.prov[pk] = pc
        new.ward_prov[wc] = pc
    return new


def _old_tree(db: sqlite3.Connection) -> OldTree:
    old = OldTree()
    q = (
        "select provinceCode, province, provinceKey, districtCode, district, districtType,"
        " districtKey, wardCode, ward, wardType, wardKey from admin_units_legacy"
    )
    for pc, pn, pk, dc, dn, dt, dk, wc, wn, wt, wk in db.execute(q):
        old.prov.setdefault(pc, pn)
        old.prov_key[pk] = pc
        if old.dist.setdefault(dc, (dn, dt, pc)) != (dn, dt, pc):
            raise SourceError(f"district {dc} inconsistent")
        if wc:
            if wc in old.comm:
                raise SourceError(f"duplicate commune {wc}")
            old.comm[wc] = (wn, wt, dc)
            old.key[f"{pk}_{dk}_{wk}"] = ("commune", wc)
        else:
            old.key[f"{pk}_{dk}_"] = ("district", dc)  # island districts without communes
    return old


def _successors(conv: dict[str, Any], old: OldTree, new: NewTree) -> Links:
    """(level, old code) -> new commune codes, as given by the converter."""
    succ: Links = collections.defaultdict(set)
    for npk, table in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nwk, olds in table.items():
            code = new.ward[(npk, nwk)]
            for ok in olds:
                succ[old.key[ok]].add(code)
    for npk, table in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, news in table.items():
            for n in news:
                succ[old.key[ok]].add(new.ward[(npk, n["newWardKey"])])
    return succ


# ---------------------------------------------------------------- pruning
# The converter is keyed by names: two old communes with the same name that end up in one
# new province get each other's successors. See SOURCE.md.
def _same_name_groups(old: OldTree, new: NewTree, csucc: dict[str, set[str]]) -> list[list[str]]:
    groups = collections.defaultdict(list)
    for code, (wn, _wt, _dc) in old.comm.items():
        newp = {new.ward_prov[n] for n in csucc.get(code, ())}
        if len(newp) == 1:
            groups[(newp.pop(), fold(split_name("commune", wn)[2]))].append(code)
    return list(groups.values())


def _ambiguous(groups: list[list[str]], csucc: dict[str, set[str]]) -> set[tuple[str, str]]:
    ambiguous: set[tuple[str, str]] = set()
    for members in groups:
        if len(members) > 1:
            count = collections.Counter(n for o in members for n in csucc[o])
            ambiguous |= {(o, n) for o in members for n in csucc[o] if count[n] > 1}
    return ambiguous


def _keep(n: str, holders: list[str], preds: set[str], old: OldTree) -> tuple[list[str], str]:
    """Which of the old communes that claim new commune `n` keep it, and by which rule."""
    if n in holders:  # rule A: the new commune kept this old code
        return [n], "A (code kept)"
    # rule B: same old district (else province) as its unambiguous predecessors
    places: tuple[tuple[Callable[[str], str], str], ...] = (
        (old.district_of, "B (same old district)"),
        (old.province_of, "B (same old province)"),
    )
    for place, label in places:
        ctx = {place(p) for p in preds}
        keep = [o for o in holders if place(o) in ctx]
        if keep:
            return keep, label
    return [], ""


def _prune(
    old: OldTree, new: NewTree, csucc: dict[str, set[str]], pruned: list[Pruned]
) -> dict[str, set[str]]:
    """Commune successors without the links that come from same-name collisions."""
    groups = _same_name_groups(old, new, csucc)
    ambiguous = _ambiguous(groups, csucc)
    preds: Links = collections.defaultdict(set)
    for o, ns in csucc.items():
        for n in ns:
            if (o, n) not in ambiguous:
                preds[n].add(o)
    result = {o: set(ns) for o, ns in csucc.items()}
    for members in groups:
        if len(members) < 2:
            continue
        shared = sorted({n for o in members for n in csucc[o] if (o, n) in ambiguous})
        for n in shared:
            holders = [o for o in members if n in csucc[o]]
            _prune_link(n, holders, preds[n], old, result, pruned)
    return result


def _prune_link(
    n: str,
    holders: list[str],
    preds: set[str],
    old: OldTree,
    result: dict[str, set[str]],
    pruned: list[Pruned],
) -> None:
    """Drop successor `n` from the holders `_keep` does not keep (never a last successor)."""
    keep, rule = _keep(n, holders, preds, old)
    if not keep or len(keep) == len(holders):
        return
    for o in holders:
        if o not in keep and len(result[o]) > 1 and n in result[o]:
            result[o].discard(n)
            pruned.append((o, old.comm[o][0], n, rule, ",".join(keep)))


# ---------------------------------------------------------------- rows
def _province_successors(conv: dict[str, Any], old: OldTree, new: NewTree) -> Links:
    """From the converter's province table."""
    psucc: Links = collections.defaultdict(set)
    for npk, olds in conv["DICT_PROVINCE"].items():
        for opk in olds:
            psucc[old.prov_key[opk]].add(new.prov[npk])
    return psucc


def _district_successors(result: dict[str, set[str]], succ: Links, old: OldTree) -> Links:
    dsucc: Links = collections.defaultdict(set)
    for o, ns in result.items():
        dsucc[old.comm[o][2]] |= ns
    for (lvl, code), ns in succ.items():
        if lvl == "district":
            dsucc[code] |= ns
    return dsucc


def _typed_row(
    level: str, code: str, entry: tuple[str, str, str], successors: set[str], notes: list[str]
) -> Row:
    """A district or commune row; a note when the unit's type says otherwise than its name."""
    raw_name, raw_type, parent = entry
    split = split_name(level, raw_name)
    if VAU_TYPES.get(clean(raw_type or "").capitalize()) != split[0]:
        notes.append(
            f"legacy {level} {code}: type {raw_type!r} but name {raw_name!r}; name prefix used"
        )
    row = unit_row(level, code_of(level, code), split, code_of(PARENT_LEVEL[level], parent))
    return {**row, "successor_codes": successors}


def _check_provinces(
    rows: list[Row],
    result: dict[str, set[str]],
    dsucc: Links,
    old: OldTree,
    new: NewTree,
    notes: list[str],
) -> None:
    """A province's successors = the provinces of its communes' successors."""
    for r in rows:
        if r["level"] == "province":
            derived = {
                new.ward_prov[n]
                for o, ns in result.items()
                if old.province_of(o) == r["code"]
                for n in ns
            }
            derived |= {
                new.ward_prov[n]
                for dc, ns in dsucc.items()
                if old.dist[dc][2] == r["code"]
                for n in ns
            }
            if derived != r["successor_codes"]:
                notes.append(
                    f"legacy province {r['code']}: converter says {sorted(r['successor_codes'])},"
                    f" communes say {sorted(derived)}"
                )


def build_legacy(blobs: dict[str, Any], notes: list[str], pruned: list[Pruned]) -> list[Row]:
    db = sqlite3.connect(f"file:{blobs['vietnamadminunits/data/dataset.db']}?mode=ro", uri=True)
    conv = json.loads(Path(blobs["vietnamadminunits/data/converter_2025.json"]).read_text("utf-8"))
    new = _new_tree(db)
    old = _old_tree(db)
    succ = _successors(conv, old, new)
    csucc = {code: set(s) for (lvl, code), s in succ.items() if lvl == "commune"}
    result = _prune(old, new, csucc, pruned)
    psucc = _province_successors(conv, old, new)

    rows = [
        {
            **unit_row("province", code_of("province", pc), split_name("province", pn), ""),
            "successor_codes": psucc[pc],
        }
        for pc, pn in old.prov.items()
    ]
    dsucc = _district_successors(result, succ, old)
    rows += [_typed_row("district", dc, d, dsucc[dc], notes) for dc, d in old.dist.items()]
    rows += [
        _typed_row("commune", wc, c, result.get(wc, set()), notes) for wc, c in old.comm.items()
    ]
    _check_provinces(rows, result, dsucc, old, new, notes)
    for r in rows:
        r["successor_codes"] = " ".join(sorted(r["successor_codes"]))
    return rows

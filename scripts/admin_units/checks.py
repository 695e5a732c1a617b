"""What the two files must satisfy before they are written: counts, codes, names, parents,
successors, and a few units checked by name."""

from __future__ import annotations

import collections
import unicodedata
from typing import Any

from rows import CODE_WIDTH, Row

EXPECTED = {
    "2025": {"province": 34, "commune": 3321},
    "legacy": {"province": 63, "district": 696, "commune": 10035},
}
PARENT_LEVELS = {
    "2025": {"commune": "province"},
    "legacy": {"district": "province", "commune": "district"},
}

ByLevel = collections.defaultdict[str, dict[str, Row]]


def _by_level(rows: list[Row], errors: list[str]) -> ByLevel:
    d: ByLevel = collections.defaultdict(dict)
    for r in rows:
        if r["code"] in d[r["level"]]:
            errors.append(f"duplicate {r['level']} code {r['code']}")
        d[r["level"]][r["code"]] = r
    return d


def _unit_errors(tree: str, d: ByLevel, level: str, r: Row) -> list[str]:
    errors = []
    if len(r["code"]) != CODE_WIDTH[level] or not r["code"].isdigit():
        errors.append(f"{tree} bad code {r['code']!r}")
    if r["name"] != unicodedata.normalize("NFC", r["name"]) or "'" in r["name"]:
        errors.append(f"{tree} {r['code']} name not normalised")
    if not r["name"].endswith(" " + r["short_name"]) or not r["short_name"]:
        errors.append(f"{tree} {r['code']} short_name")
    plevel = PARENT_LEVELS[tree]
    if level in plevel:
        if r["parent_code"] not in d[plevel[level]]:
            errors.append(f"{tree} {level} {r['code']}: parent {r['parent_code']!r} missing")
    elif r["parent_code"]:
        errors.append(f"{tree} {level} {r['code']} has a parent")
    return errors


def _successor_errors(new: ByLevel, old: ByLevel) -> list[str]:
    errors = []
    for level, units in old.items():
        target = new["province"] if level == "province" else new["commune"]
        for r in units.values():
            codes = r["successor_codes"].split()
            if not codes:
                errors.append(f"legacy {level} {r['code']} {r['name']} has no successor")
            for c in codes:
                if c not in target:
                    errors.append(f"legacy {level} {r['code']}: successor {c} not in the 2025 file")
    return errors


def _named_checks(N: ByLevel, L: ByLevel) -> list[tuple[bool, str]]:
    k = N["commune"].get("06187", {})
    d: dict[str, Any] = L["district"].get("295", {})
    checks = [
        (N["province"].get("20", {}).get("name") == "Tỉnh Lạng Sơn", "2025 20 = Tỉnh Lạng Sơn"),
        (
            k.get("name") == "Phường Kỳ Lừa"
            and k.get("short_name") == "Kỳ Lừa"
            and k.get("parent_code") == "20",
            "06187 Phường Kỳ Lừa in 20",
        ),
        (
            N["province"].get("31", {}).get("name") == "Thành phố Hải Phòng",
            "2025 31 = Thành phố Hải Phòng",
        ),
    ]
    checks += [
        (
            N["commune"].get(code, {}).get("name") == nm
            and N["commune"][code]["parent_code"] == "31",
            f"{code} {nm} in 31",
        )
        for code, nm in (("10903", "Xã Cẩm Giàng"), ("10888", "Xã Cẩm Giang"))
    ]
    checks += [
        (L["province"].get("30", {}).get("name") == "Tỉnh Hải Dương", "legacy 30 = Tỉnh Hải Dương"),
        (
            d.get("name") == "Huyện Cẩm Giàng" and d.get("parent_code") == "30",
            "legacy 295 Huyện Cẩm Giàng in 30",
        ),
        ("10903" in d.get("successor_codes", "").split(), "legacy 295 -> 10903"),
    ]
    checks += [
        (L["province"].get(code, {}).get("name") == nm, f"legacy {code} = {nm}")
        for code, nm in (
            ("92", "Thành phố Cần Thơ"),
            ("33", "Tỉnh Hưng Yên"),
            ("56", "Tỉnh Khánh Hòa"),
        )
    ]
    return checks


def verify(new: list[Row], old: list[Row]) -> list[str]:
    errors: list[str] = []
    N, L = _by_level(new, errors), _by_level(old, errors)
    for tree, d in (("2025", N), ("legacy", L)):
        counts = {k: len(v) for k, v in d.items()}
        if counts != EXPECTED[tree]:
            errors.append(f"{tree} counts {counts} != {EXPECTED[tree]}")
    for tree, d in (("2025", N), ("legacy", L)):
        for level, units in d.items():
            for r in units.values():
                errors += _unit_errors(tree, d, level, r)
    errors += _successor_errors(N, L)
    errors += [f"named check failed: {msg}" for ok, msg in _named_checks(N, L) if not ok]
    return errors

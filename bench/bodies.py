"""Bodies for the whole country: `bodies_load()` over the 34 provinces and 3,321 communes.

Builds a throwaway SQLite database in a temporary folder (migrate, the admin-unit
catalogue with --legacy and, unless --no-seeds, the seed plans whose units are adopted),
then times the first national load (some 27,500 bodies) and a second run (which must
change nothing). Prints wall-clock and CPU seconds: on a shared machine the CPU time is the
steadier figure. Goal: the first load in ≤ 15 s on SQLite.

    PORTAL_DEMO=1 .venv/bin/python bench/bodies.py [--no-seeds] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_DEMO", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-seeds", action="store_true", help="skip load_seed_plans")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-bodies-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(folder / "bench.sqlite3")

    import django

    django.setup()
    from django.core.management import call_command

    from units.bodies import bodies_load

    call_command("migrate", verbosity=0)
    call_command("load_admin_units", "--legacy", verbosity=0)
    if not args.no_seeds:
        call_command("load_seed_plans", verbosity=0)
    try:
        for label in ("first load", "second run"):
            wall, cpu = time.perf_counter(), time.process_time()
            report = bodies_load()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            levels = ", ".join(
                f"{level} {c.bodies} (created {c.created}, adopted {c.adopted})"
                for level, c in report.levels.items()
            )
            print(
                f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU; {levels}; "
                f"predecessor links {report.predecessors_added}"
            )
    finally:
        if args.keep:
            print(f"database kept at {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

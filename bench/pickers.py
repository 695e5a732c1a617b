"""Size and time of the pages with unit pickers, and of the unit search, as a superuser.

Run on the full catalogue (a temporary SQLite database is enough):

    export PORTAL_DEMO=1 DATABASE_URL=sqlite:////tmp/pickers/db.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_admin_units --legacy
    .venv/bin/python manage.py load_seed_plans && .venv/bin/python manage.py load_demo
    .venv/bin/python manage.py generate_deadlines
    .venv/bin/python bench/pickers.py [--runs 5]

Prints, per address: bytes, number of <option> tags, and the median and worst time of
`--runs` requests through Django's test client (in process: no server, no network).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from units.models import Unit  # noqa: E402

ADDRESSES = (
    "/activities/",
    "/reports/deadlines/",
    "/units/search/?q=uy+ban+nhan+dan+hung+yen",
    "/units/search/?q=ky+lua",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    user = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    if user is None:
        sys.exit("No superuser: run load_demo first.")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(f"units: {Unit.objects.count()}")
    for address in ADDRESSES:
        times = []
        body = b""
        status = 0
        for _run in range(args.runs):
            start = time.perf_counter()
            response = client.get(address)
            times.append(time.perf_counter() - start)
            body, status = response.content, response.status_code
        print(
            f"{address:45} {status} {len(body) / 1024:8.1f} KiB "
            f"{body.count(b'<option'):6} options  "
            f"median {statistics.median(times) * 1000:7.0f} ms  worst {max(times) * 1000:7.0f} ms"
        )


if __name__ == "__main__":
    main()

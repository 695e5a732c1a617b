"""API create throughput against the bare-Django floor, served the same way.

Starts gunicorn (2 sync workers) on 127.0.0.1 with bench/settings.py, then drives it from
threads with keep-alive connections:
- GET /livez: a minimal JSON view that touches no server (the request floor of this box);
- POST /bench/create-floor/: a minimal Django JSON view that inserts the same row (the
  floor of a create: parse, one INSERT, respond; no auth, validation or history);
- POST /api/v1/activities/ as the demo ward reporter (token auth, DRF, the service rules).
Prints requests/s, p50 and p99 of each, and the ratio of the API to the create floor
(goal ≥ 0.4), and to /livez for reference. Run after `make demo-data` (SQLite) or with
DATABASE_URL set (PostgreSQL):

    PORTAL_DEMO=1 .venv/bin/python bench/activities.py [--seconds 10] [--threads 8]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from campaigns.models import Activity  # noqa: E402
from campaigns.selectors import loggable_assignments, reportable_units  # noqa: E402
from directives.models import Channel  # noqa: E402
from units.accounts.services import api_token_issue, api_token_revoke  # noqa: E402

PORT = 8011


def drive(
    path: str,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    seconds: float,
    threads: int,
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop:
            start = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status >= 400:
                bad += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    began = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies, errors


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    user = get_user_model().objects.get(username="baocao.kylua")
    token, secret = api_token_issue(user=user, name="bench/activities.py")
    assignment = loggable_assignments(user).first()
    unit = reportable_units(user).filter(pk__in=assignment.units.all()).first()
    payload = json.dumps(
        {
            "assignment": assignment.pk,
            "unit": unit.pk,
            "channel": "loudspeaker",
            "title": "bench-phát thanh",
            "started_on": "2025-10-06",
            "quantity": 1,
        }
    ).encode()
    env = {**os.environ, "PORTAL_DEMO": "1", "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                connection.request("GET", "/livez")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        floor_rps, floor_lat, floor_err = drive(
            "/livez", "GET", None, {}, args.seconds, args.threads
        )
        floor_body = json.dumps(
            {
                **json.loads(payload),
                "plan": assignment.plan_id,
                "channel_id": Channel.objects.get(code="loudspeaker").pk,
            }
        ).encode()
        create_rps, create_lat, create_err = drive(
            "/bench/create-floor/",
            "POST",
            floor_body,
            {"Content-Type": "application/json"},
            args.seconds,
            args.threads,
        )
        headers = {"Authorization": f"Token {secret}", "Content-Type": "application/json"}
        api_rps, api_lat, api_err = drive(
            "/api/v1/activities/", "POST", payload, headers, args.seconds, args.threads
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        Activity.objects.filter(title="bench-phát thanh").delete()
        api_token_revoke(token=token)
    db = django.db.connection.vendor
    print(f"database: {db}; 2 gunicorn sync workers; {args.threads} client threads;", end=" ")
    print(f"{args.seconds:.0f} s each")
    print(f"{'endpoint':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, rps, lat, err in (
        ("GET /livez (floor)", floor_rps, floor_lat, floor_err),
        ("POST /bench/create-floor/", create_rps, create_lat, create_err),
        ("POST /api/v1/activities/", api_rps, api_lat, api_err),
    ):
        print(f"{label:<28} {rps:>8.1f} {pct(lat, 0.5):>8.1f} {pct(lat, 0.99):>8.1f} {err:>7}")
    print(f"ratio API create / create floor: {api_rps / create_rps:.2f}  (goal >= 0.4)")
    print(f"ratio API create / /livez:       {api_rps / floor_rps:.3f}")


if __name__ == "__main__":
    main()

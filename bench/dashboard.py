"""Dashboard panels and the plan status endpoint against the raw-SQL floor, at national scale.

For the province with the most communes, as a leader of that province, over the cascade of
57-NQ/TW and two years: each panel of the dashboard (dashboard/selectors.py) and the status
endpoint (/api/v1/plans/<id>/status/, first page of 50 units, through Django's test client)
are timed `--runs` times, and so is the same aggregation written by hand in SQL and run on
the same database (the floor). Prints p50 and p95 of both and the ratio of the p50s (goal
≤ 2×).

The dataset comes from `manage.py generate_national_dataset` (about 20,000 units,
2,000,000 activities, 100,000 deadlines); `--generate` makes it first when it is missing.
PostgreSQL is the target (DATABASE_URL); SQLite works too (SQLITE_PATH):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_national PORTAL_DEMO=1 \\
        .venv/bin/python bench/dashboard.py [--runs 31] [--generate]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from dashboard import selectors  # noqa: E402
from directives.models import Document  # noqa: E402
from units.choices import Role, Scheme, UnitKind  # noqa: E402
from units.models import Unit  # noqa: E402
from units.scope import forget_scope  # noqa: E402
from units.services import membership_add  # noqa: E402
from units.tree import SEGMENT  # noqa: E402

START, END = date(2025, 1, 1), date(2026, 12, 31)


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    call()  # warm the caches once
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def sql(query: str, params: list[Any]) -> Callable[[], Any]:
    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    return run


def chain(*calls: Callable[[], Any]) -> Callable[[], Any]:
    return lambda: [call() for call in calls]


def like(path: str) -> tuple[str, str]:
    """The subtree condition as the ORM writes it (GLOB on SQLite, LIKE on PostgreSQL)."""
    if connection.vendor == "sqlite":
        return "GLOB", f"{path}*"
    return "LIKE", f"{path}%"


def in_list(ids: Any) -> str:
    return ",".join(str(int(i)) for i in ids)


def month(column: str) -> str:
    if connection.vendor == "sqlite":
        return f"strftime('%%Y-%%m', {column})"
    return f"date_trunc('month', {column})"


def floors(scope: selectors.Scope, status_units: list[int], plan_id: int) -> dict[str, Any]:
    # The root's subtree and its predecessors', as the panels count them.
    patterns = [like(path)[1] for path in scope.paths]
    op = like(scope.paths[0])[0]

    def under(column: str) -> str:
        return "(" + " OR ".join(f"{column} {op} %s" for _ in patterns) + ")"

    docs = in_list(scope.documents)
    window = [START, END]
    activity = (
        f"FROM campaigns_activity a WHERE {under('a.unit_path')} AND a.plan_id IN ({docs}) "
        "AND a.started_on BETWEEN %s AND %s"
    )
    sums = "COUNT(*), SUM(a.quantity), SUM(a.participants), SUM(a.reach)"
    prefix = scope.prefix
    today = date.today()
    deadline = (
        "FROM reporting_deadline d JOIN units_unit u ON u.id = d.unit_id "
        "JOIN directives_reportingduty r ON r.id = d.duty_id "
        f"WHERE {under('u.path')} AND r.plan_id IN ({docs}) AND d.due_on BETWEEN %s AND %s"
    )
    local_day = (
        "DATE(d.submitted_at, '+7 hours')"
        if connection.vendor == "sqlite"
        else "(d.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
    )
    effective = "COALESCE(d.extended_to, d.due_on)"
    pivot = (
        f"SUM(CASE WHEN d.submitted_at IS NOT NULL AND {local_day} <= {effective} "
        "THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN d.submitted_at IS NOT NULL AND {local_day} > {effective} "
        "THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN d.submitted_at IS NULL AND {effective} >= %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN d.submitted_at IS NULL AND {effective} < %s THEN 1 ELSE 0 END)"
    )
    units = in_list(status_units) or "0"
    return {
        "coverage": sql(
            "SELECT u.id, u.name, u.kind, t.kind, a.plan_id, ad.number, ad.symbol, ad.style, "
            "ad.issued_on, d.id, d.number, d.symbol, d.style, d.issued_on FROM units_unit u "
            "LEFT JOIN units_unit t ON t.id = u.territory_id "
            "JOIN directives_assignment_units au ON au.unit_id = u.id "
            "JOIN directives_assignment a ON a.id = au.assignment_id "
            "JOIN directives_document ad ON ad.id = a.plan_id "
            "LEFT JOIN directives_document d ON d.issuer_id = u.id "
            f"AND d.id IN ({docs}) AND d.status IN ('issued', 'superseded') "
            f"WHERE {under('u.path')} AND a.plan_id IN ({docs}) "
            "AND a.role IN ('lead', 'implement') AND ad.status IN ('issued', 'superseded') "
            "ORDER BY u.id, ad.issued_on, d.issued_on",
            patterns,
        ),
        "activities by channel": sql(
            f"SELECT a.channel_id, {sums} {activity} GROUP BY a.channel_id", [*patterns, *window]
        ),
        "activities by unit": sql(
            f"SELECT SUBSTR(a.unit_path, 1, {prefix}), {sums} {activity} GROUP BY 1",
            [*patterns, *window],
        ),
        "activities by month": sql(
            f"SELECT {month('a.started_on')}, {sums} {activity} GROUP BY 1 ORDER BY 1",
            [*patterns, *window],
        ),
        "timeliness by unit": sql(
            f"SELECT SUBSTR(u.path, 1, {prefix}), {pivot} {deadline} GROUP BY 1",
            [today, today, *patterns, *window],
        ),
        "timeliness by period": sql(
            f"SELECT d.period_start, d.period_label, {pivot} {deadline} GROUP BY 1, 2 "
            "ORDER BY 1, 2",
            [today, today, *patterns, *window],
        ),
        "overdue list": sql(
            f"SELECT d.*, u.*, r.*, p.*, COUNT(*) OVER () {deadline} AND d.submitted_at IS NULL "
            f"AND {effective} < %s ORDER BY {effective}, d.id LIMIT 200".replace(
                "JOIN directives_reportingduty r ON r.id = d.duty_id",
                "JOIN directives_reportingduty r ON r.id = d.duty_id "
                "JOIN directives_document p ON p.id = r.plan_id",
            ),
            [*patterns, *window, today],
        ),
        "status endpoint (50 units)": chain(
            sql(
                "SELECT a.unit_path, a.channel_id, COUNT(*), SUM(a.quantity), "
                "SUM(a.participants), SUM(a.reach) FROM campaigns_activity a "
                f"WHERE a.unit_id IN ({units}) AND a.plan_id IN ({docs}) GROUP BY 1, 2",
                [],
            ),
            sql(
                "SELECT d.unit_id, d.period_label, d.due_on, d.submitted_at, r.status "
                "FROM reporting_deadline d JOIN directives_reportingduty t ON t.id = d.duty_id "
                "LEFT JOIN reporting_report r ON r.deadline_id = d.id "
                f"WHERE t.plan_id = %s AND d.unit_id IN ({units}) ORDER BY d.due_on",
                [plan_id],
            ),
            sql(
                "SELECT issuer_id, id, issued_on FROM directives_document "
                f"WHERE issuer_id IN ({units}) AND id IN ({docs})",
                [],
            ),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--generate", action="store_true")
    args = parser.parse_args()

    if not Document.objects.filter(key__startswith="nat/").exists():
        if not args.generate:
            sys.exit("no national dataset: run with --generate (or generate_national_dataset)")
        call_command("migrate", verbosity=0)
        if not Unit.objects.filter(scheme=Scheme.CURRENT).exists():
            call_command("load_admin_units", "--legacy", verbosity=0)
        if not Document.objects.filter(key="57-NQ/TW").exists():
            call_command("load_seed_plans", verbosity=0)
        call_command("generate_national_dataset")

    province = (
        Unit.objects.filter(scheme=Scheme.CURRENT, kind=UnitKind.PROVINCE)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    assert province is not None
    leader, _created = get_user_model().objects.get_or_create(username="bench-leader")
    membership_add(user=leader, unit=province, role=Role.LEADER)
    forget_scope(leader)
    directive = Document.objects.get(key="57-NQ/TW")
    scope = selectors.make_scope(
        user=leader, root=province, directive=directive, date_from=START, date_to=END
    )
    rows = selectors.rows_of(scope)
    plan = Document.objects.get(key=f"nat/{province.code}/kh57")
    client = Client()
    client.force_login(leader)
    first_page = client.get(f"/api/v1/plans/{plan.pk}/status/").json()["results"]
    status_units = [row["unit"]["id"] for row in first_page]

    panels: dict[str, Callable[[], Any]] = {
        "coverage": lambda: selectors.coverage(scope),
        "activities by channel": lambda: selectors.activities_by_channel(scope),
        "activities by unit": lambda: selectors.activities_by_unit(scope, rows),
        "activities by month": lambda: selectors.activities_by_month(scope),
        "timeliness by unit": lambda: selectors.timeliness_by_unit(scope, rows),
        "timeliness by period": lambda: selectors.timeliness_by_period(scope),
        "overdue list": lambda: selectors.overdue(scope),
        "status endpoint (50 units)": lambda: client.get(f"/api/v1/plans/{plan.pk}/status/"),
    }
    floor = floors(scope, status_units, plan.pk)
    print(
        f"database: {connection.vendor}; units {Unit.objects.count():,}; province "
        f"{province.name} ({len(rows)} rows below it); segment {SEGMENT}; runs {args.runs}"
    )
    header = ("panel", "p50 ms", "p95 ms", "floor p50", "floor p95", "ratio")
    print("{:28} {:>9} {:>9} {:>10} {:>10} {:>6}".format(*header))
    worst = 0.0
    for name, call in panels.items():
        p50, p95 = timed(call, args.runs)
        f50, f95 = timed(floor[name], args.runs)
        ratio = p50 / f50 if f50 else float("inf")
        worst = max(worst, ratio)
        print(f"{name:28} {p50:9.1f} {p95:9.1f} {f50:10.1f} {f95:10.1f} {ratio:6.2f}")
    print(f"worst p50 ratio {worst:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()

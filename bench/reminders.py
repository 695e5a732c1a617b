"""Reminder sweep over 100,000 deadlines with 5 % due, in a throwaway database.

Builds a fresh database (migrate, the admin-unit catalogue with --legacy, the seed plans),
one reporter per 2025 commune and one leader per province, then 100,000 deadlines of the
monthly seed duty spread over the communes. Every 20th deadline (5 %) is due on the sweep
day: its earlier steps are already sent and its `on_day` reminder is due at `now`; the
others fall due months ahead. 20,000 of those get their reminders from `reminders_plan`
(timed, queries counted), the rest two pending steps each by bulk insert, so the pending
index holds some 325,000 rows of which 5,000 are due.

Then one full `reminders_sweep(now=…, batch_size=500)` is timed and its queries counted,
again with batch_size=1000 (the same 5,000 rows reset), and once with no transport (the
sweep's own queries). Goals: the sweep takes ≤ 5 s and its queries grow with the batches,
not the rows (doubling the batch size about halves them). The transport is the in-app bell
(`InAppTransport`) unless `--email` adds `EmailTransport` on Django's locmem backend.

SQLite (default): the file $PORTAL_VAR_DIR/bench-reminders.sqlite3, recreated each run.
PostgreSQL: DATABASE_URL naming a database whose name contains "bench"; it is dropped and
created again. Either is left in place afterwards for inspection.

    PORTAL_DEMO=1 .venv/bin/python bench/reminders.py [--deadlines 100000] [--email]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench PORTAL_DEMO=1 \\
        .venv/bin/python bench/reminders.py
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import time
from collections import Counter, deque
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_DEMO", "1")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var")))
SQLITE = VAR_DIR / "bench-reminders.sqlite3"


def fresh_database() -> str:
    """Empty the throwaway database before Django connects; returns its description."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(SQLITE)
        return f"sqlite {SQLITE}"
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database (unset it for SQLite)")
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql {parts.hostname}:{parts.port or 5432}/{name}"


DATABASE = fresh_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from directives.models import ReportingDuty  # noqa: E402
from reporting.choices import ReminderStatus, ReminderStep  # noqa: E402
from reporting.models import Deadline, Delivery, Notification, Reminder  # noqa: E402
from reporting.reminders import due_at, reminders_plan, reminders_sweep  # noqa: E402
from reporting.transports import EmailTransport, InAppTransport, Transport  # noqa: E402
from units.choices import Role  # noqa: E402
from units.models import Membership, Unit  # noqa: E402

SWEEP_DAY = date(2026, 3, 2)
NOW = timezone.make_aware(datetime(2026, 3, 2, 8, 0))  # an hour after the 07:00 send time
DUE_EVERY = 20  # every 20th deadline is due: 5 %
SENT = (ReminderStep.BEFORE_7, ReminderStep.BEFORE_3, ReminderStep.BEFORE_1)
LATER = (ReminderStep.AFTER_1, ReminderStep.AFTER_3)
FUTURE = (ReminderStep.BEFORE_3, ReminderStep.ON_DAY)
TABLE = re.compile(r'\b(?:FROM|INTO)\s+"?(\w+)', re.I)


def month_start(index: int) -> date:
    year, month = divmod(2024 * 12 + index, 12)
    return date(year, month + 1, 1)


def build(total: int, plan_count: int) -> tuple[list[Deadline], list[int], int]:
    """Units, people, deadlines and reminders; returns the deadlines to plan, due ids, users."""
    User = get_user_model()
    communes = list(Unit.objects.filter(kind="commune", is_active=True).order_by("path"))
    provinces = {u.parent_id for u in communes if u.parent_id}
    User.objects.bulk_create(
        [
            User(username=f"bench-r-{u.pk}", email=f"r{u.pk}@bench.invalid", password="!")
            for u in communes
        ]
        + [User(username=f"bench-l-{pk}", password="!") for pk in provinces],
        batch_size=2000,
    )
    users = dict(User.objects.filter(username__startswith="bench-").values_list("username", "pk"))
    Membership.objects.bulk_create(
        [Membership(user_id=users[f"bench-r-{u.pk}"], unit=u, role=Role.REPORTER) for u in communes]
        + [
            Membership(user_id=users[f"bench-l-{pk}"], unit_id=pk, role=Role.LEADER)
            for pk in provinces
        ],
        batch_size=2000,
    )
    duty = ReportingDuty.objects.get(plan__document__key="seed-000", rule="monthly")
    rows = []
    for i in range(total):
        unit = communes[i % len(communes)]
        start = month_start(i // len(communes))
        due_on = SWEEP_DAY if i % DUE_EVERY == 0 else SWEEP_DAY + timedelta(days=60 + i % 300)
        rows.append(
            Deadline(
                duty=duty,
                unit=unit,
                period_start=start,
                period_end=month_start(i // len(communes) + 1) - timedelta(days=1),
                period_label=f"Tháng {start.month}/{start.year}",
                due_on=due_on,
            )
        )
    Deadline.objects.bulk_create(rows, batch_size=2000)
    deadlines = list(Deadline.objects.filter(duty=duty).select_related("unit").order_by("pk"))
    due = [d for d in deadlines if d.due_on == SWEEP_DAY]
    later = [d for d in deadlines if d.due_on != SWEEP_DAY]
    to_plan, direct = later[:plan_count], later[plan_count:]
    reminders = []
    for d in due:
        recipient = users[f"bench-r-{d.unit_id}"]
        for step in (*SENT, ReminderStep.ON_DAY, *LATER):
            at = due_at(d, step)
            sent = step in SENT
            reminders.append(
                Reminder(
                    deadline=d,
                    step=step,
                    recipient_id=recipient,
                    due_at=at,
                    status=ReminderStatus.SENT if sent else ReminderStatus.PENDING,
                    sent_at=at if sent else None,
                    claimed_at=at if sent else None,
                )
            )
    for d in direct:
        recipient = users[f"bench-r-{d.unit_id}"]
        reminders += [
            Reminder(deadline=d, step=step, recipient_id=recipient, due_at=due_at(d, step))
            for step in FUTURE
        ]
    Reminder.objects.bulk_create(reminders, batch_size=5000)
    Notification.objects.bulk_create(
        [
            Notification(recipient_id=r.recipient_id, title="bench", reminder_id=r.pk)
            for r in Reminder.objects.filter(status=ReminderStatus.SENT).only("pk", "recipient")
        ],
        batch_size=5000,
    )
    return to_plan, [d.pk for d in due], len(users)


def kinds(queries: list[dict[str, str]]) -> Counter[str]:
    counter: Counter[str] = Counter()
    for query in queries:
        words = query["sql"].split(maxsplit=2)
        verb = words[0].upper()
        if verb == "UPDATE":
            table = words[1].strip('"')
        else:
            match = TABLE.search(query["sql"])
            table = match.group(1) if match else ""
        counter[f"{verb} {table}".strip()] += 1
    return counter


def sweep(batch_size: int, transports: list[Transport]) -> tuple[object, float, int, Counter]:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = reminders_sweep(now=NOW, batch_size=batch_size, transports=transports)
        seconds = time.perf_counter() - start
    return result, seconds, len(captured.captured_queries), kinds(captured.captured_queries)


def reset(due_ids: list[int]) -> None:
    """Put the swept rows back to pending (outside the timings)."""
    swept = Reminder.objects.filter(deadline_id__in=due_ids, claimed_at=NOW)
    Notification.objects.filter(reminder__in=swept).delete()
    Delivery.objects.filter(reminder__in=swept).delete()
    swept.update(status=ReminderStatus.PENDING, claim="", claimed_at=None, sent_at=None, attempts=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--plan", type=int, default=20_000, help="deadlines given to the plan")
    parser.add_argument("--email", action="store_true", help="add EmailTransport (locmem)")
    args = parser.parse_args()

    began = time.perf_counter()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", **quiet)
    call_command("load_admin_units", "--legacy", **quiet)
    call_command("load_seed_plans", **quiet)
    connection.queries_log = deque(maxlen=10_000_000)  # count every query, not the last 9000
    to_plan, due_ids, people = build(args.deadlines, args.plan)
    setup = time.perf_counter() - began

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        planned = reminders_plan(deadlines=to_plan)
        plan_seconds = time.perf_counter() - start
    plan_queries = len(captured.captured_queries)

    pending = Reminder.objects.filter(status=ReminderStatus.PENDING).count()
    due = Reminder.objects.filter(status=ReminderStatus.PENDING, due_at__lte=NOW).count()
    transports: list[Transport] = [InAppTransport()]
    if args.email:
        transports.append(EmailTransport())
    names = " + ".join(type(t).__name__ for t in transports)
    runs = []
    for label, size, used in (
        ("batch 500", 500, transports),
        ("batch 1000", 1000, transports),
        ("batch 500, no transport", 500, []),
    ):
        runs.append((label, *sweep(size, used)))
        reset(due_ids)

    print(f"database: {DATABASE} ({connection.vendor}); setup {setup:.0f} s")
    print(
        f"deadlines {Deadline.objects.count():,}; due {len(due_ids):,} "
        f"({len(due_ids) / args.deadlines:.0%}); people {people:,}; "
        f"reminder rows {Reminder.objects.count():,}, pending {pending:,}, due at now {due:,}"
    )
    print(f"sweep now = {NOW.isoformat()}; transports: {names} (email backend: locmem)")
    print()
    print(
        f"reminders_plan over {len(to_plan):,} deadlines: {planned:,} rows in "
        f"{plan_seconds:.2f} s, {plan_queries} queries"
    )
    print()
    head = f"{'sweep':<24} {'sent':>6} {'cancel':>6} {'deliv.':>6} {'skip':>6} {'batches':>7}"
    print(f"{head} {'seconds':>8} {'queries':>8} {'q/batch':>8} {'q/sent':>7}")
    for label, result, seconds, queries, _kinds in runs:
        print(
            f"{label:<24} {result.sent:>6} {result.cancelled:>6} {result.delivered:>6} "
            f"{result.skipped:>6} {result.batches:>7} {seconds:>8.2f} {queries:>8} "
            f"{queries / max(result.batches, 1):>8.1f} {queries / max(result.sent, 1):>7.2f}"
        )
    print()
    print("queries by kind (batch 500 | batch 1000 | no transport):")
    every = sorted(set().union(*(r[4] for r in runs)), key=lambda k: (-runs[0][4][k], k))
    for kind in every:
        print(f"  {kind:<40} " + " ".join(f"{r[4][kind]:>7}" for r in runs))

    (_, r500, s500, q500, _), (_, r1000, _s, q1000, _) = runs[0], runs[1]
    per_batch = (q500 - q1000) / max(r500.batches - r1000.batches, 1)
    rows = max(r500.sent + r500.cancelled, 1)
    print()
    print(
        f"fit of the two runs: queries ≈ {per_batch:.1f} · batches + "
        f"{q500 - per_batch * r500.batches:.0f} not explained by batches "
        f"({(q500 - per_batch * r500.batches) / rows:.2f} per row)"
    )
    print(f"sweep 500: {s500:.2f} s  (goal <= 5 s; ratio to goal {s500 / 5:.2f})")
    print(
        f"queries: {q500 / rows:.3f} per row (goal <= 0.05); batch 500 -> 1000 "
        f"({r500.batches} -> {r1000.batches} batches): {q500} -> {q1000} queries, "
        f"x{q1000 / q500:.2f} (goal: about x0.5)"
    )


if __name__ == "__main__":
    main()

"""Reminder delivery under faults: real servers broken while reminders are being sent.

The bench starts its own throwaway PostgreSQL cluster and Redis server on free loopback
ports (never the shared ones), an SMTP sink (aiosmtpd, counting messages by Message-ID) and
a webhook receiver (counting POSTs by Idempotency-Key), builds `--reminders` due reminders
(one per person, the `on_day` step of a monthly seed duty) and runs each fault on a fresh
copy of that state with a real Celery worker (prefork pool, concurrency 1) and the three
transports (in-app bell, e-mail, webhook):

0. nothing (the control);
1. SIGKILL the worker's pool child mid-sweep;
2. SIGKILL the whole worker mid-sweep, then start a new one;
3. stop PostgreSQL for `--pg-down` seconds mid-sweep, then start it;
4. a webhook endpoint that accepts and never answers, for `--hang` seconds;
5. restart Redis mid-sweep (down `--redis-down` seconds, same port, nothing persisted);
6. deactivate a tenth of the recipients mid-sweep.

"Mid-sweep" is the moment the SMTP sink has received `--at` of the due e-mails (receivers
delay each answer by `--smtp-delay`/`--hook-delay` so that a sweep lasts long enough).

The bench plays Celery beat, with a compressed clock: it sends `reporting.sweep_reminders`
with `now` = the portal's clock, and whenever the worker is idle (nothing queued or running)
it fires the next beat at clock + `--tick` minutes (the portal's beat period, 5 min). The
clock runs with wall time between beats, and no beat fires while a short outage lasts
(faults 2, 3, 5: shorter than one beat period), so leases (10 min) and retry backoff (1, 5,
15 … min) expire as they would in production, only without the idle wait.

Per fault and transport it prints: deliveries due, delivered (distinct keys received),
duplicated (receipts minus distinct keys), lost (due, never received once everything has
recovered: after the leases, after the retries, or after `--settle` seconds), and the time
to recover, from the fault's end to the moment every due delivery had been received once,
in bench seconds and in portal minutes (what it takes with a 5-minute beat); and
next to each, the issue's figure measured on the old code. Figures only, no verdicts.

    .venv/bin/python bench/faults.py [--reminders 1000] [--faults 0,1,2,3,4,5,6] [--logs DIR]

Needs Debian's PostgreSQL 15 binaries (/usr/lib/postgresql/15/bin; run as root, it runs
them as the `postgres` OS user), redis-server, and aiosmtpd (the test extras). It ignores
DATABASE_URL and REDIS_URL: everything it starts is its own, and removed when it stops.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fault_servers import (  # noqa: E402
    LOOPBACK,
    SWEEP_DONE,
    PostgresCluster,
    RedisServer,
    SmtpSink,
    WebhookReceiver,
    free_ports,
)

PORTS = dict(zip(("postgres", "redis", "smtp", "webhook"), free_ports(4), strict=True))
DATABASE = f"postgres://postgres@{LOOPBACK}:{PORTS['postgres']}/portal_faults"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench.fault_settings",
        "PORTAL_DEMO": "1",
        "DATABASE_URL": DATABASE,
        "REDIS_URL": f"redis://{LOOPBACK}:{PORTS['redis']}/0",
        "EMAIL_HOST": LOOPBACK,
        "EMAIL_PORT": str(PORTS["smtp"]),
        "REMINDER_WEBHOOK_URL": f"http://{LOOPBACK}:{PORTS['webhook']}/hook",
    }
)

import django  # noqa: E402

django.setup()

import celery  # noqa: E402
import psycopg  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Max  # noqa: E402

from bench.fault_runs import (  # noqa: E402
    TRANSPORTS,
    Fault,
    Outcome,
    Row,
    Scenario,
    build,
    run_fault,
)
from bench.fault_servers import Servers  # noqa: E402
from reporting.choices import DeliveryStatus, ReminderStatus  # noqa: E402
from reporting.deliveries import delivery_key  # noqa: E402
from reporting.models import Delivery, Reminder  # noqa: E402


def _dups(rows: list[Row]) -> str:
    by = {row.transport: row for row in rows}
    lost = sum(row.lost for row in rows)
    return (
        f"{by['email'].duplicated} dup e-mails, {by['webhook'].duplicated} dup webhooks, "
        f"{lost} lost"
    )


def no_fault(sc: Scenario) -> Callable[[list[Row]], str]:
    """The control: the same sweep, nothing broken (the fault "ends" at the first beat)."""
    sc.beat.fire()
    sc.fault_end = sc.beat.points[0][0]
    return _dups


def pool_child(sc: Scenario) -> Callable[[list[Row]], str]:
    sc.mid_sweep()
    children = sc.workers[0].children()
    for pid in children:  # the worker's own pool process, started by this bench
        os.kill(pid, signal.SIGKILL)
    sc.fault_end = time.time()
    sc.notes.append(f"SIGKILLed pool process {children} at {sc.args.at:.0%} of the e-mails")
    return _dups


def whole_worker(sc: Scenario) -> Callable[[list[Row]], str]:
    sc.mid_sweep()
    with sc.beat.hold():
        sc.workers[0].kill_group()
        sc.fault_end = time.time()
        sc.start_worker()
    sc.notes.append(f"new worker ready {time.time() - sc.fault_end:.1f} s after the kill")
    return _dups


def postgres_down(sc: Scenario) -> Callable[[list[Row]], str]:
    sc.mid_sweep()
    with sc.beat.hold():
        sc.servers.pg.stop("fast")
        time.sleep(sc.args.pg_down)
        sc.servers.pg.start()
    sc.fault_end = time.time()
    return _dups


def webhook_hangs(sc: Scenario) -> Callable[[list[Row]], str]:
    sc.servers.hook.hang.set()
    sc.beat.fire()
    began = sc.beat.points[0][0]
    sc.wait_until(lambda: False, sc.args.hang)
    hooks = Delivery.objects.filter(transport="webhook")
    sent = Counter(
        Delivery.objects.filter(status=DeliveryStatus.SENT).values_list("transport", flat=True)
    )
    marked = Reminder.objects.filter(status=ReminderStatus.SENT).count()
    tried = hooks.filter(attempts__gt=0).count()
    most = hooks.aggregate(most=Max("attempts"))["most"] or 0
    sc.servers.hook.hang.clear()
    sc.fault_end = time.time()
    total = len(sc.recipients)
    sc.notes.append(
        f"during the {sc.fault_end - began:.0f} s hang ({len(sc.beat.points)} beats, portal clock "
        f"+{(sc.beat.portal(sc.fault_end) - sc.beat.portal(began)).total_seconds() / 60:.0f} min): "
        f"reminders marked sent {marked}/{total}; "
        f"delivered in_app {sent['in_app']}, email {sent['email']}, webhook {sent['webhook']}; "
        f"webhook deliveries tried {tried}, attempts up to {most}"
    )

    def headline(rows: list[Row]) -> str:
        done, _errors, killed = sc.workers[0].sweeps()
        return (
            f"{sent['email']}/{total} e-mailed while hanging; longest sweep "
            f"{max(done, default=0):.0f} s, {killed} time-limit kills; attempts up to {most}"
        )

    return headline


def redis_restart(sc: Scenario) -> Callable[[list[Row]], str]:
    sc.mid_sweep()
    with sc.beat.hold():
        sc.servers.redis.stop()
        time.sleep(sc.args.redis_down)
        sc.servers.redis.start()
    sc.fault_end = time.time()
    offset = len(sc.workers[0].text())

    def headline(rows: list[Row]) -> str:
        after = len(SWEEP_DONE.findall(sc.workers[0].text()[offset:]))
        state = "alive" if sc.workers[0].alive() else "EXITED"
        return f"worker {state}, {after} sweeps after the restart; " + _dups(rows)

    return headline


def deactivate(sc: Scenario) -> Callable[[list[Row]], str]:
    sc.mid_sweep()
    people = sorted(set(sc.recipients.values()))
    gone = set(people[:: max(round(1 / sc.args.deactivate), 1)])
    before = {t: set(sc.receipts(t, fresh=True)) for t in TRANSPORTS}
    get_user_model().objects.filter(pk__in=gone).update(is_active=False)
    sc.fault_end = time.time()
    theirs = {
        t: {delivery_key(r, 0, t) for r, user in sc.recipients.items() if user in gone}
        for t in TRANSPORTS
    }
    for t in TRANSPORTS:  # what had not reached them yet is no longer owed
        sc.owed[t] -= theirs[t] - before[t]

    def headline(rows: list[Row]) -> str:
        late = {
            t: sum(
                1
                for key, times in sc.receipts(t, fresh=True).items()
                if key in theirs[t]
                for at in times
                if at > sc.fault_end
            )
            for t in TRANSPORTS
        }
        sc.notes.append(
            f"{len(gone)} of {len(people)} recipients deactivated; reached after that: "
            + ", ".join(f"{t} {late[t]}" for t in TRANSPORTS)
        )
        return (
            f"{late['email']} e-mailed to deactivated users ({late['webhook']} webhooks); "
            f"{sum(row.lost for row in rows)} lost"
        )

    return headline


FAULTS: dict[int, tuple[str, str, Fault]] = {
    0: ("no fault (control)", "-", no_fault),
    1: ("SIGKILL the pool child mid-sweep", "173 duplicate e-mails", pool_child),
    2: ("SIGKILL the whole worker, start a new one", "251 duplicate e-mails", whole_worker),
    3: ("PostgreSQL stopped mid-sweep", "500 dup e-mails, 500 dup webhooks", postgres_down),
    4: (
        "webhook endpoint hangs",
        "0/7,349 marked sent in 26 min; every sweep time-limit killed; attempts stuck",
        webhook_hangs,
    ),
    5: ("Redis restarted mid-sweep", "worker exited; nothing sent afterwards", redis_restart),
    6: ("recipients deactivated mid-sweep", "126 e-mailed to deactivated users", deactivate),
}


def create_database(port: int) -> None:
    with psycopg.connect(
        host=LOOPBACK, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as admin:
        admin.execute('CREATE DATABASE "portal_faults"')


def print_outcomes(outcomes: list[Outcome], args: argparse.Namespace) -> None:
    print(
        f"{args.reminders:,} due reminders × 3 transports (in_app, email, webhook); worker: "
        f"celery {celery.__version__}, prefork, concurrency 1; "
        f"REMINDER_SEND_CONCURRENCY {args.concurrency}, "
        f"REMINDER_TRANSPORT_BUDGET {args.budget} s; receivers' delay: smtp "
        f"{args.smtp_delay * 1000:.0f} ms, webhook {args.hook_delay * 1000:.0f} ms; beat every "
        f"{args.tick} portal min; mid-sweep = {args.at:.0%} of the e-mails received"
    )
    for outcome in outcomes:
        print()
        print(f"fault {outcome.number}: {outcome.title}")
        print(f"  new: {outcome.headline}")
        print(f"  old code (issue): {outcome.old}")
        print(
            f"  {'transport':<10}{'due':>7}{'delivered':>11}{'duplicated':>12}{'lost':>7}"
            f"{'recover s':>11}{'portal min':>12}"
        )
        for row in outcome.rows:
            print(
                f"  {row.transport:<10}{row.due:>7}{row.delivered:>11}{row.duplicated:>12}"
                f"{row.lost:>7}{row.recover_s:>11}{row.portal_min:>12}"
            )
        for note in outcome.notes:
            print(f"  {note}")
    print()
    print("summary: new figure  [old code, from the issue]")
    for outcome in outcomes:
        print(f"{outcome.number}. {outcome.title}: {outcome.headline}  [{outcome.old}]")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reminders", type=int, default=1000, help="due reminders")
    parser.add_argument("--faults", default="0,1,2,3,4,5,6", help="0 = control; e.g. 1,3")
    parser.add_argument("--at", type=float, default=0.5, help="mid-sweep: share of e-mails in")
    parser.add_argument("--smtp-delay", type=float, default=0.02, help="seconds per e-mail")
    parser.add_argument("--hook-delay", type=float, default=0.02, help="seconds per webhook")
    parser.add_argument("--pg-down", type=float, default=15.0, help="seconds PostgreSQL is down")
    parser.add_argument("--redis-down", type=float, default=5.0, help="seconds Redis is down")
    parser.add_argument("--hang", type=float, default=45.0, help="seconds the webhook hangs")
    parser.add_argument("--deactivate", type=float, default=0.1, help="share of recipients")
    parser.add_argument("--tick", type=int, default=5, help="portal minutes between beats")
    parser.add_argument("--settle", type=float, default=180.0, help="max seconds to recover")
    parser.add_argument("--concurrency", type=int, default=8, help="REMINDER_SEND_CONCURRENCY")
    parser.add_argument("--budget", type=int, default=60, help="REMINDER_TRANSPORT_BUDGET")
    parser.add_argument("--logs", type=Path, help="copy the workers' logs into this directory")
    args = parser.parse_args()
    args.faults = [int(n) for n in args.faults.split(",") if n.strip()]
    unknown = set(args.faults) - set(FAULTS)
    if unknown:
        parser.error(f"unknown faults {sorted(unknown)}; choose from {sorted(FAULTS)}")
    return args


def main() -> None:
    args = parse()
    os.environ["REMINDER_SEND_CONCURRENCY"] = str(args.concurrency)
    os.environ["REMINDER_TRANSPORT_BUDGET"] = str(args.budget)
    # SIGTERM (a CI timeout, a Ctrl-C from a wrapper) still runs the clean-up below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    smtp, hook = SmtpSink(PORTS["smtp"]), WebhookReceiver(PORTS["webhook"])
    pg = PostgresCluster(PORTS["postgres"])
    scratch = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    servers = Servers(pg, RedisServer(PORTS["redis"], scratch), smtp, hook, scratch)
    servers.smtp.delay, servers.hook.delay = args.smtp_delay, args.hook_delay
    outcomes: list[Outcome] = []
    try:
        began = time.monotonic()
        pg.create()
        create_database(PORTS["postgres"])
        servers.redis.start()
        servers.smtp.start()
        servers.hook.start()
        quiet = {"verbosity": 0, "stdout": io.StringIO()}
        call_command("migrate", **quiet)
        call_command("load_admin_units", "--legacy", **quiet)
        call_command("load_seed_plans", **quiet)
        recipients = build(args.reminders)
        print(f"setup {time.monotonic() - began:.0f} s", file=sys.stderr)
        for number in args.faults:
            outcomes.append(run_fault(number, FAULTS[number], servers, recipients, args))
    finally:
        servers.close()
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
            for log in scratch.glob("worker-*.log"):
                shutil.copy(log, args.logs / log.name)
        shutil.rmtree(scratch, ignore_errors=True)
        if outcomes:  # what was measured before a failure or an interruption, too
            print_outcomes(outcomes, args)


if __name__ == "__main__":
    main()

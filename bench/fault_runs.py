"""The scenarios of bench/faults.py: the data, the beat on a compressed clock, the tallies
and the faults themselves (imported after Django is set up)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import redis
from django.contrib.auth import get_user_model
from django.db import Error as DatabaseError
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from bench.fault_servers import LOOPBACK, Servers, Worker
from config.celery import app
from directives.models import ReportingDuty
from reporting.choices import DeliveryStatus, ReminderStatus, ReminderStep
from reporting.deliveries import delivery_key
from reporting.models import Deadline, Delivery, Notification, Reminder
from reporting.reminders import due_at
from units.models import Unit

SWEEP_DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime(2026, 3, 2, 8, 0))  # first beat: after the 07:00 send
TRANSPORTS = ("in_app", "email", "webhook")
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


def build(count: int) -> dict[int, int]:
    """`count` people, each with one deadline due on SWEEP_DAY and its on-day reminder
    pending; returns reminder id → recipient id."""
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"fault-{i}", email=f"fault-{i}@bench.invalid") for i in range(count)]
    )
    users = list(User.objects.filter(username__startswith="fault-").order_by("pk"))
    communes = list(Unit.objects.filter(kind="commune", is_active=True).order_by("path"))
    duty = ReportingDuty.objects.get(plan__document__key="seed-000", rule="monthly")
    deadlines = []
    for i in range(count):
        year, month = divmod(2024 * 12 + i // len(communes), 12)
        start = date(year, month + 1, 1)
        deadlines.append(
            Deadline(
                duty=duty,
                unit=communes[i % len(communes)],
                period_start=start,
                period_end=start + timedelta(days=27),
                period_label=f"Tháng {start.month}/{start.year}",
                due_on=SWEEP_DAY,
            )
        )
    Deadline.objects.bulk_create(deadlines)
    reminders = [
        Reminder(
            deadline=deadline,
            step=ReminderStep.ON_DAY,
            recipient=user,
            due_at=due_at(deadline, ReminderStep.ON_DAY),
        )
        for deadline, user in zip(deadlines, users, strict=True)
    ]
    Reminder.objects.bulk_create(reminders)
    return {r.pk: r.recipient_id for r in reminders}


def reset(servers: Servers) -> None:
    """Every reminder due and unsent again, every recipient active, receivers emptied."""
    Delivery.objects.all().delete()
    Notification.objects.all().delete()
    Reminder.objects.update(
        status=ReminderStatus.PENDING,
        claim="",
        claimed_at=None,
        sent_at=None,
        attempts=0,
        last_error="",
    )
    get_user_model().objects.filter(username__startswith="fault-").update(is_active=True)
    servers.smtp.receipts.reset()
    servers.hook.receipts.reset()
    servers.hook.hang.clear()
    redis.Redis(host=LOOPBACK, port=servers.redis.port).flushall()


def _db[T](call: Callable[[], T], default: T) -> T:
    """The bench keeps measuring while the database is down."""
    try:
        return call()
    except DatabaseError:
        with contextlib.suppress(DatabaseError):
            connection.close()
        return default


class Beat:
    """Celery beat on a compressed clock: fires when the worker is idle, each beat `tick`
    after the previous one on the portal's clock (which runs with wall time in between)."""

    def __init__(self, queue: str, tick: timedelta, workers: list[Worker], port: int) -> None:
        self.queue, self.tick, self.workers = queue, tick, workers
        self.points: list[tuple[float, datetime]] = []  # (wall time, portal clock) per beat
        self.held = False
        self.missed = 0
        self._checked = 0.0
        self._redis = redis.Redis(
            host=LOOPBACK, port=port, socket_timeout=1, socket_connect_timeout=1
        )

    def portal(self, at: float) -> datetime:
        wall, clock = self.points[0]
        for point_wall, point_clock in self.points:
            if point_wall <= at:
                wall, clock = point_wall, point_clock
        return clock + timedelta(seconds=max(at - wall, 0.0))

    def fire(self) -> None:
        wall = time.time()
        clock = max(self.points[-1][1] + self.tick, self.portal(wall)) if self.points else START
        self.points.append((wall, clock))
        try:
            app.send_task(
                "reporting.sweep_reminders", kwargs={"now": clock.isoformat()}, queue=self.queue
            )
        except (BrokerError, OSError):
            self.missed += 1

    def maybe_fire(self) -> None:
        if self.held or time.monotonic() - self._checked < 1.0:
            return
        self._checked = time.monotonic()
        if not self._busy():
            self.fire()

    def _busy(self) -> bool:
        """A sweep queued or running; a live worker that does not answer counts as busy
        (under load a late answer is likelier than an idle worker)."""
        try:
            if self._redis.llen(self.queue):
                return True
            names = [w.name for w in self.workers if w.alive()]
            if not names:
                return False
            inspector = app.control.inspect(destination=names, timeout=2.0, limit=len(names))
            replies = [inspector.active(), inspector.reserved()]
        except (redis.exceptions.RedisError, BrokerError, OSError):
            return True
        if any(reply is None or len(reply) < len(names) for reply in replies):
            return True
        return any(tasks for reply in replies if reply for tasks in reply.values())

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """No beat during an outage shorter than one beat period."""
        self.held = True
        try:
            yield
        finally:
            self.held = False


@dataclass
class Row:
    transport: str
    due: int
    delivered: int
    duplicated: int
    lost: int
    recover_s: str
    portal_min: str


@dataclass
class Outcome:
    number: int
    title: str
    old: str
    headline: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Scenario:
    number: int
    servers: Servers
    args: argparse.Namespace
    recipients: dict[int, int]  # reminder id → recipient id
    queue: str
    beat: Beat
    workers: list[Worker]
    owed: dict[str, set[str]]
    notes: list[str] = field(default_factory=list)
    fault_end: float = 0.0
    _in_app: dict[str, list[float]] = field(default_factory=dict)
    _polled: float = 0.0

    def start_worker(self) -> Worker:
        index = len(self.workers)
        log = self.servers.scratch / f"worker-{self.number}-{index}.log"
        worker = Worker(f"faults{self.number}-{index}", self.queue, log, dict(os.environ))
        self.workers.append(worker)
        worker.wait_ready()
        return worker

    def receipts(self, transport: str, fresh: bool = False) -> dict[str, list[float]]:
        if transport == "email":
            return self.servers.smtp.receipts.snapshot()
        if transport == "webhook":
            return self.servers.hook.receipts.snapshot()
        if fresh or time.monotonic() - self._polled > 0.5:
            self._polled = time.monotonic()
            rows = _db(
                lambda: list(
                    Notification.objects.filter(reminder__isnull=False).values_list(
                        "reminder_id", "created_at"
                    )
                ),
                None,
            )
            if rows is not None:
                received: dict[str, list[float]] = defaultdict(list)
                for reminder_id, created in rows:
                    received[delivery_key(reminder_id, 0, "in_app")].append(created.timestamp())
                self._in_app = dict(received)
        return self._in_app

    def wait_until(self, done: Callable[[], bool], seconds: float) -> bool:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            self.beat.maybe_fire()
            if done():
                return True
            time.sleep(0.02)
        return False

    def mid_sweep(self) -> None:
        self.beat.fire()
        share = self.args.at * len(self.recipients)
        if not self.wait_until(lambda: self.servers.smtp.receipts.total() >= share, 180):
            tail = self.workers[-1].text()[-3000:]
            raise RuntimeError(f"the e-mails never reached {share:.0f}; worker log:\n{tail}")

    def recovered(self) -> bool:
        return all(self.owed[t] <= self.receipts(t).keys() for t in TRANSPORTS)

    def quiescent(self) -> bool:
        """Nothing left to send or to take over: every delivery sent, skipped or dead."""
        deliveries = Delivery.objects.filter(reminder_id__in=list(self.recipients))
        counts = _db(
            lambda: (
                deliveries.count(),
                deliveries.filter(status__in=OPEN).exists(),
                Reminder.objects.filter(
                    status__in=(ReminderStatus.PENDING, ReminderStatus.SENDING)
                ).exists(),
            ),
            (0, True, True),
        )
        return counts == (len(self.recipients) * len(TRANSPORTS), False, False)

    def settle(self) -> None:
        while time.time() < self.fault_end + self.args.settle:
            self.beat.maybe_fire()
            if self.recovered() and self.quiescent():
                return
            time.sleep(0.25)

    def row(self, transport: str) -> Row:
        receipts = self.receipts(transport, fresh=True)
        owed = self.owed[transport]
        delivered = len(owed & receipts.keys())
        recover_s = portal_min = "—"
        if delivered == len(owed) and owed:
            last = max(min(receipts[key]) for key in owed)
            recover_s = f"{max(last - self.fault_end, 0.0):.1f}"
            lag = self.beat.portal(last) - self.beat.portal(self.fault_end)
            portal_min = f"{max(lag.total_seconds() / 60, 0.0):.1f}"
        return Row(
            transport=transport,
            due=len(owed),
            delivered=delivered,
            duplicated=sum(len(times) for times in receipts.values()) - len(receipts),
            lost=len(owed) - delivered,
            recover_s=recover_s,
            portal_min=portal_min,
        )

    def common_notes(self) -> list[str]:
        statuses = Counter(
            Delivery.objects.filter(reminder_id__in=list(self.recipients)).values_list(
                "transport", "status"
            )
        )
        database = "; ".join(
            f"{t} " + ", ".join(f"{s} {n}" for (tr, s), n in sorted(statuses.items()) if tr == t)
            for t in TRANSPORTS
        )
        done, failed, limits = [], [], 0
        for worker in self.workers:
            seconds, errors, killed = worker.sweeps()
            done += seconds
            failed += errors
            limits += killed
        sweeps = (
            f"sweeps: {len(done)} finished (longest {max(done, default=0):.1f} s), "
            f"{len(failed)} failed{' ' + str(dict(Counter(failed))) if failed else ''}, "
            f"{limits} hit a time limit; "
            f"beats {len(self.beat.points)} ({self.beat.missed} not published), portal clock "
            f"+{(self.beat.points[-1][1] - START).total_seconds() / 60:.0f} min"
        )
        alive = "alive" if self.workers and self.workers[-1].alive() else "EXITED"
        return [
            f"deliveries in the database: {database}",
            sweeps,
            f"worker at the end: {alive}; first receipts per second: {self.rates()}",
        ]

    def rates(self) -> str:
        """Throughput while each transport was being sent (first receipts only)."""
        shown = []
        for transport in TRANSPORTS:
            firsts = sorted(min(times) for times in self.receipts(transport).values())
            span = firsts[-1] - firsts[0] if len(firsts) > 1 else 0.0
            shown.append(f"{transport} {len(firsts) / span:.0f}" if span else f"{transport} -")
        return ", ".join(shown)


Fault = Callable[["Scenario"], Callable[[list[Row]], str]]  # breaks things; → headline


def run_fault(
    number: int,
    spec: tuple[str, str, Fault],
    servers: Servers,
    recipients: dict[int, int],
    args: argparse.Namespace,
) -> Outcome:
    """A fresh copy of the due reminders, a worker, the fault, the recovery, the tallies."""
    title, old, fault = spec
    print(f"fault {number}: {title} …", file=sys.stderr, flush=True)
    reset(servers)
    queue = f"faults-{number}-{uuid.uuid4().hex[:6]}"
    workers: list[Worker] = []
    sc = Scenario(
        number=number,
        servers=servers,
        args=args,
        recipients=recipients,
        queue=queue,
        beat=Beat(queue, timedelta(minutes=args.tick), workers, servers.redis.port),
        workers=workers,
        owed={t: {delivery_key(r, 0, t) for r in recipients} for t in TRANSPORTS},
    )
    try:
        sc.start_worker()
        headline = fault(sc)
        sc.settle()
        rows = [sc.row(t) for t in TRANSPORTS]
        title_line = headline(rows)
        return Outcome(number, title, old, title_line, rows, sc.notes + sc.common_notes())
    except RuntimeError as error:
        return Outcome(number, title, old, "bench error (see notes)", [], [str(error)])
    finally:
        for worker in workers:
            worker.stop()
        servers.hook.hang.clear()

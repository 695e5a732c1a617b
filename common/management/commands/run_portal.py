"""Serve the portal with a Celery worker and beat, and keep all three running.

A process that dies (a worker killed for memory, beat crashing on a broker outage) is
started again after a backoff that grows while it keeps dying; the others go on serving.
Ctrl-C or SIGTERM stops all of them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

# A process that ran this long is healthy again: its next death starts the backoff anew.
STABLE_AFTER = 60.0
MAX_BACKOFF = 60.0
# Seconds to wait for the web to answer before starting the worker and beat anyway.
SERVING_TIMEOUT = 30.0


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0
    restart_at: float | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command)
        self.started_at = time.monotonic()
        self.restart_at = None

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()


class Command(BaseCommand):
    help = "Chạy cổng thông tin cùng Celery worker và beat / run web, worker and beat together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("PORTAL_BIND", "127.0.0.1:8000"))
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        signal.signal(signal.SIGTERM, _stop_on_sigterm)
        self._dispatch_outbox()
        children = [Child(name, command) for name, command in _commands(options).items()]
        try:
            web, *others = children
            self._start(web)
            # Celery's start-up would compete for the CPU with gunicorn's: the first page
            # comes sooner when the worker and beat start once the web answers.
            _wait_until_serving(options["bind"], timeout=SERVING_TIMEOUT)
            for child in others:
                self._start(child)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Portal on http://{options['bind']}/ — worker and beat running "
                    f"({'Redis' if settings.REDIS_URL else 'embedded filesystem broker'}). "
                    "Ctrl-C stops all; PORTAL_BIND=host:port serves elsewhere."
                )
            )
            while True:
                time.sleep(0.5)
                for child in children:
                    self._supervise(child)
        except KeyboardInterrupt:
            pass
        finally:
            _stop_all(children)

    def _start(self, child: Child) -> None:
        child.start()
        assert child.process is not None
        self.stdout.write(f"run_portal: started {child.name} (pid {child.process.pid})")
        self.stdout.flush()

    def _supervise(self, child: Child) -> None:
        code = child.exited()
        if code is None:
            return
        now = time.monotonic()
        if child.restart_at is None:
            if now - child.started_at >= STABLE_AFTER:
                child.failures = 0
            child.failures += 1
            delay = min(2.0 ** (child.failures - 1), MAX_BACKOFF)
            child.restart_at = now + delay
            self.stderr.write(
                f"run_portal: {child.name} exited with code {code}; restarting in {delay:.0f} s"
            )
        elif now >= child.restart_at:
            self._start(child)

    def _dispatch_outbox(self) -> None:
        """Send what was recorded while the broker was down (a crash, an outage)."""
        from common.outbox import outbox_dispatch_pending

        try:
            counts = outbox_dispatch_pending()
        except DatabaseError as exc:
            # Beat's dispatch task tries again every minute.
            self.stderr.write(f"run_portal: outbox not dispatched now: {exc}")
            return
        if counts["sent"] or counts["failed"]:
            self.stdout.write(f"run_portal: outbox {counts}")


def _commands(options: dict[str, Any]) -> dict[str, list[str]]:
    bin_dir = os.path.dirname(sys.executable)
    embedded = not settings.REDIS_URL
    return {
        "web": [
            os.path.join(bin_dir, "gunicorn"),
            "config.wsgi",
            "--bind",
            options["bind"],
            "--workers",
            str(options["web_workers"]),
            "--access-logfile",
            "-",
            # Django is loaded once in the master and the workers are forked from it: half the
            # start-up work of two workers that each load it (nothing opens a connection at
            # import: connections are made per request).
            "--preload",
        ],
        # The embedded broker and SQLite are single-host; one process keeps writes simple.
        "worker": [
            os.path.join(bin_dir, "celery"),
            "-A",
            "config",
            "worker",
            "--loglevel",
            "INFO",
            *(["--pool", "solo"] if embedded else ["--concurrency", "2"]),
        ],
        "beat": [os.path.join(bin_dir, "celery"), "-A", "config", "beat", "--loglevel", "INFO"],
    }


def _wait_until_serving(bind: str, *, timeout: float) -> bool:
    """True once GET /livez at `bind` answers; False after `timeout` seconds or for a bind
    that is not host:port (a unix socket)."""
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit():
        return False
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/livez"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # an answer all the same (a host not in ALLOWED_HOSTS: 400)
        except OSError:
            time.sleep(0.2)
    return False


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop_all(children: list[Child]) -> None:
    running = [c.process for c in children if c.process is not None and c.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()

"""The real servers bench/faults.py breaks: a throwaway PostgreSQL cluster, a Redis server,
Celery workers, and the two receivers that count what arrives (an SMTP sink and a webhook
endpoint). Everything listens on 127.0.0.1 only and lives in temp directories the caller
removes; no Django here (the ports must be known before Django reads its settings)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import redis
from aiosmtpd.controller import Controller

PG_BIN = Path("/usr/lib/postgresql/15/bin")
LOOPBACK = "127.0.0.1"


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (all probes held open until every one is chosen)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind((LOOPBACK, 0))
        return [int(probe.getsockname()[1]) for probe in probes]


class Receipts:
    """Every arrival by idempotency key, with its time (time.time(), comparable across
    processes with the database's timestamps)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._times: dict[str, list[float]] = defaultdict(list)

    def add(self, key: str) -> None:
        with self._lock:
            self._times[key].append(time.time())

    def reset(self) -> None:
        with self._lock:
            self._times.clear()

    def snapshot(self) -> dict[str, list[float]]:
        with self._lock:
            return {key: list(times) for key, times in self._times.items()}

    def total(self) -> int:
        with self._lock:
            return sum(len(times) for times in self._times.values())


class _SmtpHandler:
    def __init__(self, receipts: Receipts) -> None:
        self.receipts = receipts
        self.delay = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        message_id = (headers.get("Message-ID") or "").strip()
        # The portal's Message-ID is <delivery key@domain>: counted by that key.
        self.receipts.add(message_id.strip("<>").rpartition("@")[0] or message_id)
        if self.delay:
            await asyncio.sleep(self.delay)  # a slow relay: the sweep lasts long enough to break
        return "250 OK"


class SmtpSink:
    """aiosmtpd on a loopback port, counting messages by Message-ID."""

    def __init__(self, port: int) -> None:
        self.receipts = Receipts()
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command
        self._handler = _SmtpHandler(self.receipts)
        self._controller = Controller(self._handler, hostname=LOOPBACK, port=port)

    @property
    def delay(self) -> float:
        return self._handler.delay

    @delay.setter
    def delay(self, seconds: float) -> None:
        self._handler.delay = seconds

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._controller.stop()


class _HookHandler(BaseHTTPRequestHandler):
    server: _HookServer

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        hook = self.server
        if hook.hang.is_set():
            # Accepts, never answers: the request is dropped unprocessed when the hang ends.
            while hook.hang.is_set() and not hook.closing.is_set():
                time.sleep(0.1)
            self.close_connection = True
            return
        hook.receipts.add(self.headers.get("Idempotency-Key") or "")
        if hook.delay:
            time.sleep(hook.delay)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class _HookServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections in a burst of 8: each dropped
    # SYN costs the sender a second (TCP's first retransmission), which is not the portal's.
    request_queue_size = 128

    def __init__(self, port: int) -> None:
        super().__init__((LOOPBACK, port), _HookHandler)
        self.receipts = Receipts()
        self.delay = 0.0
        self.hang = threading.Event()
        self.closing = threading.Event()


class WebhookReceiver:
    """A webhook endpoint counting POSTs by Idempotency-Key; `delay` slows each answer and
    `hang` makes it accept requests and never answer them."""

    def __init__(self, port: int) -> None:
        self._server = _HookServer(port)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.receipts = self._server.receipts
        self.hang = self._server.hang

    @property
    def delay(self) -> float:
        return self._server.delay

    @delay.setter
    def delay(self, seconds: float) -> None:
        self._server.delay = seconds

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.closing.set()
        self._server.shutdown()
        self._server.server_close()


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres OS user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresCluster:
    """A throwaway cluster (initdb + pg_ctl) on a loopback port, no Unix socket, no fsync
    (the faults here are processes dying, not disks)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.root = Path(tempfile.gettempdir())  # its own directory once created

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            _as_postgres([str(PG_BIN / args[0]), *args[1:]]),
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"{args[0]} {args[-1]} failed: {done.stderr.strip()}")

    def create(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres", group="postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        settings = (
            f"\nport = {self.port}\nlisten_addresses = '{LOOPBACK}'\n"
            "unix_socket_directories = ''\nfsync = off\nsynchronous_commit = off\n"
            "full_page_writes = off\nmax_connections = 100\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        self.start()

    def start(self) -> None:
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def remove(self) -> None:
        if not self.root.name.startswith("portal-faults-pg-"):
            return  # never created
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    """redis-server on a loopback port with no persistence: a restart empties it."""

    def __init__(self, port: int, directory: Path) -> None:
        self.port = port
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", LOOPBACK),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(host=LOOPBACK, port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


SWEEP_DONE = re.compile(
    r"Task reporting\.sweep_reminders\[[^\]]+\] succeeded in ([\d.]+)s: (\{.*\})"
)
SWEEP_FAILED = re.compile(r"Task reporting\.sweep_reminders\[[^\]]+\] raised unexpected: (\w+)")
TIME_LIMIT = re.compile(r"(Soft|Hard) time limit \(\d+s\) exceeded for reporting\.sweep")


class Worker:
    """A real Celery worker (prefork pool) in its own process group, logging to a file."""

    def __init__(self, name: str, queue: str, log: Path, env: dict[str, str]) -> None:
        self.log = log
        self.name = f"{name}@{LOOPBACK}"
        celery = Path(sys.executable).with_name("celery")
        command = [str(celery), "-A", "config", "worker", "--pool", "prefork"]
        command += ["--concurrency", "1", "-Q", queue, "-n", self.name]
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [*command, "--loglevel", "INFO"],
                cwd=Path(__file__).resolve().parents[1],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 90) -> None:
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited at start:\n{self.text()[-3000:]}")
            if " ready." in self.text():
                return
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready after {timeout} s:\n{self.text()[-3000:]}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def children(self) -> list[int]:
        """The pool processes (their parent is the worker's main process)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rpartition(")")[2].split()
                if int(fields[1]) == self.process.pid:
                    found.append(int(stat.parent.name))
        return found

    def kill_group(self) -> None:
        """SIGKILL the main process and its pool at once (the machine lost power)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if not self.alive():
            self.kill_group()  # its orphaned pool children, if any
            return
        self.process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)  # a warm shutdown, then whatever is left goes
        self.kill_group()

    def sweeps(self) -> tuple[list[float], list[str], int]:
        """Seconds of each finished sweep, errors of the failed ones, time-limit kills."""
        text = self.text()
        return (
            [float(m.group(1)) for m in SWEEP_DONE.finditer(text)],
            [m.group(1) for m in SWEEP_FAILED.finditer(text)],
            len(TIME_LIMIT.findall(text)),
        )


@dataclass
class Servers:
    pg: PostgresCluster
    redis: RedisServer
    smtp: SmtpSink
    hook: WebhookReceiver
    scratch: Path

    def close(self) -> None:
        self.hook.hang.clear()
        for stop in (self.smtp.stop, self.hook.stop, self.redis.stop, self.pg.remove):
            try:
                stop()
            except Exception as error:  # clean up the rest whatever failed here
                print(f"clean-up: {stop.__qualname__}: {error!r}", file=sys.stderr)

"""Real servers a fault test owns: started on a free loopback port, stopped and started
again at will (a Redis server, a throwaway PostgreSQL cluster, the portal itself)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pg_bin() -> Path:
    """Debian's newest installed PostgreSQL server binaries (or PORTAL_TEST_PG_BIN)."""
    if os.environ.get("PORTAL_TEST_PG_BIN"):
        return Path(os.environ["PORTAL_TEST_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def stop_process(process: subprocess.Popen[bytes], *, timeout: float = 20) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    """`redis-server` without persistence: a restart loses every key, as a crash would."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (Debian package redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), timeout=20, what=f"Redis on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


class PostgresCluster:
    """A throwaway cluster (initdb into a temporary directory of its own, owned by the
    `postgres` system user when the tests run as root, since initdb refuses root; pytest's
    temporary directories are private to root)."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}")

    def init(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"PostgreSQL server binaries not found in {PG_BIN}")
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l",
            str(self.directory / "server.log"), "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')


def python(*args: str, env: dict[str, str], timeout: float = 600) -> str:
    """Run `python <args>` in the project with `env`; its stdout, or the error it printed."""
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def worker_env(settings_dict: dict[str, object], vendor: str, **extra: str) -> dict[str, str]:
    """The environment of a subprocess that must use the test database."""
    env = {**os.environ, "PORTAL_DEMO": "1", **extra}
    if vendor == "sqlite":
        env["SQLITE_PATH"] = str(settings_dict["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        user = settings_dict.get("USER") or "postgres"
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"
    return env


@contextmanager
def portal_broker(url: str) -> Iterator[None]:
    """The portal's own Celery app publishes to `url` (connection pools rebuilt). Its
    configuration comes from Django settings, hence the CELERY_ names."""
    from config.celery import app as portal_app

    conf = portal_app.conf
    keys = ("CELERY_BROKER_URL", "CELERY_BROKER_TRANSPORT_OPTIONS")
    saved = {key: conf[key] for key in keys}
    conf["CELERY_BROKER_URL"] = url
    conf["CELERY_BROKER_TRANSPORT_OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 2}
    portal_app._pool = portal_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.update(saved)
        portal_app._pool = portal_app.amqp._producer_pool = None


def send_task(redis_url: str, task: str, *args: object, queue: str = "celery") -> None:
    """Send a task through a client of that Redis only (the portal's own app talks to the
    configured broker). Results are not asked for: a result subscription would outlive
    the server the test stops; tests observe what a task did instead."""
    from celery import Celery

    app = Celery("probe", broker=redis_url, set_as_current=False)
    try:
        app.send_task(task, args=args, queue=queue, ignore_result=True)
    finally:
        app.close()


def run_marker(redis_url: str, marker: Path, *, queue: str = "celery", timeout: float) -> None:
    """Send the test-only `hold` task and wait until a worker ran it (a solo worker runs
    its queue in order, so everything sent before has run too)."""
    send_task(redis_url, "tests.faults.hold", str(marker), 0, queue=queue)
    wait_for(marker.exists, timeout=timeout, what=f"a worker to run {marker.name}")

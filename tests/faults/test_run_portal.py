"""`run_portal` (the embedded default of `make run`) starts again what dies."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from .servers import ROOT, free_port, stop_process, wait_for, worker_env

STARTED = re.compile(r"run_portal: started (\w+) \(pid (\d+)\)")


def _started(log: Path, name: str) -> list[int]:
    text = log.read_text(errors="replace")
    return [int(pid) for child, pid in STARTED.findall(text) if child == name]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _web_answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.usefixtures("transactional_db")
def test_run_portal_starts_a_new_worker_when_the_worker_is_killed(tmp_path: Path) -> None:
    # The embedded broker in a folder of its own: this worker takes nobody else's tasks.
    env = worker_env(connection.settings_dict, connection.vendor, PORTAL_VAR_DIR=str(tmp_path))
    env.pop("REDIS_URL", None)
    port = free_port()
    log = tmp_path / "run_portal.log"
    with log.open("wb") as out:
        portal = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_portal",
                "--bind",
                f"127.0.0.1:{port}",
                "--web-workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: len(_started(log, "worker")) == 1, timeout=60, what="the worker")
        wait_for(lambda: _web_answers(port), timeout=60, what="the web server")
        (first,) = _started(log, "worker")

        os.kill(first, signal.SIGKILL)
        wait_for(lambda: len(_started(log, "worker")) == 2, timeout=30, what="a new worker")

        second = _started(log, "worker")[1]
        assert second != first and _alive(second)
        assert portal.poll() is None and _web_answers(port)
        assert "worker exited with code -9; restarting in 1 s" in log.read_text()
    finally:
        stop_process(portal, timeout=30)
    assert not any(_alive(pid) for pid in _started(log, "worker"))

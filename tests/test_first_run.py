"""A fast first run: `make run` prepares in one process, a restart redoes nothing and keeps
everyone signed in, and the quick start says where the portal answers."""

from __future__ import annotations

import http.server
import io
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from common.management.commands.run_portal import _wait_until_serving

ROOT = Path(__file__).resolve().parents[1]
PHASE = re.compile(r"^phase (\w+) [\d.]+ s$", re.MULTILINE)


@pytest.mark.django_db
def test_a_second_prepare_changes_nothing_and_keeps_the_passwords(
    clock: Any, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path  # load_demo's password memo and API token file
    call_command("prepare_demo", stdout=io.StringIO())
    users = get_user_model().objects
    hashes = dict(users.values_list("username", "password"))
    out = io.StringIO()
    call_command("prepare_demo", stdout=out)
    text = out.getvalue()
    assert PHASE.findall(text) == [
        "migrate",
        "admin_units",
        "seed_plans",
        "bodies",
        "demo_logins",
        "deadlines",
    ]
    assert "created 0, updated 0, deactivated 0, successor links added 0" in text
    assert "plans written 0" in text and "deadlines created 0" in text
    # A new hash would change every session's auth hash: everyone signed out.
    assert dict(users.values_list("username", "password")) == hashes


def _make_dry_run(tmp_path: Path, target: str, *, installed: bool) -> str:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if installed:
        (tmp_path / ".venv" / "bin").mkdir(parents=True)
        stamp = tmp_path / ".venv" / ".installed"
        stamp.touch()
        later = (tmp_path / "pyproject.toml").stat().st_mtime + 5
        os.utime(stamp, (later, later))
    # Under `make test` the variables of the outer make would make this one print
    # "Entering directory" lines: run it as a make of its own.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", target],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def test_make_run_installs_only_once_and_prepares_in_one_process(tmp_path: Path) -> None:
    fresh, again = tmp_path / "fresh", tmp_path / "again"
    fresh.mkdir()
    again.mkdir()
    first = _make_dry_run(fresh, "run", installed=False)
    assert "pip install --quiet --disable-pip-version-check -e ." in first and "[test]" not in first
    restart = _make_dry_run(again, "run", installed=True)
    assert restart.strip().splitlines() == [".venv/bin/python manage.py prepare_demo --run"]
    assert "collectstatic" not in _make_dry_run(again, "demo-data", installed=False)


class _Answers(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def answering_port() -> Iterator[int]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_run_portal_waits_for_any_answer_of_the_web_before_starting_celery(
    answering_port: int,
) -> None:
    assert _wait_until_serving(f"127.0.0.1:{answering_port}", timeout=5)
    assert _wait_until_serving(f"0.0.0.0:{answering_port}", timeout=5)
    # A unix socket cannot be polled: Celery starts at once.
    assert not _wait_until_serving("unix:/tmp/portal.sock", timeout=5)


def test_quick_start_has_two_commands_and_says_where_the_portal_answers() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    assert [c for c in commands if c] == ["make run", "make test"]
    assert "http://127.0.0.1:8000/" in quick
    assert "PORTAL_BIND=0.0.0.0:8080 make run" in quick


def test_static_files_are_served_without_collectstatic(settings: Any, tmp_path: Path) -> None:
    """`make run` does not collect static files: WhiteNoise finds them in their folders."""
    from django.http import HttpResponse
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.STATIC_ROOT = tmp_path  # nothing collected
    served = WhiteNoiseMiddleware(lambda request: HttpResponse()).files
    for url in ("/static/css/portal.css", "/static/js/portal.js", "/static/admin/css/base.css"):
        assert url in served, url

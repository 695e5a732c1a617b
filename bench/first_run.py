"""Seconds from a fresh clone's `make run` to the first page, and from a restart.

Clones the repository (`git clone` of its path: this measures the COMMITTED HEAD, not the
working tree; `--patch FILE` applies a patch and `--overlay PATH` copies uncommitted
files into the clone first) into a temporary folder and runs `make run` there with
PORTAL_BIND on a free port:

1. FIRST RUN: polls http://127.0.0.1:PORT/ until the first page (the login page behind the
   redirect) answers 200; prints the seconds, the goal (<= 120 s) and the ratio. A new
   virtualenv is made in the clone, so pip's cache should be warm for a fair figure.
2. Signs in as bientap.hungyen (the login form's CSRF token, then a POST to
   /accounts/login/) and keeps the session cookie.
3. RESTART: stops the server (SIGTERM to its process group, as Ctrl-C would), runs
   `make run` again in the same clone and prints the seconds to the first page (goal
   <= 10 s), then checks that the cookie from before the restart is still signed in.

The `phase <name> <seconds> s` lines that `make run` prints (demo/management/commands/
prepare_demo.py) are shown per run, with the set-up before them (venv, pip, Django start)
and the serving after them (gunicorn start to the first page). The clone, its virtualenv
and every process started are removed at the end (`--keep` keeps the folder).

    python3 bench/first_run.py [--repo .] [--patch FILE] [--overlay PATH ...] [--keep]

`--catalogue` only times `migrate`, `load_admin_units --legacy` (goal <= 20 s) and
`load_seed_plans` with this checkout's code on a fresh SQLite database in a temporary
folder, then again with nothing to change.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
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
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_GOAL = 120.0
RESTART_GOAL = 10.0
USERNAME = "bientap.hungyen"
PASSWORD = "tuyentruyen-demo"
PHASE = re.compile(r"^phase (\S+) ([\d.]+) s$")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Run:
    """One `make run`: its process, its output lines with the second each arrived."""

    process: subprocess.Popen[bytes]
    started: float
    log: Path
    lines: list[tuple[float, str]] = field(default_factory=list)

    def read(self) -> None:
        assert self.process.stdout is not None
        with self.log.open("a", encoding="utf-8") as out:
            for raw in self.process.stdout:
                line = raw.decode("utf-8", "replace").rstrip()
                self.lines.append((time.monotonic() - self.started, line))
                out.write(line + "\n")
                out.flush()

    def phases(self) -> list[tuple[str, float, float]]:
        """(name, seconds, when it ended) of each phase line."""
        found = []
        for when, line in self.lines:
            match = PHASE.match(line.strip())
            if match:
                found.append((match[1], float(match[2]), when))
        return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_env(port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_", "REDIS_", "PORTAL_", "SQLITE_", "VIRTUAL_ENV")
        )
    }
    # Not this checkout's virtualenv: the clone makes its own.
    path = [p for p in env.get("PATH", "").split(os.pathsep) if "/.venv/" not in p + "/"]
    return env | {
        "PATH": os.pathsep.join(path),
        "PORTAL_DEMO": "1",
        "PORTAL_BIND": f"127.0.0.1:{port}",
    }


def start(clone: Path, env: dict[str, str], log: Path) -> Run:
    process = subprocess.Popen(
        ["make", "run"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: make, Django, gunicorn, Celery
    )
    run = Run(process, time.monotonic(), log)
    threading.Thread(target=run.read, daemon=True).start()
    return run


def wait_first_page(run: Run, base: str, timeout: float) -> float:
    while time.monotonic() - run.started < timeout:
        if run.process.poll() is not None:
            tail = "\n".join(line for _when, line in run.lines[-30:])
            raise SystemExit(f"make run exited with {run.process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as response:
                if response.status == 200:
                    return time.monotonic() - run.started
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"no first page after {timeout:.0f} s (log: {run.log})")


def stop(run: Run) -> None:
    if run.process.poll() is not None:
        return
    os.killpg(run.process.pid, signal.SIGTERM)
    try:
        run.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(run.process.pid, signal.SIGKILL)
        run.process.wait(timeout=10)
    # Children that outlived make (gunicorn's workers, Celery) share its group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(run.process.pid, signal.SIGKILL)


def sign_in(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/accounts/login/", timeout=10) as page:
        match = CSRF_INPUT.search(page.read().decode("utf-8"))
    if not match:
        raise SystemExit("the login page has no CSRF token")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match[1], "username": USERNAME, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=form, headers={"Referer": base + "/accounts/login/"}
    )
    with opener.open(request, timeout=10):
        pass
    if not signed_in(opener, base):
        raise SystemExit(f"could not sign in as {USERNAME}")
    return opener


def signed_in(opener: urllib.request.OpenerDirector, base: str) -> bool:
    """Signed in when / is served without a detour through the login page."""
    with opener.open(base + "/", timeout=10) as response:
        return "/accounts/login/" not in response.geturl()


def report(title: str, seconds: float, goal: float, run: Run) -> None:
    print(
        f"{title}: {seconds:.1f} s to the first page (goal <= {goal:.0f} s, ratio "
        f"{seconds / goal:.2f})"
    )
    phases = run.phases()
    if not phases:
        return
    _name, first_seconds, first_end = phases[0]
    print(
        f"  {'before the phases (venv, pip, Django start)':<46} {first_end - first_seconds:6.1f} s"
    )
    for name, took, _end in phases:
        print(f"  {name:<46} {took:6.1f} s")
    print(f"  {'serving (run_portal start to first page)':<46} {seconds - phases[-1][2]:6.1f} s")


def catalogue(repo: Path) -> None:
    """Seconds of each set-up command on a fresh SQLite database in a temporary folder
    (this checkout's code and virtualenv), then of the same commands again."""
    venv = repo / ".venv" if (repo / ".venv").exists() else ROOT / ".venv"
    python = str(venv / "bin" / "python")
    commands = [
        ["migrate", "--noinput"],
        ["load_admin_units", "--legacy"],
        ["load_seed_plans"],
    ]
    with tempfile.TemporaryDirectory(prefix="first-run-db-") as folder:
        env = clean_env(free_port()) | {"PORTAL_VAR_DIR": folder}
        for label in ("fresh database", "again, nothing changed"):
            print(f"{label}:")
            for command in commands:
                started = time.monotonic()
                subprocess.run(
                    [python, "manage.py", *command],
                    cwd=repo,
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                took = time.monotonic() - started
                goal = " (goal <= 20 s)" if command[0] == "load_admin_units" else ""
                print(f"  manage.py {' '.join(command):<34} {took:6.1f} s{goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT)
    parser.add_argument("--overlay", action="append", default=[], help="uncommitted path to copy")
    parser.add_argument("--patch", type=Path, help="a patch to `git apply` in the clone first")
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument(
        "--catalogue",
        action="store_true",
        help="only time migrate and the loaders on a temporary SQLite database",
    )
    args = parser.parse_args()
    if args.catalogue:
        catalogue(args.repo.resolve())
        return

    folder = Path(tempfile.mkdtemp(prefix="first-run-"))
    clone = folder / "portal"
    runs: list[Run] = []
    try:
        subprocess.run(["git", "clone", "--quiet", str(args.repo), str(clone)], check=True)
        head = subprocess.run(
            ["git", "-C", str(clone), "log", "-1", "--format=%h %s"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"clone of {args.repo} at {head}")
        if args.patch:
            subprocess.run(
                ["git", "-C", str(clone), "apply", str(args.patch.resolve())], check=True
            )
            print(f"  patch: {args.patch}")
        for path in args.overlay:
            source, target = args.repo / path, clone / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)
            print(f"  overlay: {path}")
        port = free_port()
        env = clean_env(port)
        base = f"http://127.0.0.1:{port}"
        log = folder / "make-run.log"

        runs.append(start(clone, env, log))
        first = wait_first_page(runs[0], base, args.timeout)
        report("FIRST RUN (fresh clone)", first, FIRST_GOAL, runs[0])
        session = sign_in(base)
        stop(runs[0])

        runs.append(start(clone, env, log))
        again = wait_first_page(runs[1], base, args.timeout)
        report("RESTART", again, RESTART_GOAL, runs[1])
        kept = signed_in(session, base)
        print(f"session from before the restart still signed in: {'yes' if kept else 'NO'}")
        if args.keep:
            print(f"kept: {folder} (log: {log})")
    finally:
        for run in runs:
            stop(run)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

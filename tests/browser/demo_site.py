"""The demo (`load_demo`) on the live server, at the demo's today, and an axe recorder.

The clock is fixed at 20/11/2026 09:00 in Hà Nội and keeps ticking from there
(time_machine patches the whole process, so the live server's thread sees the same day);
`VAR_DIR` is a temporary directory, where load_demo writes the API token's secret.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command

from tests.browser.axe import axe_violations

DEMO_NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
DEMO_PASSWORD = "demo-pass-123"
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


@contextmanager
def demo_loaded(settings: Any, var_dir: Path) -> Iterator[str]:
    """Load the demo at its today; yields the secret of the demo API token."""
    with time_machine.travel(DEMO_NOW, tick=True):
        settings.VAR_DIR = var_dir
        call_command("load_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
        yield (var_dir / "demo_api_token").read_text(encoding="ascii").strip()


@dataclass
class AxeRecorder:
    """Runs axe on each page visited; the test asserts at its end that nothing was found,
    so that a journey is walked to its end before its accessibility is judged."""

    found: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def check(self, page: Any) -> None:
        page.wait_for_load_state("load")
        self.pages.append(page.url)
        self.found += axe_violations(page)


def sign_in(page: Any, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Through the login form, as a person would; lands on the home page."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập", exact=True).fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(f"{base}/")

"""Page tests in a real browser: Debian's Chromium driven by Playwright (headless).

`make test` installs Chromium from the distribution when it is missing; Playwright's own
browser download is never used. Screenshots go to test-artifacts/ for a human look.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium).")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def seeded_live_server(seeded_transactional_db: None, live_server: Any) -> Any:
    """The live server over the catalogue and the seed plans."""
    return live_server


@pytest.fixture
def csp_violations() -> list[str]:
    """What Chromium reported as blocked by the Content-Security-Policy during the test."""
    return []


@pytest.fixture
def page(browser: Any, csp_violations: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("console", lambda message: _note_csp_violation(message, csp_violations))
    yield page
    context.close()
    # Every page test also checks that the policy blocked nothing the page needed.
    assert csp_violations == [], csp_violations


def _note_csp_violation(message: Any, violations: list[str]) -> None:
    if "Content Security Policy" in message.text:
        violations.append(f"{message.location.get('url', '')}: {message.text}")


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def login(page: Any, base: str, username: str, password: str = "mat-khau-123") -> None:
    """Sign in through the login form and land on the home page."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(f"{base}/")

"""HTML → PDF with WeasyPrint, allowed to read only the portal's own static files, within a
time limit."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.utils.translation import gettext as _

from common.exceptions import DomainError

from .html import snapshot_html
from .snapshot import DocumentSnapshot

STATIC_ROOT = Path(settings.BASE_DIR) / "static"
DEFAULT_TIME_LIMIT = 60


class RenderRefused(DomainError):
    """The document asked for a resource outside the portal's static files."""


class RenderTimeout(DomainError):
    """Rendering took longer than allowed."""


def static_only_fetcher() -> Any:
    """A WeasyPrint fetcher that serves file:// URLs under static/ and refuses everything
    else (no network, no other files); a refused resource is skipped, the render goes on."""
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme != "file":
                raise RenderRefused(
                    _("Không tải tài nguyên bên ngoài: %(url)s") % {"url": url[:200]}
                )
            path = Path(unquote(parsed.path)).resolve()
            if not path.is_relative_to(STATIC_ROOT.resolve()):
                raise RenderRefused(_("Không đọc tệp ngoài thư mục tĩnh của cổng."))
            return super().fetch(url, headers)

    return StaticOnly(timeout=5, allowed_protocols=("file",), allow_redirects=False)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise RenderTimeout after `seconds` (main thread only: gunicorn sync workers, Celery
    prefork children and tests; elsewhere Celery's own task time limit applies)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    expired = []

    def timeout() -> RenderTimeout:
        return RenderTimeout(
            _(
                "Văn bản quá dài, không dựng xong trong %(s)s giây; "
                "hãy tải bản PDF dựng ở chế độ nền."
            )
            % {"s": seconds}
        )

    def expire(signum: int, frame: Any) -> None:
        expired.append(True)
        raise timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # The alarm may land inside library code that catches every exception and carries on:
    # the render then finishes late, and is still refused.
    if expired:
        raise timeout()


def html_to_pdf(html: str, *, time_limit_seconds: int = DEFAULT_TIME_LIMIT) -> bytes:
    import weasyprint

    with time_limit(time_limit_seconds):
        document = weasyprint.HTML(
            string=html, base_url=str(STATIC_ROOT) + "/", url_fetcher=static_only_fetcher()
        )
        # WeasyPrint ships no types.
        pdf: bytes = document.write_pdf()
        return pdf


def snapshot_pdf(
    snapshot: DocumentSnapshot, *, time_limit_seconds: int = DEFAULT_TIME_LIMIT
) -> bytes:
    return html_to_pdf(snapshot_html(snapshot), time_limit_seconds=time_limit_seconds)

"""How a reminder reaches a person. Each transport says whether a failure is transient
(retry later, with backoff and a bound), permanent (dead letter) or a skip (nobody to send
to), and carries the delivery's idempotency key so that a receiver can drop a repeat."""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from common.types import Person

from .models import Notification


class TransientError(Exception):
    """Try again later (network down, server busy, timeout)."""


class PermanentError(Exception):
    """Will never work (rejected); the delivery goes to the dead letters."""


class Skip(Exception):
    """Nothing to send (no address): recorded as skipped, never retried."""


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    url: str


@dataclass(frozen=True)
class Envelope:
    """One delivery, resolved at send time: who (an active user), what, and its key."""

    key: str
    reminder_id: int
    recipient: Person
    message: Message


class Transport(Protocol):
    """Sends one envelope; raises TransientError, PermanentError or Skip.

    `timeout` bounds one call (seconds). A transport may also offer
    `send_many(envelopes) -> {key: error}` to take a whole batch in one database transaction
    (the in-app transport); the sweep prefers it and marks the batch in the same transaction.
    """

    name: str
    timeout: float

    def send(self, envelope: Envelope) -> None: ...


class InAppTransport:
    """The bell: one notification per reminder round, written with the delivery's mark."""

    name = "in_app"
    timeout = 5.0

    def send(self, envelope: Envelope) -> None:
        self.send_many([envelope])

    def send_many(self, envelopes: list[Envelope]) -> dict[str, Exception]:
        """One INSERT for the batch; the one-to-one key on the reminder ignores repeats."""
        Notification.objects.bulk_create(
            [
                Notification(
                    reminder_id=envelope.reminder_id,
                    recipient_id=envelope.recipient.pk,
                    title=envelope.message.subject[:300],
                    body=envelope.message.body,
                    url=envelope.message.url,
                )
                for envelope in envelopes
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        return {}


def _message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<{key}@{domain}>"


class EmailTransport:
    """One SMTP connection per sending thread, reused across the sweep; the Message-ID is
    the delivery key, so a mail client shows a repeat (after a crash) as the same message."""

    name = "email"

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = float(timeout or getattr(settings, "EMAIL_TIMEOUT", None) or 10)
        self._local = threading.local()
        self._opened: list[Any] = []
        self._lock = threading.Lock()

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = get_connection(timeout=self.timeout)
            connection.open()  # kept open: one SMTP session per thread for the whole sweep
            self._local.connection = connection
            with self._lock:
                self._opened.append(connection)
        return connection

    def send(self, envelope: Envelope) -> None:
        address = envelope.recipient.email
        if not address:
            raise Skip("no e-mail address")
        message = envelope.message
        try:
            EmailMessage(
                message.subject,
                f"{message.body}\n\n{message.url}",
                settings.DEFAULT_FROM_EMAIL,
                [address],
                connection=self._connection(),
                headers={
                    "Message-ID": _message_id(envelope.key),
                    "X-Idempotency-Key": envelope.key,
                },
            ).send()
        except OSError as exc:
            self._local.connection = None  # a broken connection is not reused
            raise TransientError(str(exc) or type(exc).__name__) from exc

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for connection in opened:
            # A thread abandoned past its time bound may still hold this session; closing
            # it under that thread can fail in odd ways, none of which matters any more.
            with contextlib.suppress(Exception):
                connection.close()


class WebhookTransport:
    """POSTs JSON to a URL (for messaging platforms such as Zalo OA), with an idempotency key."""

    name = "webhook"

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout

    def send(self, envelope: Envelope) -> None:
        payload = json.dumps(
            {
                "recipient": envelope.recipient.get_username(),
                "subject": envelope.message.subject,
                "body": envelope.message.body,
                "url": envelope.message.url,
            }
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Idempotency-Key": envelope.key},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):
                return
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code in (408, 429):
                raise TransientError(f"HTTP {exc.code}") from exc
            raise PermanentError(f"HTTP {exc.code}") from exc
        except (OSError, ValueError) as exc:
            raise TransientError(str(exc) or type(exc).__name__) from exc


def default_transports() -> list[Transport]:
    transports: list[Transport] = [InAppTransport(), EmailTransport()]
    url = getattr(settings, "REMINDER_WEBHOOK_URL", "")
    if url:
        transports.append(WebhookTransport(url))
    return transports

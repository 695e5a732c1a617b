"""How a reminder reaches a person. Each transport says whether a failure is transient
(retry later, with a bound) or permanent (record it and stop)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail

from .models import Notification, Reminder


class TransientError(Exception):
    """Try again later (network down, server busy)."""


class PermanentError(Exception):
    """Will never work (no address, rejected); recorded on the reminder."""


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    url: str


class Transport(Protocol):
    """Sends one reminder; raise TransientError or PermanentError on failure.

    A transport may also offer `send_many(items) -> {reminder_id: error}` to take a whole
    batch in one go (the sweep prefers it): the in-app transport writes a batch in one INSERT.
    """

    name: str

    def send(self, reminder: Reminder, message: Message) -> None: ...


class InAppTransport:
    """The bell: one notification per reminder (the one-to-one key makes it idempotent)."""

    name = "in_app"

    def send(self, reminder: Reminder, message: Message) -> None:
        Notification.objects.get_or_create(
            reminder=reminder,
            defaults={
                "recipient": reminder.recipient,
                "title": message.subject,
                "body": message.body,
                "url": message.url,
            },
        )

    def send_many(self, items: list[tuple[Reminder, Message]]) -> dict[int, Exception]:
        """One INSERT for the batch; the one-to-one key on the reminder ignores repeats."""
        Notification.objects.bulk_create(
            [
                Notification(
                    reminder=reminder,
                    recipient_id=reminder.recipient_id,
                    title=message.subject[:300],
                    body=message.body,
                    url=message.url,
                )
                for reminder, message in items
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        return {}


class EmailTransport:
    name = "email"

    def send(self, reminder: Reminder, message: Message) -> None:
        address = reminder.recipient.email
        if not address:
            return  # nobody to write to: the in-app notification is enough
        try:
            send_mail(
                message.subject,
                f"{message.body}\n\n{message.url}",
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except OSError as exc:
            raise TransientError(str(exc)) from exc

    def send_many(self, items: list[tuple[Reminder, Message]]) -> dict[int, Exception]:
        """One connection to the mail server for the batch; a failed message is transient."""
        failures: dict[int, Exception] = {}
        with get_connection() as connection:
            for reminder, message in items:
                address = reminder.recipient.email
                if not address:
                    continue
                try:
                    EmailMessage(
                        message.subject,
                        f"{message.body}\n\n{message.url}",
                        settings.DEFAULT_FROM_EMAIL,
                        [address],
                        connection=connection,
                    ).send()
                except OSError as exc:
                    failures[reminder.pk] = TransientError(str(exc))
        return failures


class WebhookTransport:
    """POSTs JSON to a URL (for messaging platforms such as Zalo OA), with an idempotency key."""

    name = "webhook"

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout

    def send(self, reminder: Reminder, message: Message) -> None:
        payload = json.dumps(
            {
                "recipient": reminder.recipient.get_username(),
                "subject": message.subject,
                "body": message.body,
                "url": message.url,
            }
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": f"reminder-{reminder.pk}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):
                return
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise TransientError(f"HTTP {exc.code}") from exc
            raise PermanentError(f"HTTP {exc.code}") from exc
        except OSError as exc:
            raise TransientError(str(exc)) from exc


def default_transports() -> list[Transport]:
    transports: list[Transport] = [InAppTransport(), EmailTransport()]
    url = getattr(settings, "REMINDER_WEBHOOK_URL", "")
    if url:
        transports.append(WebhookTransport(url))
    return transports

"""Celery entry points of reporting: the reminder sweep (run by beat every few minutes)."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="reporting.sweep_reminders",
    acks_late=True,
    ignore_result=False,
    soft_time_limit=240,
    time_limit=300,
)
def sweep_reminders(now: str | None = None) -> dict[str, int]:
    """`now` (ISO 8601) replays a sweep at a given moment (tests, catching up by hand)."""
    from dataclasses import asdict

    from django.utils.dateparse import parse_datetime

    from .reminders import reminders_sweep

    at = parse_datetime(now) if now else None
    return asdict(reminders_sweep(now=at))


@shared_task(name="reporting.generate_deadlines", acks_late=True)
def generate_deadlines() -> str:
    """Daily: extend deadlines to the end of next year and plan their reminders."""
    from django.core.management import call_command

    call_command("generate_deadlines", verbosity=0)
    return "ok"


@shared_task(name="reporting.plan_deadlines", acks_late=True)
def plan_deadlines(document_id: int, previous_id: int | None = None) -> int:
    """Right after a plan is issued: its deadlines through next year and their reminders
    (idempotent, so a redelivered task adds nothing)."""
    from .deadlines import plan_deadlines as generate

    return generate(document_id=document_id, previous_id=previous_id)

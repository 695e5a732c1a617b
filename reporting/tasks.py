"""Celery entry points of reporting: the reminder sweep (run by beat every few minutes)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from common.task_base import portal_task

from .deadlines import plan_deadlines as deadlines_plan
from .reminders import reminders_sweep


@portal_task("reporting.sweep_reminders", soft_time_limit=240, time_limit=300, ignore_result=False)
def sweep_reminders(now: str | None = None) -> dict[str, int]:
    """`now` (ISO 8601) replays a sweep at a given moment (tests, catching up by hand)."""
    at = parse_datetime(now) if now else None
    return asdict(reminders_sweep(now=at))


@portal_task("reporting.generate_deadlines")
def generate_deadlines() -> str:
    """Daily: extend deadlines to the end of next year and plan their reminders."""
    call_command("generate_deadlines", verbosity=0)
    return "ok"


@portal_task("reporting.plan_deadlines")
def plan_deadlines(document_id: int, previous_id: int | None = None) -> int:
    """Right after a plan is issued: its deadlines through next year and their reminders
    (idempotent, so a redelivered task adds nothing)."""
    return deadlines_plan(document_id=document_id, previous_id=previous_id)

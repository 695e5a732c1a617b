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
def sweep_reminders() -> dict[str, int]:
    from .reminders import reminders_sweep

    result = reminders_sweep()
    return {
        "sent": result.sent,
        "cancelled": result.cancelled,
        "failed": result.failed,
        "batches": result.batches,
    }

"""A task only the fault tests' workers load (`celery worker --include tests.faults.tasks`)."""

from __future__ import annotations

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.faults.hold", acks_late=True, ignore_result=False)
def hold(started_marker: str, seconds: float) -> str:
    """Occupy a worker process, late-acknowledged, like a long render or sweep."""
    Path(started_marker).touch()
    time.sleep(seconds)
    return "held"

"""Celery entry points of the directives app: ids in, a service call, JSON-safe out."""

from __future__ import annotations

from common.task_base import portal_task

from .services.renditions import (
    RENDER_SOFT_TIME_LIMIT,
    RENDER_TASK,
    RENDER_TIME_LIMIT,
    rendition_run,
    renditions_reclaim,
)


@portal_task(RENDER_TASK, soft_time_limit=RENDER_SOFT_TIME_LIMIT, time_limit=RENDER_TIME_LIMIT)
def render_rendition(rendition_id: int) -> dict[str, object]:
    rendition = rendition_run(rendition_id=rendition_id)
    return {"id": rendition.pk, "status": rendition.status}


@portal_task("directives.reclaim_renditions", soft_time_limit=50, time_limit=60)
def reclaim_renditions() -> dict[str, int]:
    """Beat, every minute: renders whose worker died (lease run out) are sent again, or
    failed after too many attempts; none stays running forever."""
    return renditions_reclaim()

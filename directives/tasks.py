"""Celery entry points of the directives app: ids in, a service call, JSON-safe out."""

from __future__ import annotations

from celery import shared_task

from .services.renditions import BACKGROUND_TIME_LIMIT


@shared_task(
    name="directives.render_rendition",
    acks_late=True,
    soft_time_limit=BACKGROUND_TIME_LIMIT + 30,
    time_limit=BACKGROUND_TIME_LIMIT + 60,
)
def render_rendition(rendition_id: int) -> dict[str, object]:
    from .services.renditions import rendition_run

    rendition = rendition_run(rendition_id=rendition_id)
    return {"id": rendition.pk, "status": rendition.status}

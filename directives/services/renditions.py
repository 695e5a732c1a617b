"""PDF and DOCX of documents: small ones inline, large ones in a Celery task that stores the
file. Both render from a frozen snapshot taken when the user asked."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from common.documents.docx import snapshot_docx
from common.documents.pdf import RenderTimeout, snapshot_pdf
from common.documents.snapshot import DocumentSnapshot, snapshot_from_dict
from common.exceptions import DomainError

from ..choices import RenditionFormat, RenditionStatus
from ..models import Document, Rendition
from ..rendering import document_snapshot

# Above this much text (or the equivalent in table rows) a PDF is made in the background:
# WeasyPrint needs about 0.5 s and 6 MB per page of long tables (performance notes).
INLINE_LIMIT = 60_000
INLINE_TIME_LIMIT = 20
BACKGROUND_TIME_LIMIT = 240


def render_bytes(snapshot: DocumentSnapshot, fmt: str, *, time_limit: int) -> bytes:
    if fmt == RenditionFormat.DOCX:
        return snapshot_docx(snapshot)
    return snapshot_pdf(snapshot, time_limit_seconds=time_limit)


def needs_background(snapshot: DocumentSnapshot, fmt: str) -> bool:
    return fmt == RenditionFormat.PDF and snapshot.size_hint > INLINE_LIMIT


@transaction.atomic
def rendition_request(
    *, user: Any, document: Document, fmt: str, snapshot: DocumentSnapshot | None = None
) -> Rendition:
    """Store the snapshot and enqueue the render once the transaction commits."""
    from ..tasks import render_rendition

    frozen = (snapshot or document_snapshot(document)).normalised()
    rendition = Rendition.objects.create(
        document=document,
        format=fmt,
        snapshot=frozen.to_dict(),
        lock_version=document.lock_version,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: render_rendition.delay(rendition.pk))
    return rendition


def rendition_run(*, rendition_id: int) -> Rendition:
    """Render one queued rendition; safe to call twice (a redelivered task does nothing)."""
    claimed = Rendition.objects.filter(pk=rendition_id, status=RenditionStatus.QUEUED).update(
        status=RenditionStatus.RUNNING, progress=10
    )
    rendition = Rendition.objects.get(pk=rendition_id)
    if not claimed:
        return rendition
    snapshot = snapshot_from_dict(rendition.snapshot)
    Rendition.objects.filter(pk=rendition_id).update(progress=30)
    try:
        content = render_bytes(snapshot, rendition.format, time_limit=BACKGROUND_TIME_LIMIT)
    except (RenderTimeout, DomainError) as exc:
        Rendition.objects.filter(pk=rendition_id).update(
            status=RenditionStatus.FAILED, error=" ".join(exc.messages), finished_at=timezone.now()
        )
        rendition.refresh_from_db()
        return rendition
    rendition.file.save(
        f"{snapshot.file_stem}.{rendition.format}", ContentFile(content), save=False
    )
    rendition.status = RenditionStatus.DONE
    rendition.progress = 100
    rendition.finished_at = timezone.now()
    rendition.save(update_fields=["file", "status", "progress", "finished_at"])
    return rendition

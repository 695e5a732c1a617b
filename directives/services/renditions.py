"""PDF and DOCX of documents: small ones inline, large ones in a Celery task that stores the
file. Both render from a frozen snapshot taken when the user asked."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.documents.docx import snapshot_docx
from common.documents.pdf import RenderTimeout, snapshot_pdf
from common.documents.snapshot import DocumentSnapshot, snapshot_from_dict
from common.exceptions import DomainError
from common.outbox import enqueue_on_commit

from ..choices import RenditionFormat, RenditionStatus
from ..models import Document, Rendition
from ..models.renditions import REUSABLE
from ..rendering import document_snapshot

# Above this much text (or the equivalent in table rows) a PDF is made in the background:
# WeasyPrint needs about 0.5 s and 6 MB per page of long tables (performance notes).
INLINE_LIMIT = 60_000
INLINE_TIME_LIMIT = 20
BACKGROUND_TIME_LIMIT = 240
# A rendition not done this long after it was asked for has lost its task (the task's hard
# limit is BACKGROUND_TIME_LIMIT + 60 s; the rest is room for a queue of other renders).
STALE_AFTER = timedelta(minutes=15)


def render_bytes(snapshot: DocumentSnapshot, fmt: str, *, time_limit: int) -> bytes:
    if fmt == RenditionFormat.DOCX:
        return snapshot_docx(snapshot)
    return snapshot_pdf(snapshot, time_limit_seconds=time_limit)


def needs_background(snapshot: DocumentSnapshot, fmt: str) -> bool:
    return fmt == RenditionFormat.PDF and snapshot.size_hint > INLINE_LIMIT


def snapshot_key(snapshot: DocumentSnapshot, fmt: str, language: str) -> str:
    """What a print depends on: the frozen data, the format and the language."""
    payload = json.dumps(
        {"snapshot": snapshot.to_dict(), "format": fmt, "language": language},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _retire(rendition: Rendition, reason: str) -> None:
    """Take a rendition out of reuse, so that a new render may take its key."""
    Rendition.objects.filter(pk=rendition.pk, status=rendition.status).update(
        status=RenditionStatus.FAILED, error=reason, finished_at=timezone.now()
    )


def _live_rendition(document: Document, key: str) -> Rendition | None:
    """The queued, running or done rendition of this snapshot, if it can still be served."""
    rendition = Rendition.objects.filter(
        document=document, snapshot_key=key, status__in=REUSABLE
    ).first()
    if rendition is None:
        return None
    if rendition.status != RenditionStatus.DONE:
        if rendition.created_at >= timezone.now() - STALE_AFTER:
            return rendition
        # Its task was lost (a worker killed past its time limit, a purged queue).
        _retire(rendition, _("Bản in không xong trong thời hạn; đã dựng lại."))
        return None
    if rendition.file and rendition.file.storage.exists(rendition.file.name):
        return rendition
    _retire(rendition, _("Tệp bản in không còn trên máy chủ."))
    return None


@transaction.atomic
def rendition_request(
    *, user: Any, document: Document, fmt: str, snapshot: DocumentSnapshot | None = None
) -> Rendition:
    """The rendition of this snapshot: the one already queued, running or done, else a new
    one whose render is enqueued once the transaction commits. A long plan asked for again
    and again is rendered once."""
    from ..tasks import render_rendition

    frozen = (snapshot or document_snapshot(document)).normalised()
    key = snapshot_key(frozen, fmt, get_language() or "")
    existing = _live_rendition(document, key)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            rendition = Rendition.objects.create(
                document=document,
                format=fmt,
                snapshot=frozen.to_dict(),
                snapshot_key=key,
                lock_version=document.lock_version,
                requested_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # Another request created it between our look and our insert.
        return Rendition.objects.get(document=document, snapshot_key=key, status__in=REUSABLE)
    enqueue_on_commit(render_rendition, rendition.pk, key=f"{render_rendition.name}:{rendition.pk}")
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
    # Conditional: a rendition retired as stale meanwhile keeps its FAILED status (another
    # one holds its key now) and the file made too late is removed.
    if not Rendition.objects.filter(pk=rendition_id, status=RenditionStatus.RUNNING).update(
        file=rendition.file.name,
        status=RenditionStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    ):
        rendition.file.delete(save=False)
    rendition.refresh_from_db()
    return rendition

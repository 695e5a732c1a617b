"""PDF and DOCX of documents: small ones inline, large ones in a Celery task that stores the
file. Both render from a frozen snapshot taken when the user asked."""

from __future__ import annotations

import enum
import hashlib
import json
from collections import Counter
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.documents.docx import snapshot_docx
from common.documents.pdf import RenderTimeout, snapshot_pdf
from common.documents.snapshot import DocumentSnapshot, snapshot_from_dict
from common.exceptions import DomainError
from common.outbox import enqueue_on_commit
from common.types import Person

from ..choices import RenditionFormat, RenditionStatus
from ..models import Document, Rendition
from ..models.renditions import REUSABLE
from ..rendering import document_snapshot

# Above this much text (or the equivalent in table rows) a PDF is made in the background:
# WeasyPrint needs about 0.5 s and 6 MB per page of long tables (performance notes).
INLINE_LIMIT = 60_000
INLINE_TIME_LIMIT = 20
BACKGROUND_TIME_LIMIT = 240
# The render task (directives/tasks.py); enqueued here by name, as the task module imports
# this one.
RENDER_TASK = "directives.render_rendition"
RENDER_SOFT_TIME_LIMIT = BACKGROUND_TIME_LIMIT + 30
RENDER_TIME_LIMIT = BACKGROUND_TIME_LIMIT + 60
# A queued rendition not started this long after it was asked for (or requeued) has lost its
# task: the next request retires it and renders again (room for a queue of other renders).
STALE_AFTER = timedelta(minutes=15)
# A worker owns the rendition it claimed this long: past its hard time limit it has been
# killed or has died, and the render is tried again, at most MAX_ATTEMPTS times in all.
LEASE = timedelta(seconds=RENDER_TIME_LIMIT + 60)
MAX_ATTEMPTS = 3


class Reclaim(enum.Enum):
    REQUEUED = "requeued"
    FAILED = "failed"
    UNCHANGED = "unchanged"


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


def _live_rendition(document: Document, key: str, *, now: datetime) -> Rendition | None:
    """The queued, running or done rendition of this snapshot, if it can still be served."""
    rendition: Rendition | None = Rendition.objects.filter(
        document=document, snapshot_key=key, status__in=REUSABLE
    ).first()
    if rendition is None:
        return None
    if rendition.status == RenditionStatus.QUEUED:
        if not _lease_expired(rendition, now=now):
            return rendition
        # Its task was lost before it started (a purged queue).
        _retire(rendition, _("Bản in không xong trong thời hạn; đã dựng lại."))
        return None
    if rendition.status == RenditionStatus.RUNNING:
        if _lease_expired(rendition, now=now):
            # Its worker died: this request sends it again (or it has failed too often).
            rendition_reclaim(rendition_id=rendition.pk, now=now)
            rendition.refresh_from_db()
        return rendition if rendition.status in REUSABLE else None
    if rendition.file and rendition.file.storage.exists(rendition.file.name):
        return rendition
    _retire(rendition, _("Tệp bản in không còn trên máy chủ."))
    return None


def _lease_expired(rendition: Rendition, *, now: datetime) -> bool:
    return rendition.lease_until is None or rendition.lease_until < now


def _render_key(rendition_id: int, attempts: int) -> str:
    """The outbox key of a render: one send per attempt (a requeue is new work)."""
    return f"{RENDER_TASK}:{rendition_id}" + (f":{attempts}" if attempts else "")


@transaction.atomic
def rendition_request(
    *, user: Person, document: Document, fmt: str, snapshot: DocumentSnapshot | None = None
) -> Rendition:
    """The rendition of this snapshot: the one already queued, running or done, else a new
    one whose render is enqueued once the transaction commits. A long plan asked for again
    and again is rendered once."""
    now = timezone.now()
    frozen = (snapshot or document_snapshot(document)).normalised()
    key = snapshot_key(frozen, fmt, get_language() or "")
    existing = _live_rendition(document, key, now=now)
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
                lease_until=now + STALE_AFTER,
            )
    except IntegrityError:
        # Another request created it between our look and our insert.
        return Rendition.objects.get(document=document, snapshot_key=key, status__in=REUSABLE)
    enqueue_on_commit(RENDER_TASK, rendition.pk, key=_render_key(rendition.pk, 0))
    return rendition


def rendition_run(*, rendition_id: int, now: datetime | None = None) -> Rendition:
    """Render one queued rendition (or one whose worker's lease ran out) under a lease of
    its own; safe to call twice (a redelivered task finds it held and does nothing)."""
    now = now or timezone.now()
    claimable = Q(status=RenditionStatus.QUEUED) | Q(
        status=RenditionStatus.RUNNING, lease_until__lt=now, attempts__lt=MAX_ATTEMPTS
    )
    claimed = Rendition.objects.filter(claimable, pk=rendition_id).update(
        status=RenditionStatus.RUNNING,
        progress=10,
        lease_until=now + LEASE,
        attempts=F("attempts") + 1,
    )
    rendition = Rendition.objects.get(pk=rendition_id)
    if not claimed:
        return rendition
    # Every write below is conditional on still holding this attempt: a worker that outlived
    # its lease (and whose rendition another worker took, or that was failed) changes nothing.
    mine = Rendition.objects.filter(
        pk=rendition_id, status=RenditionStatus.RUNNING, attempts=rendition.attempts
    )
    snapshot = snapshot_from_dict(rendition.snapshot)
    mine.update(progress=30)
    try:
        content = render_bytes(snapshot, rendition.format, time_limit=BACKGROUND_TIME_LIMIT)
    except (RenderTimeout, DomainError) as exc:
        mine.update(
            status=RenditionStatus.FAILED, error=" ".join(exc.messages), finished_at=timezone.now()
        )
        rendition.refresh_from_db()
        return rendition
    rendition.file.save(
        f"{snapshot.file_stem}.{rendition.format}", ContentFile(content), save=False
    )
    # A rendition retired meanwhile keeps its FAILED status (another one holds its key now)
    # and the file made too late is removed.
    if not mine.update(
        file=rendition.file.name,
        status=RenditionStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    ):
        rendition.file.delete(save=False)
    rendition.refresh_from_db()
    return rendition


def rendition_reclaim(*, rendition_id: int, now: datetime | None = None) -> Reclaim:
    """A running rendition whose lease ran out lost its worker: queue it again with a new
    task, or fail it once MAX_ATTEMPTS renders have died. Conditional, so safe to run twice
    (the beat sweep and a request may both find it)."""
    now = now or timezone.now()
    expired = Rendition.objects.filter(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True),
        pk=rendition_id,
        status=RenditionStatus.RUNNING,
    )
    with transaction.atomic():
        attempts = expired.values_list("attempts", flat=True).first()
        if attempts is None:
            return Reclaim.UNCHANGED
        if attempts < MAX_ATTEMPTS:
            if not expired.filter(attempts=attempts).update(
                status=RenditionStatus.QUEUED, progress=0, lease_until=now + STALE_AFTER
            ):
                return Reclaim.UNCHANGED
            enqueue_on_commit(RENDER_TASK, rendition_id, key=_render_key(rendition_id, attempts))
            return Reclaim.REQUEUED
        error = _(
            "Không dựng được bản in: tiến trình dựng đã dừng giữa chừng %(attempts)d lần. "
            "Hãy tải lại sau; nếu vẫn lỗi, xin báo quản trị viên."
        ) % {"attempts": attempts}
        failed = expired.filter(attempts=attempts).update(
            status=RenditionStatus.FAILED, error=error, finished_at=now
        )
        return Reclaim.FAILED if failed else Reclaim.UNCHANGED


def renditions_reclaim(*, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Beat: reclaim every running rendition whose worker's lease ran out, oldest first, so
    that none stays running forever even if nobody asks for it again."""
    now = now or timezone.now()
    expired = Rendition.objects.filter(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True), status=RenditionStatus.RUNNING
    ).order_by(F("lease_until").asc(nulls_first=True))
    outcomes = Counter(
        rendition_reclaim(rendition_id=pk, now=now)
        for pk in list(expired.values_list("pk", flat=True)[:limit])
    )
    return {"requeued": outcomes[Reclaim.REQUEUED], "failed": outcomes[Reclaim.FAILED]}

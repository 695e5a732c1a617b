"""Plan workflows: create, derive from a parent, save with no lost update, issue with the
next register number, withdraw, and start a new version of an issued plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dates import vn_long_date, vn_short_date
from common.exceptions import Conflict, DomainError
from common.types import Person, Viewer
from units.choices import DocumentStyle
from units.models import Unit
from units.selectors import EDIT_ROLES, has_role

from ..choices import DocumentKind, DocumentStatus, ReferenceKind
from ..models import Document, Plan, Register
from ..outline import default_outline_create
from ..signals import plan_issued
from .parts import derived_content, parts_apply, plan_clone
from .registers import reference_add, register_for
from .search import document_refresh_search
from .writer import plan_content_write


class EditConflict(DomainError):
    """Someone saved the plan after the editor opened it."""


def user_can_edit(user: Viewer, document: Document) -> bool:
    return document.status == DocumentStatus.DRAFT and has_role(
        user, document.issuer_id, EDIT_ROLES
    )


def _require_editor(user: Viewer, issuer: Unit | None) -> None:
    if issuer is None or not has_role(user, issuer.pk, EDIT_ROLES):
        raise PermissionDenied(_("Bạn không có quyền soạn văn bản của đơn vị này."))


def _require_draft_editor(user: Viewer, document: Document) -> None:
    _require_editor(user, document.issuer)
    if document.status != DocumentStatus.DRAFT:
        raise DomainError(_("Chỉ sửa được dự thảo; văn bản đã ban hành là bản chỉ đọc."))


def _letterhead(issuer: Unit) -> dict[str, Any]:
    """What a new document prints of its issuer, copied so that it stays as issued when the
    unit is later renamed or moved."""
    return {
        "issuer": issuer,
        "issuer_name": issuer.name,
        "place": issuer.place_name,
        "style": issuer.doc_style,
    }


@transaction.atomic
def plan_create(
    *, user: Person, issuer: Unit, kind: str = DocumentKind.KE_HOACH, title: str = ""
) -> Document:
    _require_editor(user, issuer)
    if kind not in DocumentKind.plan_kinds():
        raise DomainError(_("Loại văn bản này không phải kế hoạch, chương trình, hướng dẫn."))
    document = Document.objects.create(
        kind=kind, title=title, status=DocumentStatus.DRAFT, created_by=user, **_letterhead(issuer)
    )
    plan = Plan.objects.create(document=document)
    default_outline_create(plan=plan)
    document_refresh_search(document=document)
    return document


def citation_of(parent: Document) -> str:
    """How a plan cites its parent: "Kế hoạch số 386-KH/TU ngày 13/02/2025 của ..."."""
    words = [f"{parent.get_kind_display()} số {parent.reference}".strip()]
    if parent.issued_on:
        words.append(f"ngày {vn_short_date(parent.issued_on)}")
    if parent.issuer_name:
        words.append(f"của {parent.issuer_name}")
    return " ".join(words)


def implements_add(*, document: Document, parent: Document, position: int = 1) -> None:
    """Record that `document` implements `parent`, citing it the usual way."""
    reference_add(
        source=document,
        target=parent,
        kind=ReferenceKind.IMPLEMENTS,
        position=position,
        citation=citation_of(parent),
    )


def basis_sentence(parent: Document, issuer: Unit) -> str:
    subject = parent.title.strip()
    if subject and subject[0].isupper():
        subject = "về " + subject[0].lower() + subject[1:]
    cited = citation_of(parent) + (f" {subject}" if subject else "")
    return f"Thực hiện {cited}, {issuer.name} ban hành Kế hoạch như sau:"


@transaction.atomic
def plan_derive(*, user: Person, parent: Document, issuer: Unit) -> Document:
    """A new draft implementing `parent`, pre-filled from it (the usual way a level starts)."""
    document = plan_create(user=user, issuer=issuer, title=parent.title)
    plan = document.plan
    plan.derived_from = parent
    plan.basis_text = basis_sentence(parent, issuer)
    plan.save()
    implements_add(document=document, parent=parent)
    source = Plan.objects.filter(document=parent).first()
    plan_content_write(
        plan=plan,
        content=derived_content(source=source, issuer=issuer),
        check_duty_scope=False,
        validate=False,
    )
    document_refresh_search(document=document)
    return document


@dataclass
class PlanChanges:
    """What the editor submits: header fields and, per part, rows to write or delete."""

    header: dict[str, Any] = field(default_factory=dict)
    plan: dict[str, Any] = field(default_factory=dict)
    implements: list[Document] | None = None
    parts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


HEADER_FIELDS = (
    "kind",
    "title",
    "place",
    "signer_on_behalf_line",
    "signer_authority",
    "signer_authority_of",
    "signer_title",
    "signer_name",
)


@transaction.atomic
def plan_update(
    *, user: Person, document: Document, expected_version: int, changes: PlanChanges
) -> Document:
    """Save an edit; refuses (EditConflict) when someone else saved since `expected_version`.

    The version check is a conditional UPDATE, so two simultaneous saves cannot both pass.
    """
    _require_draft_editor(user, document)
    claimed = Document.objects.filter(pk=document.pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1
    )
    if not claimed:
        raise EditConflict(
            _(
                "Kế hoạch đã được người khác lưu sau khi bạn mở. Nội dung bạn vừa nhập vẫn "
                "được giữ dưới đây; hãy xem bản hiện tại rồi lưu lại."
            )
        )
    document.refresh_from_db()
    for name in HEADER_FIELDS:
        if name in changes.header:
            setattr(document, name, changes.header[name])
    document.full_clean(exclude=["register", "version_of", "created_by", "issuer"])
    document.save()
    plan = document.plan
    for name in ("basis_text", "closing_text"):
        if name in changes.plan:
            setattr(plan, name, changes.plan[name])
    plan.save()
    parts_apply(plan=plan, parts=changes.parts)
    if changes.implements is not None:
        _implements_set(document, changes.implements)
    document_refresh_search(document=document)
    return document


def _implements_set(document: Document, targets: list[Document]) -> None:
    wanted = [t for t in targets if t.pk != document.pk]
    document.outgoing_references.filter(kind=ReferenceKind.IMPLEMENTS).exclude(
        target__in=wanted
    ).delete()
    for position, target in enumerate(wanted, start=1):
        implements_add(document=document, parent=target, position=position)


def next_number(*, register: Register) -> int:
    """Take the next number of a register; concurrent callers get distinct numbers.

    The UPDATE locks the row until commit (PostgreSQL re-reads `last_number` for a waiting
    transaction; SQLite serialises writers), so the value read back is ours alone.
    """
    Register.objects.filter(pk=register.pk).update(last_number=F("last_number") + 1)
    return Register.objects.values_list("last_number", flat=True).get(pk=register.pk)


@transaction.atomic
def plan_issue(*, user: Person, document: Document, on: date | None = None) -> Document:
    _require_draft_editor(user, document)
    issuer = document.issuer
    assert issuer is not None
    missing = []
    if not document.title.strip():
        missing.append(_("trích yếu"))
    if not issuer.symbol_code:
        missing.append(_("ký hiệu cơ quan (hồ sơ đơn vị)"))
    if missing:
        raise DomainError(
            _("Chưa thể ban hành, còn thiếu: %(fields)s.")
            % {"fields": ", ".join(map(str, missing))}
        )
    day = on or timezone.localdate()
    register = register_for(issuer=issuer, kind=document.kind, on=day)
    # Claim the draft first: a second click or a parallel request finds it issued already.
    if not Document.objects.filter(pk=document.pk, status=DocumentStatus.DRAFT).update(
        status=DocumentStatus.ISSUED
    ):
        raise Conflict(_("Văn bản này đã được ban hành hoặc đã hủy."))
    value = next_number(register=register)
    separator = "/" if document.style == DocumentStyle.PARTY else "-"
    document.refresh_from_db()
    document.number = f"{value:02d}"
    document.number_value = value
    document.register = register
    document.symbol = f"{document.kind}{separator}{issuer.symbol_code}"
    document.issued_on = day
    document.issued_year, document.issued_month = day.year, day.month
    document.date_text = vn_long_date(day)
    document.lock_version += 1
    document.save()
    if document.version_of_id:
        previous = document.version_of
        assert previous is not None
        Document.objects.filter(pk=previous.pk, status=DocumentStatus.ISSUED).update(
            status=DocumentStatus.SUPERSEDED
        )
        reference_add(source=document, target=previous, kind=ReferenceKind.REPLACES)
    document_refresh_search(document=document)
    # Inside the transaction: receivers record their follow-up work in the outbox, so it
    # commits (or rolls back) with the issue itself.
    plan_issued.send(sender=Document, document_id=document.pk, previous_id=document.version_of_id)
    return document


@transaction.atomic
def plan_withdraw(*, user: Person, document: Document) -> Document:
    _require_draft_editor(user, document)
    # Conditional on the stored status: a parallel issue wins and the withdrawal is refused.
    if not Document.objects.filter(pk=document.pk, status=DocumentStatus.DRAFT).update(
        status=DocumentStatus.WITHDRAWN, lock_version=F("lock_version") + 1
    ):
        raise Conflict(_("Văn bản này đã được ban hành hoặc đã hủy."))
    document.refresh_from_db()
    return document


@transaction.atomic
def plan_new_version(*, user: Person, document: Document) -> Document:
    """A draft copy of an issued plan, linked to it; issuing it supersedes the old one."""
    _require_editor(user, document.issuer)
    # Lock the source row so that two clicks cannot both create a version.
    source = Document.objects.select_for_update().get(pk=document.pk)
    if source.status != DocumentStatus.ISSUED:
        raise DomainError(_("Chỉ tạo phiên bản mới từ văn bản đã ban hành."))
    existing: Document | None = Document.objects.filter(
        version_of=source, status__in=(DocumentStatus.DRAFT, DocumentStatus.ISSUED)
    ).first()
    if existing is not None:
        return existing
    return plan_clone(user=user, source=source)

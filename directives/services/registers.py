"""Writes on documents, registers and references."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from units.choices import DocumentStyle
from units.models import Unit

from ..choices import ReferenceKind
from ..models import Document, DocumentReference, Register

PARTY_TERM_YEARS = 5
PARTY_TERM_FIRST_YEAR = 2020
PARTY_TERM_START_MONTH = 10


def party_term(on: date) -> tuple[str, date, date]:
    """The committee term containing `on`.

    Party organs number each type from 01 for a whole term (HD 36 §1.3.1), from the day
    after one congress to the next. Congress dates differ per committee; by default the
    portal takes terms of five years starting on 1 October 2020, 2025, 2030 ... (the
    2020 and 2025 provincial congresses closed in September-October). An admin can edit a
    register's dates where a committee's term differs.
    """
    start_year = on.year if on.month >= PARTY_TERM_START_MONTH else on.year - 1
    offset = (start_year - PARTY_TERM_FIRST_YEAR) % PARTY_TERM_YEARS
    start_year -= offset
    starts = date(start_year, PARTY_TERM_START_MONTH, 1)
    ends = date(start_year + PARTY_TERM_YEARS, PARTY_TERM_START_MONTH, 1) - timedelta(days=1)
    return f"{start_year}-{start_year + PARTY_TERM_YEARS}", starts, ends


def register_for(*, issuer: Unit, kind: str, on: date) -> Register:
    """The register a document of `kind` issued by `issuer` on `on` is numbered in.

    State organs: one series per calendar year shared by all types (Decree 30, Art. 15
    lets the head decide; a shared series is what the seeds' numbers show). Party organs:
    one series per type per committee term.
    """
    existing = (
        Register.objects.filter(issuer=issuer, starts_on__lte=on, ends_on__gte=on)
        .filter(kind__in=[kind, ""])
        .order_by("-kind")
        .first()
    )
    if existing is not None:
        return existing
    if issuer.doc_style == DocumentStyle.PARTY:
        label, starts, ends = party_term(on)
        series_kind = kind
    else:
        label, starts, ends = str(on.year), date(on.year, 1, 1), date(on.year, 12, 31)
        series_kind = ""
    try:
        with transaction.atomic():
            return Register.objects.create(
                issuer=issuer, kind=series_kind, label=label, starts_on=starts, ends_on=ends
            )
    except IntegrityError:
        return Register.objects.get(issuer=issuer, kind=series_kind, starts_on=starts)


def document_register_number(*, document: Document) -> None:
    """File an already numbered document (e.g. one loaded from paper) in its register."""
    if not (document.issuer and document.issued_on and document.number):
        return
    register = register_for(issuer=document.issuer, kind=document.kind, on=document.issued_on)
    value = int(document.number)
    clash = (
        Document.objects.filter(register=register, number_value=value)
        .exclude(pk=document.pk)
        .first()
    )
    if clash is not None:
        raise DomainError(
            _("Số %(number)s đã được dùng trong sổ %(register)s (văn bản %(other)s).")
            % {"number": document.number, "register": register, "other": clash}
        )
    document.register = register
    document.number_value = value
    document.save(update_fields=["register", "number_value"])
    Register.objects.filter(pk=register.pk, last_number__lt=value).update(last_number=value)


def reference_add(
    *, source: Document, target: Document, kind: str, position: int = 0, citation: str = ""
) -> DocumentReference:
    if kind not in ReferenceKind.values:
        raise DomainError(_("Loại liên kết không hợp lệ: %(kind)s") % {"kind": kind})
    if source.pk == target.pk:
        raise DomainError(_("Văn bản không thể dẫn chiếu chính nó."))
    reference, _created = DocumentReference.objects.update_or_create(
        source=source,
        target=target,
        kind=kind,
        defaults={"position": position, "citation": citation},
    )
    return reference

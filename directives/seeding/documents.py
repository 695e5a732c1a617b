"""Loads documents (documents.yaml and the header of each seed plan)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..choices import DocumentStatus
from ..models import Document, Recipient
from ..services import document_refresh_search, document_register_number, reference_add
from ..validation import validate_partial_date
from .refs import SeedError, UnitResolver, parse_date

_DOC_KEYS = {
    "key",
    "kind",
    "style",
    "number",
    "symbol",
    "issuer",
    "issuer_name",
    "place",
    "date",
    "year",
    "month",
    "date_text",
    "title",
    "status",
    "signer",
    "references",
    "recipients",
}
_SIGNER = {
    "on_behalf_line": "signer_on_behalf_line",
    "authority": "signer_authority",
    "authority_of": "signer_authority_of",
    "title": "signer_title",
    "name": "signer_name",
}


def _issued(spec: dict[str, Any], *, where: str) -> dict[str, Any]:
    """The issue date: a whole `date` (dd/mm/yyyy), or only a `year` and a `month`."""
    issued_on = parse_date(spec["date"], where=where, field="date") if spec.get("date") else None
    return {
        "issued_on": issued_on,
        "issued_year": issued_on.year if issued_on else spec.get("year"),
        "issued_month": issued_on.month if issued_on else spec.get("month"),
    }


def _signer(spec: dict[str, Any]) -> dict[str, Any]:
    """The signature block's fields; those the spec leaves out are blank."""
    signer = spec.get("signer") or {}
    return {
        target: (signer[source] or "") if source in signer else ""
        for source, target in _SIGNER.items()
    }


def _document_values(
    spec: dict[str, Any], *, key: str, resolver: UnitResolver, where: str
) -> dict[str, Any]:
    """The document's fields as the spec gives them (the issuer resolved, the rest blank)."""
    issued = _issued(spec, where=where)
    number = str(spec.get("number", "") or "")
    return {
        "kind": spec["kind"],
        "style": spec.get("style", "state"),
        "number": number,
        "number_value": int(number) if number.isdigit() else None,
        "symbol": spec.get("symbol", ""),
        "issuer": resolver.get(str(spec["issuer"]), where=where) if spec.get("issuer") else None,
        "issuer_name": spec.get("issuer_name", ""),
        "place": spec.get("place", ""),
        **issued,
        "date_text": spec.get("date_text", str(spec["date"]) if spec.get("date") else ""),
        "title": spec.get("title", "") or "",
        "status": spec.get("status", DocumentStatus.ISSUED),
        **_signer(spec),
        "key": key,
    }


def _document_save(values: dict[str, Any]) -> Document:
    """Write `values` over the document with their key (or a new one), numbered and indexed."""
    issued_on = values["issued_on"]
    validate_partial_date(
        year=values["issued_year"],
        month=values["issued_month"],
        day=issued_on.day if issued_on else None,
    )
    document = Document.objects.filter(key=values["key"]).first() or Document()
    for name, value in values.items():
        setattr(document, name, value)
    document.register = None
    document.full_clean(exclude=["register", "version_of", "created_by"])
    document.save()
    document_register_number(document=document)
    document_refresh_search(document=document)
    return document


def _recipients_replace(
    document: Document, lines: list[dict[str, Any]], *, resolver: UnitResolver, where: str
) -> None:
    document.recipients.all().delete()
    Recipient.objects.bulk_create(
        [
            Recipient(
                document=document,
                position=position,
                text=str(line["text"]),
                unit=resolver.get(str(line["unit"]), where=where) if line.get("unit") else None,
                is_archive=bool(line.get("archive", False)),
            )
            for position, line in enumerate(lines, start=1)
        ]
    )


def document_upsert(
    spec: dict[str, Any], *, key: str, resolver: UnitResolver, where: str
) -> Document:
    """Create or rewrite the document `key` from its spec (references are added later)."""
    unknown = set(spec) - _DOC_KEYS
    if unknown:
        raise SeedError(
            _("%(where)s: trường không xác định %(f)s.")
            % {"where": where, "f": ", ".join(sorted(unknown))}
        )
    values = _document_values(spec, key=key, resolver=resolver, where=where)
    try:
        document = _document_save(values)
        _recipients_replace(document, spec.get("recipients") or [], resolver=resolver, where=where)
    except ValidationError as exc:
        raise SeedError(f"{where}: {'; '.join(exc.messages)}") from exc
    return document


def references_replace(
    document: Document, specs: list[dict[str, Any]], *, documents: dict[str, Document], where: str
) -> int:
    document.outgoing_references.all().delete()
    for position, ref in enumerate(specs, start=1):
        target = (
            documents.get(str(ref["target"]))
            or Document.objects.filter(key=str(ref["target"])).first()
        )
        if target is None:
            raise SeedError(
                _("%(where)s: văn bản được dẫn %(target)s không có trong documents.yaml.")
                % {"where": where, "target": ref["target"]}
            )
        try:
            reference_add(
                source=document,
                target=target,
                kind=str(ref["kind"]),
                position=position,
                citation=str(ref.get("citation", "")),
            )
        except ValidationError as exc:
            raise SeedError(f"{where}: {'; '.join(exc.messages)}") from exc
    return len(specs)

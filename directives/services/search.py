from __future__ import annotations

from common.text import fold

from ..models import Document


def search_text_for(document: Document) -> str:
    parts = [
        document.get_kind_display(),
        document.reference,
        document.title,
        document.issuer_name,
        document.issuer.name if document.issuer_id and document.issuer else "",
        document.place,
    ]
    return fold(" ".join(p for p in parts if p))


def document_refresh_search(*, document: Document) -> None:
    """Store the folded search text; every service that writes a document calls this."""
    text = search_text_for(document)
    if text != document.search_text:
        document.search_text = text
        Document.objects.filter(pk=document.pk).update(search_text=text)

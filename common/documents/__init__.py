"""The document engine: a frozen snapshot of an official document → HTML → PDF (WeasyPrint),
and the same snapshot → DOCX (python-docx). It knows nothing about plans or reports; each
app builds a DocumentSnapshot from its own models (see directives/rendering.py)."""

from .snapshot import Block, DocumentSnapshot, Family, Table

__all__ = ["Block", "DocumentSnapshot", "Family", "Table"]

"""Writes on documents, registers, references and plans (see each module)."""

from .registers import (
    document_register_number,
    party_term,
    reference_add,
    register_for,
)
from .search import document_refresh_search

__all__ = [
    "document_refresh_search",
    "document_register_number",
    "party_term",
    "reference_add",
    "register_for",
]

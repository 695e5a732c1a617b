from __future__ import annotations

from django.template.loader import render_to_string

from .snapshot import DocumentSnapshot


def snapshot_html(snapshot: DocumentSnapshot) -> str:
    """The final HTML of an official document; user text is escaped by the template."""
    return render_to_string("documents/official.html", {"doc": snapshot.normalised()})

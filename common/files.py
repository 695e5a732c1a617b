"""Serving files that users uploaded: never as a page of the portal."""

from __future__ import annotations

from typing import IO

from django.http import FileResponse

# An uploaded file is shown in its own sandbox: no script, style, plugin or frame of it
# runs with the portal's origin, even if a browser were to take it for HTML.
UPLOADED_FILE_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox"


def uploaded_file_response(
    file: IO[bytes], *, filename: str, content_type: str, inline: bool = False
) -> FileResponse:
    """A download (`Content-Disposition: attachment`) unless the caller verified that the
    file may be shown inline (a raster image within the limits)."""
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOADED_FILE_CSP
    return response

"""A stored file sent back to its viewer: shown in place (a PDF, a photo, a scan), under the
name it is kept with, with its SHA-256 so a copy can be checked against the record."""

from __future__ import annotations

from litestar import Response


def inline(data: bytes, media_type: str, filename: str, **headers: str) -> Response[bytes]:
    """A file the browser shows in place; the page's headers forbid sniffing another type."""
    disposition = {"Content-Disposition": f'inline; filename="{filename}"'}
    return Response(data, media_type=media_type, headers={**disposition, **headers})

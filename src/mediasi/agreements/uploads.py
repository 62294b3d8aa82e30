"""The photo or scan of a paper signature: size limits and the file's real type."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from mediasi.errors import FieldErrors
from mediasi.i18n import _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The route's body limit: the file plus room for the other fields and the multipart framing.
ROUTE_BODY_LIMIT = MAX_UPLOAD_BYTES + 256 * 1024
FIELD = "scan"

# What a file is, from its first bytes (never from its name or the browser's word for it).
MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)


@dataclass(frozen=True)
class UploadedFile:
    """A file as posted, before it is checked (either part may be missing)."""

    filename: str | None
    data: bytes | None


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    media_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(data: bytes) -> tuple[str, str] | None:
    """(media type, extension) of a JPEG, PNG or PDF; None for anything else."""
    for magic, media_type, extension in MAGIC:
        if data.startswith(magic):
            return media_type, extension
    return None


def safe_filename(name: str | None, extension: str) -> str:
    """The name without folders or odd characters, with the extension its content has."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", base.rsplit(".", 1)[0]).strip("._")[:80]
    return f"{stem or 'tanda-tangan'}.{extension}"


def check_upload(filename: str | None, data: bytes | None) -> CheckedUpload:
    """Accept a JPEG, PNG or PDF of at most 5 MB; refuse anything else with a reason."""
    if not data:
        raise FieldErrors({FIELD: _("Pilih berkas foto atau pindaian lembar yang ditandatangani.")})
    if len(data) > MAX_UPLOAD_BYTES:
        raise FieldErrors(
            {
                FIELD: _(
                    "Berkas terlalu besar (%(size)s KB); paling besar 5 MB.", size=len(data) // 1024
                )
            }
        )
    kind = sniff(data)
    if kind is None:
        raise FieldErrors({FIELD: _("Berkas harus foto JPEG atau PNG, atau PDF hasil pindaian.")})
    media_type, extension = kind
    return CheckedUpload(
        filename=safe_filename(filename, extension),
        media_type=media_type,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )

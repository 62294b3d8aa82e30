"""Files a person posts: their real type from the first bytes (never the name or the browser's
word for it), a safe name, a size limit, and the SHA-256 they are stored with."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from litestar.datastructures import UploadFile

from mediasi.errors import FieldErrors
from mediasi.i18n import Message, _

MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
IMAGES = ("image/jpeg", "image/png")


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


def safe_filename(name: str | None, extension: str, fallback: str) -> str:
    """The name without folders or odd characters, with the extension its content has."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", base.rsplit(".", 1)[0]).strip("._")[:80]
    return f"{stem or fallback}.{extension}"


def posted_files(data: dict[str, Any], field: str, max_bytes: int) -> list[UploadedFile]:
    """Every file posted under ``field``, each read up to one byte past the limit (so that
    too big is known without reading more)."""
    value = data.get(field)
    posted = value if isinstance(value, list) else [value]
    files = []
    for upload in posted:
        if isinstance(upload, UploadFile):
            upload.file.seek(0)
            read = upload.file.read(max_bytes + 1)
            if upload.filename or read:  # an input left empty posts a nameless, empty part
                files.append(UploadedFile(upload.filename, read))
    return files


def check_file(
    upload: UploadedFile,
    *,
    field: str,
    max_bytes: int,
    fallback: str,
    missing: Message,
    wrong_kind: Message,
) -> CheckedUpload:
    """A JPEG, PNG or PDF within the limit; anything else refused beside ``field``."""
    data = upload.data
    if not data:
        raise FieldErrors({field: missing})
    if len(data) > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise FieldErrors(
            {
                field: _(
                    "Berkas terlalu besar (%(size)s KB); paling besar %(limit)s MB.",
                    size=len(data) // 1024,
                    limit=limit,
                )
            }
        )
    kind = sniff(data)
    if kind is None:
        raise FieldErrors({field: wrong_kind})
    media_type, extension = kind
    return CheckedUpload(
        filename=safe_filename(upload.filename, extension, fallback),
        media_type=media_type,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )

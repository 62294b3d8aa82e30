"""The static files under fingerprinted names: each URL carries a hash of the file's content, so
a browser may keep it for a year without asking again, and a changed file is a new URL.

The folder is read once when the app is built (a few small files); the compressed bodies are
made on first request and kept, so a test that builds many apps pays nothing for them.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path, PurePosixPath

import brotli

PREFIX = "/static/"
HASH_LENGTH = 12
# A name with a fingerprint in it: ``app.<hash>.css``, ``vendor/htmx.min.<hash>.js``.
FINGERPRINTED = re.compile(rf"^(?P<stem>.+)\.[0-9a-f]{{{HASH_LENGTH}}}(?P<suffix>\.[^./]+)$")
# Worth compressing: text. Images and fonts come compressed already.
TEXT_TYPES = ("text/", "application/javascript", "image/svg+xml", "application/json")
BROTLI = "br"
GZIP = "gzip"


@dataclass(frozen=True)
class Asset:
    """One file: its own path (``vendor/pico.min.css``), its content and its fingerprint."""

    path: str
    body: bytes
    modified: datetime
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", hashlib.sha256(self.body).hexdigest()[:HASH_LENGTH])

    @cached_property
    def name(self) -> str:
        """The fingerprinted name the URL uses."""
        path = PurePosixPath(self.path)
        return str(path.with_name(f"{path.stem}.{self.digest}{path.suffix}"))

    @cached_property
    def url(self) -> str:
        return PREFIX + self.name

    @property
    def etag(self) -> str:
        """Weak: the same for every encoding of the file, which is what If-None-Match compares."""
        return f'W/"{self.digest}"'

    @property
    def media_type(self) -> str:
        return mimetypes.guess_type(self.path)[0] or "application/octet-stream"

    @property
    def compressible(self) -> bool:
        return self.media_type.startswith(TEXT_TYPES)

    @cached_property
    def encoded(self) -> dict[str, bytes]:
        """The body compressed once at the highest levels, each kept only when it is smaller."""
        if not self.compressible:
            return {}
        bodies = {
            BROTLI: brotli.compress(self.body, quality=11, mode=brotli.MODE_TEXT),
            GZIP: gzip.compress(self.body, compresslevel=9, mtime=0),
        }
        return {coding: body for coding, body in bodies.items() if len(body) < len(self.body)}


class Assets:
    """Every file under the static folder, found by its own path or its fingerprinted name."""

    def __init__(self, directory: Path) -> None:
        files = sorted(
            p for p in directory.rglob("*") if p.is_file() and not p.name.startswith(".")
        )
        assets = [
            Asset(
                path=file.relative_to(directory).as_posix(),
                body=file.read_bytes(),
                modified=datetime.fromtimestamp(int(file.stat().st_mtime), UTC),
            )
            for file in files
        ]
        self._directory = directory
        self._by_path = {asset.path: asset for asset in assets}
        self._by_name = {asset.name: asset for asset in assets}

    def url(self, path: str) -> str:
        """The URL a template links to; a missing file is an error at render, not a dead link."""
        return self.get(path).url

    def named(self, name: str) -> Asset | None:
        """The file this fingerprinted name stands for, if the fingerprint is the current one."""
        return self._by_name.get(name)

    def current(self, name: str) -> Asset | None:
        """The file an outdated or missing fingerprint meant (a page cached before a deploy)."""
        match = FINGERPRINTED.match(name)
        path = match["stem"] + match["suffix"] if match else name
        return self._by_path.get(path)

    def get(self, path: str) -> Asset:
        asset = self._by_path.get(path)
        if asset is None:
            raise LookupError(f"no {path} in {self._directory} (the vendor files: `make assets`)")
        return asset

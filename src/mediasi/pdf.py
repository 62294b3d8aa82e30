"""HTML → PDF through WeasyPrint, each distinct document laid out once per process.

A printed document (a frozen agreement, a restorative justice form, a monthly anev pack, a
problem solving report) is downloaded again and again — by each party, the tokoh, the
supervisor — and its HTML does not change between those downloads. Laying out an A4 document
costs WeasyPrint half a second to several seconds of CPU; the bytes are a function of the HTML
alone (the templates inline their styles and fonts come from the system), so the PDF of HTML
already seen is answered from memory. The memory is bounded by bytes, least recently used
first out.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

# What the rendered documents of one process may hold: about 300 agreements of 100 KB.
CACHE_BYTES = 32 * 1024 * 1024


class RenderedPdfs:
    """PDF bytes by the SHA-256 of their HTML; thread-safe (sync handlers run in threads)."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self._limit = limit
        self._size = 0
        self._pdfs: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> bytes | None:
        with self._lock:
            pdf = self._pdfs.get(key)
            if pdf is not None:
                self._pdfs.move_to_end(key)
            return pdf

    def put(self, key: bytes, pdf: bytes) -> None:
        if len(pdf) > self._limit:
            return
        with self._lock:
            if key in self._pdfs:
                return
            self._pdfs[key] = pdf
            self._size += len(pdf)
            while self._size > self._limit:
                _, dropped = self._pdfs.popitem(last=False)
                self._size -= len(dropped)


RENDERED = RenderedPdfs()


def render_pdf(html: str) -> bytes:
    """HTML → PDF bytes. WeasyPrint is imported late: it loads Pango, which takes a moment."""
    key = hashlib.sha256(html.encode()).digest()
    pdf = RENDERED.get(key)
    if pdf is None:
        from weasyprint import HTML

        pdf = HTML(string=html).write_pdf()
        RENDERED.put(key, pdf)
    return pdf

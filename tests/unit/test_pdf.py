"""Each distinct document is laid out once: the same HTML gets the same PDF from memory, a
changed one a new PDF, and the memory holds at most its byte budget, least recently used out."""

from __future__ import annotations

import hashlib

from mediasi.pdf import RENDERED, RenderedPdfs, render_pdf


def _key(html: str) -> bytes:
    return hashlib.sha256(html.encode()).digest()


def test_the_same_document_is_laid_out_once() -> None:
    html = "<h1>Kesepakatan perdamaian</h1><p>Pihak pertama dan pihak kedua sepakat.</p>"
    assert RENDERED.get(_key(html)) is None
    first = render_pdf(html)
    assert first.startswith(b"%PDF-")
    assert RENDERED.get(_key(html)) == first
    assert render_pdf(html) is first  # from memory, not laid out again
    changed = render_pdf(html.replace("sepakat", "tidak sepakat"))
    assert changed.startswith(b"%PDF-")
    assert changed != first


def test_the_memory_keeps_the_most_recently_used_within_its_bytes() -> None:
    pdfs = RenderedPdfs(limit=10)
    pdfs.put(b"a", b"aaaa")
    pdfs.put(b"b", b"bbbb")
    assert pdfs.get(b"a") == b"aaaa"  # a is now the most recently used
    pdfs.put(b"c", b"cccc")  # 12 bytes: b, the least recently used, goes
    assert pdfs.get(b"b") is None
    assert (pdfs.get(b"a"), pdfs.get(b"c")) == (b"aaaa", b"cccc")
    pdfs.put(b"huge", b"x" * 11)  # larger than the whole budget: never kept
    assert pdfs.get(b"huge") is None
    assert (pdfs.get(b"a"), pdfs.get(b"c")) == (b"aaaa", b"cccc")

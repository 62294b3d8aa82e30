"""Labels and numbers as an Indonesian reader writes them ('1.234', 'Des 2026'), and labels
cut to fit beside a bar (the table keeps the full text)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from mediasi import i18n
from mediasi.charts.chart import Number

ELLIPSIS = "…"


def number(value: Number, lang: str) -> str:
    return i18n.format_number(value, lang)


def month(value: date, lang: str) -> str:
    """'Jan 2026', 'Des 2026' in Indonesian; 'Dec 2026' in English."""
    return i18n.format_date(value, lang, "MMM y")


def months(values: Iterable[date], lang: str) -> list[str]:
    return [month(value, lang) for value in values]


def shortened(label: str, limit: int) -> str:
    """``label`` cut at ``limit`` characters, a word boundary if one is near, with '…'."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.-") + ELLIPSIS


def _middle(label: str, limit: int) -> str:
    """'Sukamaju Kidu…Cisaat': the start and the last word, for names alike at the start."""
    tail = label.rsplit(" ", 1)[-1][-(limit // 2) :]
    return label[: limit - 1 - len(tail)].rstrip() + ELLIPSIS + tail


def axis_labels(labels: Sequence[str], limit: int) -> list[str]:
    """Labels short enough to stand beside a bar and still tell the bars apart: cut at the end,
    or in the middle where two would read the same, numbered only if even that fails."""
    cut = [shortened(label, limit) for label in labels]
    counts = Counter(cut)
    short = [
        _middle(label, limit) if counts[one] > 1 and one != label else one
        for label, one in zip(labels, cut, strict=True)
    ]
    return distinct(short)


def distinct(labels: Sequence[str]) -> list[str]:
    """Labels made unique (a second 'Sukamaju' becomes 'Sukamaju (2)'): the drawing library
    keys its categories by label and would merge two desa of the same name."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out

"""The input boundary's checks as plain functions, with Hypothesis over arbitrary input."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediasi.errors import MAX_VERSION, StaleVersion
from mediasi.web import boundary
from mediasi.web.boundary import (
    MAX_FIELDS,
    MAX_JSON_DEPTH,
    BadInput,
    check_json,
    check_query,
    check_urlencoded,
    json_depth,
)

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def _true_depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_true_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_true_depth(v) for v in value.values()), default=0)
    return 0


@FAST
@given(json_values)
def test_the_depth_scan_agrees_with_the_decoded_value(value: Any) -> None:
    body = json.dumps(value).encode()
    assert json_depth(body, limit=10_000) == _true_depth(value)


@FAST
@given(st.integers(min_value=MAX_JSON_DEPTH + 1, max_value=5000), st.text(max_size=5))
def test_json_nested_past_the_limit_is_refused_before_decoding(depth: int, leaf: str) -> None:
    body = ("[" * depth + json.dumps(leaf) + "]" * depth).encode()
    with pytest.raises(BadInput) as refused:
        check_json(body)
    assert refused.value.messages == [boundary.TOO_DEEP]


@FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_as_json_are_refused_or_accepted_never_crash(body: bytes) -> None:
    try:
        check_json(body)
    except BadInput:
        return
    json.loads(body)  # what it let through is JSON


@FAST
@given(json_values)
def test_json_with_control_characters_in_any_string_is_refused(value: Any) -> None:
    body = json.dumps({"x\x00": value}).encode()
    with pytest.raises(BadInput):
        check_json(body)


@FAST
@given(st.binary(max_size=400))
def test_arbitrary_form_bytes_are_refused_or_decode_as_utf8(body: bytes) -> None:
    from urllib.parse import parse_qsl

    try:
        check_urlencoded(body)
    except BadInput:
        return
    for name, value in parse_qsl(body.decode("latin-1"), encoding="utf-8", errors="strict"):
        assert "\ufffd" not in name + value or "\ufffd" in body.decode("utf-8")


@FAST
@given(st.text(max_size=40), st.text(max_size=40))
def test_a_query_is_refused_exactly_when_it_holds_a_control_character(
    name: str, value: str
) -> None:
    query = f"{quote(name, safe='')}={quote(value, safe='')}".encode()
    control = any(ord(c) < 32 or ord(c) == 127 for c in name + value)
    surrogate = any(0xD800 <= ord(c) <= 0xDFFF for c in name + value)
    if surrogate:
        return  # quote() cannot encode a lone surrogate; the browser cannot send one either
    try:
        check_query(query)
    except BadInput:
        assert control
    else:
        assert not control


def test_too_many_fields_are_counted_before_any_decoding() -> None:
    check_urlencoded(b"&".join(b"f%d=x" % n for n in range(MAX_FIELDS)))
    with pytest.raises(BadInput):
        check_urlencoded(b"&".join(b"f%d=x" % n for n in range(MAX_FIELDS + 1)))
    with pytest.raises(BadInput):
        check_query(b"&" * MAX_FIELDS)


def test_multipart_counts_parts_and_checks_text_parts_but_not_files() -> None:
    def part(name: str, content: bytes, filename: str | None = None) -> bytes:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        head = b"--B\r\nContent-Disposition: " + disposition.encode()
        return head + b"\r\n\r\n" + content + b"\r\n"

    boundary.check_multipart(part("a", b"ok") + part("scan", b"\xff\xfe", "s.pdf") + b"--B--", b"B")
    with pytest.raises(BadInput):
        boundary.check_multipart(part("a", b"\xff\xfe") + b"--B--", b"B")
    many = b"".join(part(f"f{n}", b"x") for n in range(MAX_FIELDS + 1))
    with pytest.raises(BadInput):
        boundary.check_multipart(many + b"--B--", b"B")


@FAST
@given(st.integers(min_value=-(10**200), max_value=10**200), st.integers(), st.text(max_size=500))
def test_a_stale_version_message_holds_for_any_number(
    expected: int, current: int, ref: str
) -> None:
    error = StaleVersion(ref or "MDS-1", expected, current)
    text = error.text("id")
    assert len(text) <= 300
    if abs(expected) <= MAX_VERSION:
        assert str(expected) in text


@pytest.mark.parametrize(
    ("content_type", "refused"),
    [
        (boundary.MULTIPART, False),
        (boundary.URL_ENCODED, True),
        (boundary.JSON, True),
        ("text/plain", True),
    ],
)
def test_an_api_file_route_takes_multipart_only(content_type: str, refused: bool) -> None:
    """A page's file form is read whichever form encoding comes (its CSRF check has parsed
    it); an API file route is not, so anything but multipart is refused before parsing."""
    if refused:
        with pytest.raises(boundary.UnsupportedMediaType):
            boundary.check_content_type(boundary.FILE, content_type, has_body=True)
    else:
        boundary.check_content_type(boundary.FILE, content_type, has_body=True)
    boundary.check_content_type(boundary.FILE, content_type, has_body=False)
    boundary.check_content_type("multipart", boundary.URL_ENCODED, has_body=True)

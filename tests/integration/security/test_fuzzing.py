"""Hypothesis on every form route and every JSON route, on both backends.

Each example takes the body that does what the route is for (the CSRF suite's recipes) and
spoils it the way a hostile client would: a control character in one field, invalid UTF-8,
more fields than the limit, a version out of range, the wrong envelope, JSON too deep or
holding the wrong types. Every example must be refused with a 4xx and write nothing.
A second property sends arbitrary text into every field: never a 5xx, and nothing stored
holds a control character.

Examples are few per route (the suite's time budget); the routes are many.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediasi.runtime import Runtime
from tests.integration.security.conftest import Db, Web
from tests.integration.security.test_csrf import UNSAFE_ROUTES, Target, _body
from tests.integration.security.test_csrf import target as target
from tests.writes import Watch, Writes, texts

FEW = settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WITH_BODY = [
    route
    for route in UNSAFE_ROUTES
    if route[2] not in ("logout",) and "paper" not in route[1] and "upload" not in route[1]
]
FORM_ROUTES = [r for r in WITH_BODY if not r[1].startswith("/api/")]
JSON_ROUTES = [r for r in WITH_BODY if r[1].startswith("/api/")]
IDS = [f"{m} {p}" for m, p, _ in FORM_ROUTES]

CONTROL = st.sampled_from([chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)])
TEXT = st.text(max_size=30)
# Written on purpose by a refused request too: a page read may refresh the session, and a
# wrong tracking lookup is counted for its throttle (tests/integration/web/test_public_door.py).
WRITES = ("web_sessions", "tracking_attempts")


def _encode(fields: dict[str, Any]) -> bytes:
    pairs = []
    for key, value in fields.items():
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
        pairs.append(quote(key).encode() + b"=" + quote(raw).encode())
    return b"&".join(pairs)


@st.composite
def spoiled_form(draw: st.DrawFn, fields: dict[str, Any]) -> tuple[bytes, str]:
    """A form body the route must refuse, and its content type."""
    names = sorted(fields) or ["x"]
    how = draw(st.sampled_from(["control", "utf8", "count", "version", "envelope"]))
    spoiled = {k: str(v) for k, v in fields.items()}
    if how == "version" and "version" not in spoiled:
        how = "control"
    if how == "control":
        name = draw(st.sampled_from(names))
        value = spoiled.get(name, "")
        at = draw(st.integers(0, len(value)))
        spoiled[name] = value[:at] + draw(CONTROL) + value[at:]
    elif how == "utf8":
        name = draw(st.sampled_from(names))
        junk = draw(st.sampled_from([b"\xff", b"\xfe\xfd", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf"]))
        body = _encode({k: v for k, v in spoiled.items() if k != name})
        return body + b"&" + quote(name).encode() + b"=" + quote(junk).encode(), "urlencoded"
    elif how == "count":
        extra = draw(st.integers(201, 3000))
        spoiled.update({f"f{n}": "x" for n in range(extra)})
    elif how == "version":
        spoiled["version"] = draw(
            st.sampled_from(["9" * 140, str(2**63), "-1", "0", "1e3", "", "٣", "0x10"])
        )
    else:
        return json.dumps(spoiled).encode(), draw(st.sampled_from(["json", "text/plain"]))
    return _encode(spoiled), "urlencoded"


CONTENT_TYPES = {
    "urlencoded": "application/x-www-form-urlencoded",
    "json": "application/json",
    "text/plain": "text/plain",
}


@pytest.mark.parametrize(("method", "path", "name"), FORM_ROUTES, ids=IDS)
@FEW
@given(data=st.data())
def test_every_form_refuses_a_spoiled_body_and_writes_nothing(
    web: Web, db: Db, runtime: Runtime, target: Target, method: str, path: str, name: str, data: Any
) -> None:
    if web.session_cookie is None:
        web.login_as(target.user_for(path))
    _, fields = _body(name, target, db)
    body, kind = data.draw(spoiled_form(fields))
    watch = Watch(runtime, skip=WRITES)
    response = web.client.request(
        method,
        target.url(path),
        content=body,
        headers={"content-type": CONTENT_TYPES[kind], "x-csrftoken": web.csrf},
        follow_redirects=False,
    )
    assert 400 <= response.status_code < 500, (name, body[:200], response.text[:300])
    assert watch.written() == [], (name, body[:200])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)


@st.composite
def spoiled_document(draw: st.DrawFn, fields: dict[str, Any]) -> bytes:
    """A JSON body the route must refuse."""
    how = draw(st.sampled_from(["deep", "control", "type", "version", "broken"]))
    document: dict[str, Any] = json.loads(json.dumps(fields))
    if how == "deep":
        depth = draw(st.integers(33, 3000))
        return b'{"x": ' + b"[" * depth + b"]" * depth + b"}"
    if how == "broken":
        text = json.dumps(document).encode()
        return text[: draw(st.integers(0, len(text) - 1))] + draw(
            st.sampled_from([b"", b"\xff", b"\\ud800", b",,"])
        )
    if how == "version" and "version" in document:
        document["version"] = draw(
            st.sampled_from([int("9" * 140), 2**63, -1, 0, "1", 1.5, None, True, [1]])
        )
        return json.dumps(document).encode()
    key = draw(st.sampled_from(sorted(document)))
    if how == "control":
        document[key] = f"{document[key]}{draw(CONTROL)}"
    else:  # a wrong type: a list or an object where the route expects another kind of value
        expected = type(document[key])

        def wrong(value: Any) -> bool:
            # None stands for [None]; an empty list where a list goes (obligations) is right.
            kind = list if value is None else type(value)
            return kind in (list, dict) and kind is not expected

        value = draw(json_values.filter(wrong))
        document[key] = value if value is not None else [None]
    return json.dumps(document).encode()


@pytest.mark.parametrize(("method", "path", "name"), JSON_ROUTES, ids=[r[2] for r in JSON_ROUTES])
@FEW
@given(data=st.data())
def test_every_json_route_refuses_a_spoiled_document_and_writes_nothing(
    web: Web, db: Db, runtime: Runtime, target: Target, method: str, path: str, name: str, data: Any
) -> None:
    if web.session_cookie is None:
        web.login_as(target.user_for(path))
    _, fields = _body(name, target, db)
    body = data.draw(spoiled_document(fields))
    watch = Watch(runtime, skip=WRITES)
    response = web.client.request(
        method,
        target.url(path),
        content=body,
        headers={"content-type": "application/json", "x-csrftoken": web.csrf},
        follow_redirects=False,
    )
    assert 400 <= response.status_code < 500, (name, body[:200], response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")
    assert watch.written() == [], (name, body[:200])


CONTROLS = frozenset(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127))


def _control_free(writes: Writes) -> list[str]:
    """The written values holding a control character (JSON documents are written decoded
    here: their escapes would hide one)."""
    found = []
    for value in writes.values():
        inner = [value]
        if value[:1] in "{[":
            with contextlib.suppress(ValueError):
                inner = list(texts(json.loads(value)))
        found.extend(value[:120] for text in inner if CONTROLS.intersection(text))
    return found


@pytest.mark.parametrize(("method", "path", "name"), FORM_ROUTES, ids=IDS)
@FEW
@given(data=st.data())
def test_every_form_takes_arbitrary_text_without_a_server_error(
    web: Web, db: Db, runtime: Runtime, target: Target, method: str, path: str, name: str, data: Any
) -> None:
    if web.session_cookie is None:
        web.login_as(target.user_for(path))
    _, fields = _body(name, target, db)
    names = sorted(fields) or ["x"]
    field = data.draw(st.sampled_from(names))
    value = data.draw(st.text(max_size=300) | st.integers().map(str) | st.just("9" * 40))
    watch = Watch(runtime, skip=WRITES)
    response = web.client.request(
        method,
        target.url(path),
        content=_encode({**fields, field: value}),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-csrftoken": web.csrf,
        },
        follow_redirects=False,
    )
    assert response.status_code < 500, (name, field, value, response.text[:300])
    writes = watch.stop()
    if response.status_code >= 400 and name != "login":  # a failed login is recorded
        assert not writes, (name, field, value, writes)
    assert _control_free(writes) == []
    if name == "login" and response.status_code == 303:
        web.client.cookies.clear()  # logged in as someone else: start over next time

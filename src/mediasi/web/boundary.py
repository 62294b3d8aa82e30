"""The input boundary: what every request must be before any handler or parser touches it.

One ASGI middleware checks, in this order, and refuses with 400/413/415 in the user's
language (the app's exception handlers write the page or the problem details):

- the path and the query string: valid UTF-8, no control characters, at most
  :data:`MAX_FIELDS` query parameters;
- header values: no control characters (a header is data for the session, the CSRF check and
  the signature record);
- the body, against what the route declares (its ``data`` parameter, or ``opt["body"]``):
  JSON only as ``application/json``, forms only in a form encoding, a form body only where
  the route takes none (the CSRF token); then, before any parsing, the field count of a
  form (at most :data:`MAX_FIELDS`) and the nesting depth of JSON (at most
  :data:`MAX_JSON_DEPTH`); then valid UTF-8 in every form field, and JSON that decodes
  with no control characters in its strings other than tab and line breaks.

Per-field rules (one line or several, lengths, choices, number ranges) stay with the pydantic
models and the workflow's field specs, which say what is wrong beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

import msgspec
from litestar.enums import RequestEncodingType, ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.params import BodyKwarg
from litestar.types import ASGIApp, HTTPRequestEvent, Receive, ReceiveMessage, Scope, Send

from mediasi.errors import MediasiError
from mediasi.i18n import Message, _

MAX_FIELDS = 200
MAX_JSON_DEPTH = 32
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"
URL_ENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
FILE = "file"  # opt={"body": FILE}: a multipart body and nothing else

# ---- what a person reads (kept together for the translation catalogue) ---------------------

BAD_CHARACTERS = _("Alamat, parameter, atau tajuk permintaan berisi karakter yang tidak sah.")
NOT_UTF8 = _("Data yang dikirim bukan teks UTF-8 yang sah; tidak ada yang disimpan.")
TOO_MANY_FIELDS = _(
    "Terlalu banyak isian dalam satu permintaan (paling banyak %(most)s).", most=MAX_FIELDS
)
TOO_DEEP = _(
    "Data JSON bersarang terlalu dalam (paling banyak %(most)s tingkat).", most=MAX_JSON_DEPTH
)
BAD_JSON = _("Data JSON tidak sah.")
CONTROL_IN_JSON = _("Teks dalam data JSON berisi karakter yang tidak sah (karakter kendali).")
SEND_JSON = _("Kirim data ini sebagai application/json.")
NO_BODY = _("Alamat ini tidak menerima data selain formulir kosong.")


class BadInput(MediasiError, status=400, title="Bad request"): ...


class UnsupportedMediaType(MediasiError, status=415, title="Unsupported media type"): ...


class PayloadTooLarge(MediasiError, status=413, title="Payload too large"): ...


# ---- the checks, as plain functions ------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # anything but printable text, in a one-line value
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks allowed
_CONTROL_IN_HEADER = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")  # tab allowed (RFC 9110)
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(NOT_UTF8) from None


def _pairs(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    for piece in raw.split(b"&"):
        if piece:
            name, _, value = piece.partition(b"=")
            yield name, value


def _unquote(raw: bytes) -> str:
    return _decode(unquote_to_bytes(raw.replace(b"+", b" ")))


def check_path(scope: Scope) -> None:
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    path = _decode(unquote_to_bytes(raw.split(b"?", 1)[0]))
    if _CONTROL.search(path) or _CONTROL.search(scope["path"]):
        raise BadInput(BAD_CHARACTERS)


def check_query(query: bytes) -> None:
    if query.count(b"&") >= MAX_FIELDS:
        raise BadInput(TOO_MANY_FIELDS)
    for name, value in _pairs(query):
        for text in (_unquote(name), _unquote(value)):
            if _CONTROL.search(text):
                raise BadInput(BAD_CHARACTERS)


def check_headers(headers: list[tuple[bytes, bytes]]) -> None:
    for _name, value in headers:
        if _CONTROL_IN_HEADER.search(value):
            raise BadInput(BAD_CHARACTERS)


def check_urlencoded(body: bytes) -> None:
    """At most MAX_FIELDS fields (counted before anything is decoded), each valid UTF-8."""
    if body.count(b"&") >= MAX_FIELDS:
        raise BadInput(TOO_MANY_FIELDS)
    for name, value in _pairs(body):
        _unquote(name)
        _unquote(value)


def check_multipart(body: bytes, boundary: bytes) -> None:
    """At most MAX_FIELDS parts; every part that is not a file is valid UTF-8."""
    delimiter = b"--" + boundary
    if body.count(delimiter) > MAX_FIELDS + 1:
        raise BadInput(TOO_MANY_FIELDS)
    for part in body.split(delimiter)[1:]:
        head, _, content = part.partition(b"\r\n\r\n")
        _decode(head)
        if b"filename=" not in head.lower():
            _decode(content)


def json_depth(body: bytes, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep ``body`` nests (strings skipped); stops counting once past ``limit``."""
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", body))
    depth = deepest = 0
    for char in brackets:
        if char in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_json(body: bytes) -> None:
    if json_depth(body) > MAX_JSON_DEPTH:
        raise BadInput(TOO_DEEP)
    _decode(body)
    try:
        value = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):
        raise BadInput(BAD_JSON) from None
    if any(_CONTROL_IN_TEXT.search(text) for text in _strings(value)):
        raise BadInput(CONTROL_IN_JSON)


# ---- what a route takes ----------------------------------------------------------------------


def body_kind(route_handler: Any) -> str | None:
    """``"json"``, ``"urlencoded"``, ``"multipart"``, or None when the route takes no body
    (``opt={"body": ...}`` on a route says it outright)."""
    declared = getattr(route_handler, "opt", {}).get("body")
    if declared:
        return str(declared)
    signature = getattr(route_handler, "parsed_fn_signature", None)
    field = signature.parameters.get("data") if signature is not None else None
    if field is None:
        return None
    kwarg = field.kwarg_definition
    media = kwarg.media_type if isinstance(kwarg, BodyKwarg) else RequestEncodingType.JSON
    return {
        RequestEncodingType.URL_ENCODED: "urlencoded",
        RequestEncodingType.MULTI_PART: "multipart",
    }.get(RequestEncodingType(media), "json")


def _content_type(scope: Scope) -> tuple[str, dict[str, str]]:
    raw = next((v for k, v in scope["headers"] if k == b"content-type"), b"")
    main, *params = raw.decode("latin-1").split(";")
    options = {}
    for param in params:
        key, _, value = param.strip().partition("=")
        options[key.lower()] = value.strip('"')
    return main.strip().lower(), options


def _content_length(scope: Scope) -> int | None:
    raw = next((v for k, v in scope["headers"] if k == b"content-length"), None)
    try:
        return int(raw) if raw is not None and len(raw) < 20 else None
    except ValueError:
        return None


async def _read_body(receive: Receive, limit: int | None) -> tuple[bytes, list[ReceiveMessage]]:
    chunks: list[bytes] = []
    size = 0
    extra: list[ReceiveMessage] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            extra.append(message)
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise PayloadTooLarge(_too_large(limit))
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), extra


def _too_large(limit: int) -> Message:
    return _("Data yang dikirim terlalu besar (paling banyak %(limit)s KiB).", limit=limit // 1024)


def _send_form(kind: str) -> Message:
    name = URL_ENCODED if kind == "urlencoded" else MULTIPART
    return _("Kirim formulir ini sebagai %(kind)s.", kind=name)


def check_body(kind: str | None, content_type: str, options: dict[str, str], body: bytes) -> None:
    """The body against the route's kind (the content type was already accepted)."""
    if not body:
        return
    if kind == "json":
        check_json(body)
    elif content_type == MULTIPART:
        check_multipart(body, options.get("boundary", "").encode("latin-1"))
    else:
        check_urlencoded(body)


def check_content_type(kind: str | None, content_type: str, has_body: bool) -> None:
    if not has_body:
        return
    if kind == "json":
        if content_type != JSON:
            raise UnsupportedMediaType(SEND_JSON)
    elif kind == FILE:
        # A file route of the API: no CSRF check has parsed a form before it, so only
        # multipart can be read.
        if content_type != MULTIPART:
            raise UnsupportedMediaType(_send_form("multipart"))
    elif kind in ("urlencoded", "multipart"):
        # A form is a form in either encoding (a file field needs multipart; the handler's
        # own parsing then says what is missing).
        if content_type not in (URL_ENCODED, MULTIPART):
            raise UnsupportedMediaType(_send_form(kind))
    elif content_type not in (URL_ENCODED, MULTIPART):
        # No body is read here, but the CSRF check reads a form's token.
        raise UnsupportedMediaType(NO_BODY)


class InputBoundary(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, max_body_bytes: int) -> None:
        self.max_body_bytes = max_body_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        check_path(scope)
        check_query(scope.get("query_string", b""))
        check_headers(list(scope["headers"]))
        if scope.get("method") not in BODY_METHODS:
            await next_app(scope, receive, send)
            return
        route_handler = scope.get("route_handler")
        kind = body_kind(route_handler)
        limit = self.max_body_bytes
        if route_handler is not None and hasattr(route_handler, "resolve_request_max_body_size"):
            limit = route_handler.resolve_request_max_body_size() or limit
        length = _content_length(scope)
        if length is not None and length > limit:
            raise PayloadTooLarge(_too_large(limit))
        content_type, options = _content_type(scope)
        body, extra = await _read_body(receive, limit)
        check_content_type(kind, content_type, bool(body))
        check_body(kind, content_type, options, body)
        await next_app(scope, _replay(body, extra, receive), send)


def _replay(body: bytes, extra: list[ReceiveMessage], receive: Receive) -> Receive:
    first: HTTPRequestEvent = {"type": "http.request", "body": body, "more_body": False}
    pending: list[ReceiveMessage] = [first, *extra]

    async def replayed() -> ReceiveMessage:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed

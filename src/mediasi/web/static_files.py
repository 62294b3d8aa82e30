"""Serving the static files over a village data plan: the smallest encoding the browser takes,
a year's ``immutable`` caching under a fingerprinted name, and ``304 Not Modified`` (no body)
when the browser already holds the file."""

from __future__ import annotations

import re
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from litestar import HttpMethod, Request, Response, Router, route
from litestar.datastructures import CacheControlHeader, Headers
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from mediasi.web.assets import BROTLI, GZIP, Asset, Assets

FAVICON = "favicon.ico"
# A fingerprinted name never changes content: keep it a year, never ask again.
IMMUTABLE = CacheControlHeader(public=True, max_age=31_536_000, immutable=True)
# /favicon.ico has no fingerprint (browsers ask for that name): a week, then revalidated.
WEEK = CacheControlHeader(public=True, max_age=604_800)
# A redirect from an old fingerprint: its target changes with the next deploy.
REVALIDATE = CacheControlHeader(no_cache=True)
READ = [HttpMethod.GET, HttpMethod.HEAD]
QUALITY = re.compile(r"q\s*=\s*([0-9.]+)")


def accepted_codings(header: str) -> dict[str, float]:
    """``Accept-Encoding`` as coding → weight (``br;q=0`` refuses brotli)."""
    weights: dict[str, float] = {}
    for part in header.split(","):
        coding, _, params = part.partition(";")
        match = QUALITY.search(params)
        try:
            weight = float(match[1]) if match else 1.0
        except ValueError:
            weight = 0.0
        if coding.strip():
            weights[coding.strip().lower()] = weight
    return weights


def best_coding(header: str, offered: dict[str, bytes]) -> str | None:
    """Brotli if the browser takes it (it is the smaller), else gzip, else none."""
    weights = accepted_codings(header)
    for coding in (BROTLI, GZIP):
        if coding in offered and weights.get(coding, weights.get("*", 0.0)) > 0:
            return coding
    return None


def not_modified(headers: Headers, asset: Asset) -> bool:
    """RFC 9110 §13.1: If-None-Match decides when present; else If-Modified-Since."""
    tags = headers.get("if-none-match")
    if tags is not None:
        held = {tag.strip().removeprefix("W/").strip('"') for tag in tags.split(",")}
        return "*" in held or asset.digest in held
    since = headers.get("if-modified-since")
    if not since:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # an unreadable date: send the file
    return moment.tzinfo is not None and asset.modified <= moment


def asset_response(
    request: Request[Any, Any, Any], asset: Asset, cache: CacheControlHeader
) -> Response[bytes]:
    headers = {
        cache.HEADER_NAME: cache.to_header(),
        "ETag": asset.etag,
        "Last-Modified": format_datetime(asset.modified, usegmt=True),
    }
    if asset.compressible:
        headers["Vary"] = "Accept-Encoding"
    if not_modified(request.headers, asset):
        return Response(b"", status_code=304, headers=headers)
    coding = best_coding(request.headers.get("accept-encoding", ""), asset.encoded)
    if coding:
        headers["Content-Encoding"] = coding
    body = asset.encoded[coding] if coding else asset.body
    return Response(body, media_type=asset.media_type, headers=headers)


def static_router(assets: Assets) -> Router:
    """``/static/<name>.<hash>.<ext>`` and ``/favicon.ico``, public (no session, no login)."""

    @route("/static/{file_path:path}", http_method=READ, name="static", sync_to_thread=False)
    def static_file(request: Request[Any, Any, Any], file_path: FromPath[str]) -> Response[bytes]:
        name = file_path.lstrip("/")
        asset = assets.named(name)
        if asset is not None:
            return asset_response(request, asset, IMMUTABLE)
        meant = assets.current(name)
        if meant is None:
            raise NotFoundException()
        headers = {REVALIDATE.HEADER_NAME: REVALIDATE.to_header()}
        return Redirect(meant.url, status_code=302, headers=headers)

    @route("/favicon.ico", http_method=READ, name="favicon", sync_to_thread=False)
    def favicon(request: Request[Any, Any, Any]) -> Response[bytes]:
        return asset_response(request, assets.get(FAVICON), WEEK)

    return Router(
        path="/",
        route_handlers=[static_file, favicon],
        opt={"exclude_from_auth": True},
        include_in_schema=False,
    )

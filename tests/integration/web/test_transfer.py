"""What a page costs on a village data plan: pages and static files travel compressed when the
browser takes it, a static file's URL carries its fingerprint and is kept a year, a file the
browser holds is answered 304 with no body, and there is a favicon."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import brotli
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from mediasi.web.assets import Assets
from mediasi.web.static_files import static_router
from tests.integration.web.conftest import Web

IMMUTABLE = "max-age=31536000, public, immutable"
LINKED = re.compile(r'(?:href|src)="(/static/[^"]+)"')
DAY = timedelta(days=1)
CSS = b"main { margin: 0 auto; max-width: 60rem; }\n" * 40


def raw(
    client: TestClient[Litestar], url: str, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the body exactly as sent (not decoded), as the browser receives it."""
    with client.stream("GET", url, headers=headers, follow_redirects=False) as response:
        return response.status_code, dict(response.headers), b"".join(response.iter_raw())


@pytest.fixture
def static(tmp_path: Path) -> Iterator[tuple[Path, TestClient[Litestar]]]:
    """A folder of static files served as the app serves its own (no database involved)."""
    (tmp_path / "app.css").write_bytes(CSS)
    (tmp_path / "favicon.ico").write_bytes(b"\x00\x00\x01\x00" + b"\x10" * 60)
    with TestClient(Litestar([static_router(Assets(tmp_path))])) as client:
        yield tmp_path, client


def test_pages_travel_brotli_or_gzip_as_the_browser_takes_them(web: Web) -> None:
    web.login_as("officer")
    for accepted, coding, decode in (
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
    ):
        status, headers, body = raw(web.client, "/cases", **{"Accept-Encoding": accepted})
        assert status == 200
        assert headers["content-encoding"] == coding
        assert "Accept-Encoding" in headers["vary"]
        assert "Daftar perkara" in decode(body).decode()
    status, headers, body = raw(web.client, "/cases", **{"Accept-Encoding": "identity"})
    assert "content-encoding" not in headers
    assert "Daftar perkara" in body.decode()
    assert headers["cache-control"] == "no-store"  # a page with personal data is never kept


def test_every_file_a_page_links_is_fingerprinted_kept_a_year_and_compressed(web: Web) -> None:
    web.login_as("officer")
    linked = set(LINKED.findall(web.get("/").text))
    assert {web.asset("vendor/pico.min.css"), web.asset("vendor/htmx.min.js")} <= linked
    for url in linked:
        assert re.search(r"\.[0-9a-f]{12}\.[a-z]+$", url), url
        status, headers, body = raw(web.client, url, **{"Accept-Encoding": "gzip, br"})
        assert status == 200
        assert headers["cache-control"] == IMMUTABLE
        assert headers["content-encoding"] == "br"
        assert headers["vary"] == "Accept-Encoding"
        plain = web.client.get(url, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert brotli.decompress(body) == plain.content
        assert len(body) < len(plain.content)


def test_a_refused_coding_is_not_sent(static: tuple[Path, TestClient[Litestar]]) -> None:
    folder, client = static
    url = Assets(folder).url("app.css")
    _, headers, body = raw(client, url, **{"Accept-Encoding": "br;q=0, gzip;q=0.5"})
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == CSS
    _, headers, body = raw(client, url, **{"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "content-encoding" not in headers
    assert body == CSS


def test_a_changed_file_gets_a_new_url_and_the_old_one_leads_to_it(
    static: tuple[Path, TestClient[Litestar]],
) -> None:
    folder, _ = static
    old = Assets(folder).url("app.css")
    (folder / "app.css").write_bytes(CSS + b"footer { color: gray; }\n")
    assets = Assets(folder)
    new = assets.url("app.css")
    assert new != old
    with TestClient(Litestar([static_router(assets)])) as client:
        moved = client.get(old, follow_redirects=False)
        assert moved.status_code == 302
        assert moved.headers["location"] == new
        assert moved.headers["cache-control"] == "no-cache"  # the next deploy moves it again
        assert client.get(new).content.endswith(b"footer { color: gray; }\n")
        assert client.get("/static/app.css", follow_redirects=False).headers["location"] == new


@pytest.mark.parametrize(
    "name",
    ["nope.0123456789ab.css", "nope.css", "", "../../../etc/passwd", "app.css/x", "app.zz.css"],
)
def test_an_unknown_file_is_not_found(static: tuple[Path, TestClient[Litestar]], name: str) -> None:
    _, client = static
    response = client.get(f"/static/{name}", follow_redirects=False)
    assert response.status_code == 404


def test_a_file_the_browser_holds_is_answered_304_with_no_body(
    static: tuple[Path, TestClient[Litestar]],
) -> None:
    folder, client = static
    url = Assets(folder).url("app.css")
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for held in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", {etag.removeprefix("W/")}'},  # a strong copy of the tag
        {"If-None-Match": "*"},
        {"If-Modified-Since": modified},
        {"If-Modified-Since": format_datetime(parsedate_to_datetime(modified) + DAY, usegmt=True)},
    ):
        status, headers, body = raw(client, url, **held)
        assert (status, body) == (304, b""), held
        assert headers["etag"] == etag
        assert headers["cache-control"] == IMMUTABLE
    for stale in (
        {"If-None-Match": '"something-else"'},
        {"If-None-Match": '"something-else"', "If-Modified-Since": modified},  # the tag decides
        {"If-Modified-Since": "Mon, 01 Jan 1990 00:00:00 GMT"},
        {"If-Modified-Since": "not a date"},
    ):
        response = client.get(url, headers=stale)
        assert response.status_code == 200, stale
        assert response.content == CSS


def test_a_head_request_gets_the_headers_alone(static: tuple[Path, TestClient[Litestar]]) -> None:
    folder, client = static
    response = client.head(Assets(folder).url("app.css"), headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.content == b""


def test_there_is_a_favicon_and_the_pages_link_one(web: Web) -> None:
    icon = web.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/vnd.microsoft.icon"
    assert icon.content.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert icon.headers["cache-control"] == "max-age=604800, public"
    assert (
        web.get("/favicon.ico", headers={"If-None-Match": icon.headers["etag"]}).status_code == 304
    )
    for page in ("/login", "/lapor"):
        link = re.search(
            r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', web.get(page).text
        )
        assert link, page
        svg = web.get(link[1])
        assert svg.status_code == 200
        assert svg.headers["content-type"] == "image/svg+xml"
        assert svg.content.startswith(b"<svg")


def test_a_template_naming_a_missing_file_fails_saying_what_to_run(
    static: tuple[Path, TestClient[Litestar]],
) -> None:
    folder, _ = static
    with pytest.raises(LookupError, match="make assets"):
        Assets(folder).url("vendor/pico.min.css")

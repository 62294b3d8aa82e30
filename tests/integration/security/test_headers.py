"""Security headers on every kind of response, and templates that need no inline script or
style (so that the Content-Security-Policy can forbid them)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from litestar import Litestar

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.security.conftest import Cases, Web, another_browser, app_for

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def csp_directives(value: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response: Any, *, https: bool = False) -> None:
    headers = response.headers
    csp = headers.get("content-security-policy")
    assert csp, f"no Content-Security-Policy on {response.request.url} ({response.status_code})"
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    directives = csp_directives(csp)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == ["'self'"], csp
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("referrer-policy") in SAFE_REFERRER_POLICIES
    if https:
        hsts = headers.get("strict-transport-security", "")
        max_age = re.search(r"max-age=(\d+)", hsts)
        assert max_age, hsts
        assert int(max_age.group(1)) >= 180 * 24 * 3600
    else:
        assert "strict-transport-security" not in headers


# (what, who is logged in, method, url, expected status)
PAGES: list[tuple[str, str | None, str, str, int]] = [
    ("login page", None, "GET", "/login", 200),
    ("home", "officer", "GET", "/", 200),
    ("case list", "officer", "GET", "/cases", 200),
    ("case list fragment", "officer", "GET", "/cases#htmx", 200),
    ("case page", "officer", "GET", "/cases/{case}", 200),
    ("report form", "officer", "GET", "/cases/new", 200),
    ("supervisor desk", "supervisor", "GET", "/supervision", 200),
    ("admin page", "admin", "GET", "/admin", 200),
    ("api json", "officer", "GET", "/api/cases", 200),
    ("static file", None, "GET", "{app_js}", 200),
    ("static file by its old name", None, "GET", "/static/app.js", 302),
    ("static file missing", None, "GET", "/static/nope.js", 404),
    ("case not found", "officer", "GET", "/cases/{unknown}", 404),
    ("forbidden page", "officer", "GET", "/supervision", 403),
    ("csrf refusal", "officer", "POST", "/cases", 403),
    ("validation error", "officer", "GET", "/cases/new/party-row?index=abc", 400),
    ("body too large", "officer", "POST", "/cases!big", 413),
    ("unknown path", "officer", "GET", "/no-such-page", 404),
    ("malformed case id", "officer", "GET", "/cases/not-a-uuid", 404),
    ("method not allowed", "officer", "PUT", "/cases", 405),
]
ROUTER_ERRORS = {"unknown path", "malformed case id", "method not allowed"}
MIDDLEWARE_ERRORS = {"csrf refusal"}


def _request(web: Web, method: str, url: str) -> Any:
    if url.endswith("!big"):
        return web.client.post(
            url.removesuffix("!big"),
            content=b"title=" + b"x" * (2 * 1024 * 1024),
            headers={"content-type": "application/x-www-form-urlencoded", "x-csrftoken": web.csrf},
        )
    headers = {"HX-Request": "true"} if url.endswith("#htmx") else {}
    url = url.removesuffix("#htmx")
    return web.client.request(method, url, headers=headers, follow_redirects=False)


def _visit(web: Web, cases: Cases, pages: list[tuple[str, str | None, str, str, int]]) -> list[str]:
    """Request each page as its user; what is wrong with each, in words."""
    case_id = cases.report()
    problems = []
    current: str | None = ""
    for what, who, method, url, status in pages:
        if who != current:
            if who:
                web.login_as(who)
            else:
                web.client.cookies.clear()
                web.client.get("/login")
            current = who
        response = _request(
            web, method, url.format(case=case_id, unknown=uuid4(), app_js=web.asset("app.js"))
        )
        if response.status_code != status:
            problems.append(f"{what}: status {response.status_code}, expected {status}")
            continue
        try:
            assert_security_headers(response)
        except AssertionError as exc:
            problems.append(f"{what}: {str(exc).splitlines()[0]}")
    return problems


def test_every_page_carries_the_security_headers(web: Web, cases: Cases) -> None:
    pages = [p for p in PAGES if p[0] not in ROUTER_ERRORS | MIDDLEWARE_ERRORS]
    assert _visit(web, cases, pages) == []


@pytest.mark.parametrize("what", sorted(ROUTER_ERRORS))
def test_the_routers_own_errors_carry_the_security_headers(
    web: Web, cases: Cases, what: str
) -> None:
    assert _visit(web, cases, [p for p in PAGES if p[0] == what]) == []


def test_the_csrf_refusal_page_carries_the_security_headers(web: Web, cases: Cases) -> None:
    assert _visit(web, cases, [p for p in PAGES if p[0] in MIDDLEWARE_ERRORS]) == []


def test_pages_are_not_cached_but_static_files_may_be(web: Web) -> None:
    web.login_as("officer")
    assert web.get("/").headers.get("cache-control") == "no-store"
    cached = web.get(web.asset("app.js")).headers.get("cache-control")
    assert cached == "max-age=31536000, public, immutable"


@pytest.fixture
def https_app(runtime: Runtime) -> Litestar:
    return app_for(runtime, https=True)


def test_hsts_is_sent_only_when_served_over_https(https_app: Litestar, world: World) -> None:
    with another_browser(https_app, base_url="https://testserver.local") as web:
        web.login_as("officer")
        for url in ("/login", "/", "/cases", web.asset("app.js")):
            assert_security_headers(web.get(url), https=True)


# ---- templates: nothing inline ---------------------------------------------------------------

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_EVENT_ATTR = re.compile(r"(?:^|\s)(on[a-z]+|hx-on(?::|-)[\w:.-]*)\s*=", re.IGNORECASE)
_STYLE_ATTR = re.compile(r"(?:^|\s)style\s*=", re.IGNORECASE)
_JS_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)


def inline_code(text: str) -> list[str]:
    """Everything in a template that a CSP without 'unsafe-inline' would block."""
    problems = []
    for match in _SCRIPT.finditer(text):
        attrs, body = match.group(1), match.group(2)
        if body.strip():
            problems.append(f"inline <script> with content: {body.strip()[:60]!r}")
        if "src=" not in attrs:
            problems.append("<script> without src")
    if re.search(r"<style\b", text, re.IGNORECASE):
        problems.append("<style> element")
    for match in _TAG.finditer(text):
        attrs = match.group(2)
        for event in _EVENT_ATTR.finditer(attrs):
            problems.append(f"<{match.group(1)} {event.group(1)}=…> event handler")
        if _STYLE_ATTR.search(attrs):
            problems.append(f"<{match.group(1)} style=…>")
        if _JS_URL.search(attrs):
            problems.append(f"<{match.group(1)} …javascript: URL>")
    return problems


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        "<script >\n  htmx.config.x = 1;\n</script>",
        '<button onclick="go()">x</button>',
        "<body onload='init()'>",
        '<div hx-on:click="alert(1)"></div>',
        '<div hx-on::after-request="x()"></div>',
        '<p class="a" style="color: red">x</p>',
        "<style>p { color: red }</style>",
        '<a href="javascript:alert(1)">x</a>',
        '<input name="q" value="{{ v }}"\n       onfocus="x()">',
    ],
)
def test_the_template_scan_finds_inline_code(snippet: str) -> None:
    """The scanner below fails when someone adds any of these to a template."""
    assert inline_code(f"<div>\n{snippet}\n</div>")


def test_the_template_scan_lets_the_real_idioms_pass() -> None:
    clean = (
        '<script src="/static/app.js" defer></script>'
        '<body hx-headers=\'{"X-CSRFToken": "{{ csrf_token() }}"}\'>'
        '<a href="/x" hx-get="/x" hx-target="#t" data-online="1">Ronda onderdil</a>'
        '<form method="post" action="/x" hx-post="/x" hx-confirm="Hapus?"></form>'
    )
    assert inline_code(clean) == []


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))
# Rendered to PDF on the server (WeasyPrint reads its <style> and @page rules), never served
# to a browser, so the CSP does not apply; scripts and event handlers are still refused.
PDF_ONLY = {
    "agreements/document.html": "src/mediasi/agreements/pdf.py",
    "restorative/_letter.html": "src/mediasi/restorative/pdf.py",
    "problem_solving/report.html": "src/mediasi/problem_solving/documents.py",
    "anev/pack.html": "src/mediasi/anev/document.py",
}
# The official letter layout the PDF-only templates extend: exempt while only they use it.
PDF_LAYOUTS = ("letters/_base.html",)
SRC = TEMPLATES.parent / "src"


def test_the_templates_are_found() -> None:
    names = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATE_FILES}
    assert {"base.html", "login.html", "cases/detail.html"} <= names


@pytest.mark.parametrize(
    "path", TEMPLATE_FILES, ids=[p.relative_to(TEMPLATES).as_posix() for p in TEMPLATE_FILES]
)
def test_no_template_has_inline_script_event_handlers_or_style(path: Path) -> None:
    problems = inline_code(path.read_text(encoding="utf-8"))
    if path.relative_to(TEMPLATES).as_posix() in (*PDF_ONLY, *PDF_LAYOUTS):
        problems = [p for p in problems if p != "<style> element" and "style=" not in p]
    assert problems == []


@pytest.mark.parametrize("name", sorted(PDF_ONLY))
def test_the_pdf_only_templates_are_never_served_as_pages(name: str) -> None:
    """The exemption above holds only while nothing but the PDF renderer uses the template."""
    users = sorted(
        str(p.relative_to(TEMPLATES.parent))
        for p in SRC.rglob("*.py")
        if name in p.read_text(encoding="utf-8")
    )
    assert users == [PDF_ONLY[name]]


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_the_pdf_layouts_are_used_only_by_pdf_only_templates(layout: str) -> None:
    users = {
        p.relative_to(TEMPLATES).as_posix()
        for p in TEMPLATE_FILES
        if layout in p.read_text(encoding="utf-8")
    }
    assert users
    assert users <= set(PDF_ONLY), users - set(PDF_ONLY)


def test_every_script_the_base_page_loads_is_a_local_file(web: Web) -> None:
    # The template names each file by asset(); the page it renders holds the paths.
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    named = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", base)
    assert named
    assert all(ref.startswith("{{ asset('") for ref in named), named
    page = web.get("/login").text
    sources = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", page)
    assert sources
    assert all(src.startswith("/static/") for src in sources), sources
    stylesheets = re.findall(r"<link\b[^>]*\bhref=\"([^\"]+)\"", page)
    assert all(href.startswith("/static/") for href in stylesheets), stylesheets

"""Forwarded headers count only from the proxies in MEDIASI_TRUSTED_PROXIES."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from mediasi.config import Settings, parse_networks
from mediasi.web.proxies import TrustedProxies, client_from

NETS = parse_networks("127.0.0.1, 10.0.0.0/8, ::1")


@pytest.mark.parametrize(
    ("peer", "header", "client"),
    [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not a proxy: header ignored
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"),  # two trusted hops
        ("127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # forged left part ignored
        ("127.0.0.1", "garbage, 10.1.2.3", "10.1.2.3"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("testclient", "198.51.100.1", "testclient"),
    ],
)
def test_the_client_is_the_rightmost_untrusted_hop(peer: str, header: str, client: str) -> None:
    assert client_from(peer, header, NETS) == client


def _run(
    middleware: TrustedProxies, client: tuple[str, int], headers: list[tuple[bytes, bytes]]
) -> Any:
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)

    scope = {"type": "http", "client": client, "headers": headers, "scheme": "http"}

    def run() -> None:  # a thread of its own: the test may run where an event loop already is
        asyncio.run(middleware.handle(scope, None, None, app))  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()
    return seen


def test_the_middleware_rewrites_only_for_a_trusted_peer() -> None:
    headers = [(b"x-forwarded-for", b"198.51.100.1"), (b"x-forwarded-proto", b"https")]
    trusted = _run(TrustedProxies(NETS), ("127.0.0.1", 5000), headers)
    assert trusted["client"][0] == "198.51.100.1"
    assert trusted["scheme"] == "https"
    stranger = _run(TrustedProxies(NETS), ("203.0.113.9", 5000), headers)
    assert stranger["client"] == ("203.0.113.9", 5000)
    assert stranger["scheme"] == "http"
    nobody = _run(TrustedProxies([]), ("127.0.0.1", 5000), headers)  # the default: empty
    assert nobody["client"] == ("127.0.0.1", 5000)


def test_the_setting_is_empty_by_default_and_refuses_a_bad_entry() -> None:
    assert Settings().trusted_proxy_networks == []
    assert len(Settings(trusted_proxies="127.0.0.1,10.0.0.0/8").trusted_proxy_networks) == 2
    with pytest.raises(ValueError, match="not an IP address"):
        Settings(trusted_proxies="127.0.0.1, proxy.local")


def test_serve_turns_uvicorns_forwarded_headers_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    from mediasi import cli

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    monkeypatch.setattr(cli, "check_before_serving", lambda: None)
    result = CliRunner().invoke(cli.main, ["serve"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert calls[0]["proxy_headers"] is False

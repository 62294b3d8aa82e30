"""Forwarded headers are believed only from the reverse proxies named in the settings.

Behind a proxy every request comes from the proxy's address, so the throttle and the login
log would see one client. ``MEDIASI_TRUSTED_PROXIES`` lists the proxies' addresses or
networks; only a request whose peer is one of them has its client address taken from
``X-Forwarded-For`` (the right-most address that is not itself a trusted proxy) and its scheme
from ``X-Forwarded-Proto``. With the setting empty (the default) the headers are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import ip_address

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from mediasi.config import Network

MAX_HOPS = 20


def is_trusted(host: str | None, networks: Sequence[Network]) -> bool:
    if not host or not networks:
        return False
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def client_from(peer: str, forwarded_for: str, networks: Sequence[Network]) -> str:
    """The client a chain of trusted proxies reports; the peer itself if it is not trusted."""
    if not is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()][-MAX_HOPS:]
    client = peer
    for hop in reversed(hops):
        try:
            ip_address(hop)
        except ValueError:
            break  # garbage left of the trusted chain: keep the last hop that was sound
        client = hop
        if not is_trusted(hop, networks):
            break
    return client


class TrustedProxies(ASGIMiddleware):
    scopes = (ScopeType.HTTP, ScopeType.WEBSOCKET)

    def __init__(self, networks: Sequence[Network]) -> None:
        self.networks = list(networks)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        peer = scope.get("client")
        if self.networks and peer and is_trusted(peer[0], self.networks):
            forwarded = ",".join(
                v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"
            )
            if forwarded:
                scope["client"] = (client_from(peer[0], forwarded, self.networks), 0)
            proto = (
                next(
                    (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-proto"),
                    "",
                )
                .strip()
                .lower()
            )
            if proto in ("http", "https"):
                scope["scheme"] = proto
        await next_app(scope, receive, send)

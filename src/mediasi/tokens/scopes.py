"""What a token may do: read or write, feature by feature.

Every API route names its feature in ``opt["feature"]``; a token call to a route is let
through when the token holds ``<feature>:read`` for a safe method, ``<feature>:write`` for any
other. Write includes read: a client that changes cases must be able to see them. A route
without a feature is refused to every token (fail closed). Cookie calls are not affected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from mediasi.errors import Forbidden
from mediasi.i18n import Message, _

READ = "read"
WRITE = "write"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The features a token can be granted, in the order the form shows them; each label names
# what its routes do (``opt["feature"]``), so that a person choosing scopes knows what they
# grant. Mediation sessions and agreements are features of their own.
FEATURES: dict[str, Message] = {
    "cases": _(
        "Perkara: daftar, laporan, ubah data, pihak, tokoh, langkah, riwayat, tenggat, "
        "tindak lanjut, pesan, persetujuan korban, dokumen RJ, laporan problem solving, "
        "triase laporan warga"
    ),
    "statistics": _("Statistik dan laporan keadilan restoratif"),
    "agreements": _("Kesepakatan: draf, pembekuan, tanda tangan, kewajiban"),
    "sessions": _("Sesi mediasi"),
    "supervision": _("Meja pengawas: antrean tinjauan dan angka"),
    "audit": _("Jejak audit"),
    "handover": _("Serah terima desa"),
    "forum": _("Forum kemitraan (FKPM/BKPM): anggota, kegiatan, aspirasi"),
    # Only an admin's token acts here (a token acts with its owner's role); minting tokens
    # stays on the token pages.
    "admin": _("Administrasi: pengguna, wilayah, tokoh, alur kerja, notifikasi"),
}
ALL_SCOPES = tuple(f"{feature}:{level}" for feature in FEATURES for level in (READ, WRITE))
ADMIN_FEATURE = "admin"


def features_for(admin_owner: bool) -> dict[str, Message]:
    """The features a token of this owner can use: the admin routes only for an admin's."""
    return {k: v for k, v in FEATURES.items() if admin_owner or k != ADMIN_FEATURE}


def parse(stored: str) -> frozenset[str]:
    """The scopes of a stored token; a scope no longer known grants nothing."""
    return frozenset(s for s in stored.split() if s in ALL_SCOPES)


def allows(scopes: Iterable[str], feature: str | None, write: bool) -> bool:
    if feature is None:
        return False
    held = frozenset(scopes)
    return f"{feature}:{WRITE}" in held or (not write and f"{feature}:{READ}" in held)


@dataclass(frozen=True)
class TokenGrant:
    """What a bearer call carries as ``connection.auth``: which token, with which scopes."""

    token_id: UUID
    prefix: str
    scopes: frozenset[str]


def token_scope(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """A guard for the API routes: a token call needs the route's feature in its scopes."""
    grant = connection.scope.get("auth")
    if not isinstance(grant, TokenGrant):
        return
    feature = handler.opt.get("feature")
    write = connection.scope.get("method") not in SAFE_METHODS
    if not allows(grant.scopes, feature, write):
        needed = f"{feature}:{WRITE if write else READ}" if feature else "-"
        raise Forbidden(
            _(
                "Token ini tidak berwenang untuk permintaan ini (perlu cakupan %(scope)s).",
                scope=needed,
            )
        )

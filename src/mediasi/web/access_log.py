"""The access log without the personal data a URL may carry.

A case-list search by NIK or phone number puts it in the query string
(``GET /cases?q=3507…``), and uvicorn's access line would keep it in the server's logs, which
outlive the case and are read by people who may not see it (UU PDP No. 27/2022 Pasal 16
ayat (2): processing limited to its purpose). The search text and any long run of digits
elsewhere in the query are written as ``***``.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

#: Parameters whose value is what someone typed to find a person.
TYPED = frozenset({"q", "nik", "phone", "telepon"})
#: A NIK is 16 digits and an Indonesian mobile number 10–13; 8 are enough to tell a person.
LONG_DIGITS = re.compile(r"\d{8,}")
HIDDEN = "***"


def masked_path(path: str) -> str:
    """``/cases?q=3507…&page=2`` → ``/cases?q=***&page=2``."""
    base, sep, query = path.partition("?")
    if not sep:
        return LONG_DIGITS.sub(HIDDEN, base)
    pairs = [
        (name, HIDDEN if name in TYPED and value else LONG_DIGITS.sub(HIDDEN, value))
        for name, value in parse_qsl(query, keep_blank_values=True)
    ]
    return f"{LONG_DIGITS.sub(HIDDEN, base)}?{urlencode(pairs, safe='*')}"


class MaskedQuery(logging.Filter):
    """Rewrites the path of uvicorn's access record: (client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], masked_path(args[2]), *args[3:])
        return True


def access_log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the filter on its access handler; uvicorn
    applies it in every worker process it starts."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["masked_query"] = {"()": f"{__name__}.MaskedQuery"}
    config["handlers"]["access"]["filters"] = ["masked_query"]
    return config

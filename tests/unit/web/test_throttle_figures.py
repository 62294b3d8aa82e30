"""The login figures the README states are the ones the code uses (probe 10 of issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

from mediasi.accounts.throttle import address_delay
from mediasi.config import Settings

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def _default(variable: str) -> str:
    match = re.search(rf"^\| `{variable}` \| `([^`]*)` \|", README, re.MULTILINE)
    assert match, f"{variable} is not in the README's configuration table"
    return match.group(1)


def _section(title: str) -> str:
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#)", README, re.MULTILINE | re.DOTALL)
    assert match, title
    return " ".join(match.group(1).split())


def test_the_configuration_table_gives_the_settings_defaults() -> None:
    settings = Settings()
    for variable, value in {
        "MEDIASI_LOGIN_MAX_ATTEMPTS": settings.login_max_attempts,
        "MEDIASI_LOGIN_WINDOW_SECONDS": settings.login_window_seconds,
        "MEDIASI_LOGIN_ADDRESS_ACCOUNTS": settings.login_address_accounts,
        "MEDIASI_LOGIN_MAX_DELAY_SECONDS": settings.login_max_delay_seconds,
    }.items():
        assert int(_default(variable)) == value, variable
    assert settings.trusted_proxies == ""
    assert "empty" in README.split("`MEDIASI_TRUSTED_PROXIES` |", 1)[1].split("\n", 1)[0]


def test_the_prose_gives_the_limits_and_the_delays_the_code_applies() -> None:
    settings = Settings()
    text = _section("Logins that cannot lock out a unit")
    account = re.search(r"refused after (\d+) failed logins within (\d+) minutes", text)
    assert account, text
    assert int(account.group(1)) == settings.login_max_attempts
    assert int(account.group(2)) * 60 == settings.login_window_seconds
    accounts = re.search(r"failed against (\d+) different accounts", text)
    assert accounts, text
    assert int(accounts.group(1)) == settings.login_address_accounts
    delays = re.search(
        r"waits before the password is checked — ([\d, ]+), then (\d+) seconds", text
    )
    assert delays, text
    stated = [float(d) for d in delays.group(1).split(",")] + [float(delays.group(2))]
    threshold = settings.login_address_accounts
    applied = [address_delay(settings, threshold + n) for n in range(len(stated) + 3)]
    assert applied[: len(stated)] == stated
    assert set(applied[len(stated) :]) == {stated[-1]}  # and no longer than that
    assert f"at most {settings.login_max_delay_seconds}" in text
    assert [address_delay(settings, n) for n in range(threshold)] == [0.0] * threshold


def test_the_boundary_limits_in_the_readme_are_the_codes() -> None:
    from mediasi.web.boundary import MAX_FIELDS, MAX_JSON_DEPTH

    text = _section("Malformed requests and errors")
    assert f"at most {MAX_JSON_DEPTH} levels deep" in text
    assert f"at most {MAX_FIELDS} fields" in text

"""Settings, read from ``MEDIASI_*`` environment variables and passed to the app factory."""

from __future__ import annotations

import re
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

Network = IPv4Network | IPv6Network


def _default_root() -> Path:
    """The project root: where ``workflows/``, ``templates/`` and ``migrations/`` live."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "workflows").is_dir() and (parent / "migrations").is_dir():
            return parent
    return Path.cwd()


_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
# WIB, WITA, WIT.
TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


class ConfigError(ValueError):
    """A setting a person must correct before mediasi can start."""


_DRIVERS = {
    "sqlite": "sqlite+pysqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
}


def normalise_database_url(raw: str, root: Path) -> URL:
    """Turn a plain URL a user types into one with mediasi's drivers.

    ``sqlite:///var/mediasi.db`` is relative to the project root; ``postgresql://`` uses psycopg 3.
    """
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ConfigError(f"MEDIASI_DATABASE_URL is not a database URL: {raw!r}") from exc
    if url.drivername.split("+")[0] == "postgres":
        url = url.set(drivername="postgresql")
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"MEDIASI_DATABASE_URL uses {backend!r}; mediasi supports sqlite:/// and postgresql://"
        )
    drivername = _DRIVERS[url.drivername.split("+")[0]]
    url = url.set(drivername=drivername)
    if backend == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:"):
            raise ConfigError(
                "mediasi needs a SQLite file (e.g. sqlite:///var/mediasi.db), not :memory:"
            )
        path = Path(database)
        if not path.is_absolute():
            path = root / path
        url = url.set(database=str(path))
    return url


def parse_networks(raw: str) -> list[Network]:
    """``"127.0.0.1, 10.0.0.0/8"`` → networks; ValueError names a bad entry."""
    networks = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or network: {entry!r}") from None
    return networks


class Settings(BaseSettings):
    """Everything configurable; defaults give a working embedded SQLite setup."""

    model_config = SettingsConfigDict(env_prefix="MEDIASI_", extra="ignore")

    root_dir: Path = Field(default_factory=_default_root)
    database_url: str = "sqlite:///var/mediasi.db"
    secret_key: str = Field(default="dev-only-change-me-" + "0" * 24, min_length=32)
    debug: bool = False
    default_language: str = "id"
    # The languages offered, the catalogs in locale/ (Indonesian needs none): e.g. "id,en,jv".
    languages: Annotated[tuple[str, ...], NoDecode] = ("id", "en")
    # Where times are shown: WIB (Asia/Jakarta), WITA (Asia/Makassar) or WIT (Asia/Jayapura).
    timezone: str = "Asia/Jakarta"
    # The compiled catalogs (<lang>/LC_MESSAGES/messages.mo); default: locale/ in the root.
    locales: Path | None = None
    deadline_scanner: bool = True
    # Each node joins the workflow versions any node published (every 2 s, in the background).
    workflow_catalog_watch: bool = True
    # SQLite: ANALYZE at start and hourly (mediasi.db.statistics); PostgreSQL has autovacuum.
    planner_statistics: bool = True
    deadline_scan_seconds: int = Field(default=60, ge=5)
    login_max_attempts: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=900, ge=60)
    # Accounts with failed logins from one address within the window before that address is
    # slowed (never refused); the delay doubles per further account up to the maximum.
    login_address_accounts: int = Field(default=10, ge=1)
    login_max_delay_seconds: int = Field(default=30, ge=1, le=300)
    # The public door (/lapor, /lacak): a form sent sooner than this after it was shown is a
    # robot's; reports per sender address per hour and per phone per day; failed lookups of
    # a tracking code, per address and per code, within the window before lookups are refused.
    intake_min_fill_seconds: int = Field(default=3, ge=0, le=600)
    intake_per_address_hour: int = Field(default=5, ge=1)
    intake_per_phone_day: int = Field(default=3, ge=1)
    tracking_max_failures: int = Field(default=5, ge=1)
    tracking_window_seconds: int = Field(default=900, ge=60)
    # The JSON API's requests per minute, per token and per client address (every /api call
    # counts against its address; a token call also against its token). Counted in Redis
    # when MEDIASI_REDIS_URL is set (shared by every app node), else in each app process.
    api_rate_per_token: int = Field(default=120, ge=1)
    api_rate_per_address: int = Field(default=300, ge=1)
    # Reverse proxies whose X-Forwarded-For/-Proto are believed: addresses or networks,
    # comma-separated (e.g. "127.0.0.1, 10.0.0.0/8"); empty believes no forwarded header.
    trusted_proxies: str = ""
    https: bool = False
    # Keep web sessions in Redis instead of the database (e.g. redis://127.0.0.1:6379/0).
    redis_url: str | None = None
    # Where people reach this deployment; links in messages (a signing page) start with it.
    public_url: str = "http://127.0.0.1:8000"

    # ---- notifications (see README "Notifications") -----------------------------------
    # The channels this deployment sends on, in the order tried for a person without a
    # preference: whatsapp, sms, email, log. "log" sends nothing and only records.
    notify_channels: Annotated[tuple[str, ...], NoDecode] = ("log",)
    notify_dispatcher: bool = True
    notify_interval_seconds: float = Field(default=10, ge=0.05, le=3600)
    notify_batch: int = Field(default=50, ge=1, le=1000)
    notify_max_attempts: int = Field(default=6, ge=1, le=50)
    notify_backoff_seconds: float = Field(default=30, ge=0, le=86400)
    # A dispatcher that took a message and died: after this long another may take it again.
    notify_lease_seconds: int = Field(default=300, ge=1, le=86400)
    notify_timeout_seconds: float = Field(default=10, gt=0, le=120)
    # At most this many messages per recipient per hour; the rest wait, none is dropped.
    notify_per_hour: int = Field(default=10, ge=1, le=1000)
    # No message in these hours of the recipient's area time; they wait till the end.
    notify_quiet_start: int = Field(default=21, ge=0, le=23)
    notify_quiet_end: int = Field(default=6, ge=0, le=23)
    # Morning digests for officers and supervisors go out from this hour (area time).
    notify_digest_hour: int = Field(default=7, ge=0, le=23)
    whatsapp_api_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_token: str | None = None
    whatsapp_phone_id: str | None = None
    whatsapp_app_secret: str | None = None
    whatsapp_verify_token: str | None = None
    whatsapp_template_language: str = "id"
    # A generic HTTP SMS gateway: where, how, the parameter names, and what success looks like.
    sms_url: str | None = None
    sms_method: str = Field(default="POST", pattern="^(GET|POST)$")
    sms_encoding: str = Field(default="form", pattern="^(form|json)$")
    sms_to_param: str = "to"
    sms_text_param: str = "text"
    # Sent with every request, e.g. "apikey=SECRET&sender=POLSEK" (never shown or logged).
    sms_static_params: str = ""
    # Our message id goes in this parameter, where the gateway de-duplicates on it.
    sms_id_param: str | None = None
    # A response is a success if its status is 2xx and, when set, its body matches this.
    sms_success_pattern: str | None = None
    # Where the gateway's message id is in a JSON reply, as a dotted path (e.g. "data.id").
    sms_id_path: str | None = None
    # How the gateway wants the number: "digits" 6281234567890, "e164" +6281234567890,
    # "national" 081234567890.
    sms_number_format: str = Field(default="digits", pattern="^(digits|e164|national)$")
    # smtp://user:pass@host:587 (STARTTLS when offered, required with ?starttls=required),
    # smtps://user:pass@host:465 (TLS from the start).
    smtp_url: str | None = None
    smtp_from: str = "mediasi <noreply@localhost>"

    @field_validator("notify_channels", mode="before")
    @classmethod
    def _split_channels(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(name.strip() for name in value.split(",") if name.strip())
        return value

    @model_validator(mode="after")
    def _channels_configured(self) -> Settings:
        needs = {
            "whatsapp": ("whatsapp_token", "whatsapp_phone_id"),
            "sms": ("sms_url",),
            "email": ("smtp_url",),
            "log": (),
        }
        if not self.notify_channels:
            raise ValueError("notify_channels must name at least one channel, e.g. 'log'")
        for name in self.notify_channels:
            if name not in needs:
                raise ValueError(f"notify_channels: unknown channel {name!r} ({', '.join(needs)})")
            missing = [f"MEDIASI_{key.upper()}" for key in needs[name] if not getattr(self, key)]
            if missing:
                raise ValueError(f"channel {name!r} needs {', '.join(missing)}")
        return self

    @field_validator("sms_success_pattern")
    @classmethod
    def _valid_pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(
                    f"sms_success_pattern is not a regular expression: {exc}"
                ) from None
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(code.strip() for code in value.split(",") if code.strip())
        return value

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("languages must name at least one language, e.g. 'id,en'")
        for code in value:
            if not _LANGUAGE_CODE.match(code):
                raise ValueError(f"{code!r} is not a language code (e.g. id, en, jv)")
        return tuple(dict.fromkeys(value))

    @field_validator("timezone")
    @classmethod
    def _indonesian_zone(cls, value: str) -> str:
        if value not in TIMEZONES:
            raise ValueError("timezone must be one of " + ", ".join(TIMEZONES))
        return value

    @model_validator(mode="after")
    def _known_language(self) -> Settings:
        if self.default_language not in self.languages:
            raise ValueError(
                f"default_language must be one of the languages ({', '.join(self.languages)})"
            )
        return self

    @property
    def locale_dir(self) -> Path:
        return self.locales or self.root_dir / "locale"

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str) -> str:
        parse_networks(value)
        return value

    @property
    def trusted_proxy_networks(self) -> list[Network]:
        return parse_networks(self.trusted_proxies)

    @property
    def workflows_dir(self) -> Path:
        return self.root_dir / "workflows"

    @property
    def templates_dir(self) -> Path:
        return self.root_dir / "templates"

    @property
    def migrations_dir(self) -> Path:
        return self.root_dir / "migrations"

    @property
    def static_dir(self) -> Path:
        return Path(__file__).resolve().parent / "static"

    @property
    def sqlalchemy_url(self) -> URL:
        return normalise_database_url(self.database_url, self.root_dir)

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.get_backend_name() == "sqlite"

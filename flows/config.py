"""Load sources.toml into one typed, validated object, once, at the edge."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cleaners.records import SiteRules
from flows.errors import ConfigError

CRON_FIELDS = 5  # minute hour day-of-month month day-of-week
SOURCE_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # names a folder of clean/: no dot or /
SELECTOR_NAMES = frozenset({"title", "body", "date", "source", "author", "editor"})


def is_site_key(value: str) -> bool:
    """Tell whether a value may be a site key, which names a folder under clean/."""
    return SOURCE_KEY.fullmatch(value) is not None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Politeness(_Strict):
    """Settings that govern how hard one source is fetched; each may be overridden per source."""

    user_agent: str = "portal-corpus/0.1 (+https://example.org/contact)"
    delay_s: float = Field(1.0, ge=0)  # minimum gap between requests to one host
    concurrency: int = Field(16, ge=1, le=512)  # requests in flight overall
    timeout_s: float = Field(20.0, gt=0)  # per request, covering slow trickling bodies
    max_bytes: int = Field(10_000_000, gt=0)  # body cap, decompressed
    obey_robots: bool = True
    timezone: str = "Asia/Shanghai"
    max_attempts: int = Field(4, ge=1, le=10)  # per URL per run
    retry_after_max_s: float = Field(120.0, ge=0)  # a longer Retry-After gives up for this run
    max_redirects: int = Field(10, ge=0, le=50)
    attachments: bool = False  # fetch the files articles link to (PDF, DOCX …) and read them
    max_attachment_bytes: int = Field(20_000_000, gt=0)  # body cap of one attachment
    allow_private: bool = False  # fetch loopback and private addresses: intranet portals only

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class Source(_Strict):
    """One portal: where to start, which links are articles, when to crawl, site rules."""

    key: str
    name: str | None = None
    start: tuple[str, ...]
    article: str | None = None
    schedule: str | None = None
    selectors: dict[str, str] = Field(default_factory=dict)
    drop_lines: tuple[str, ...] = ()
    day_first: bool | None = None
    max_pages: int = Field(5, ge=1)  # listing pages followed per start URL on a crawl
    allowed_hosts: tuple[str, ...] = ()  # extra hosts beside those of `start`, "host[:port]"
    # the scope when given ("news.example.cn", "*.example.cn"); else the start hosts' sites
    hosts: tuple[str, ...] = ()
    # per-source overrides of [defaults]
    user_agent: str | None = None
    delay_s: float | None = Field(None, ge=0)
    concurrency: int | None = Field(None, ge=1, le=512)
    timeout_s: float | None = Field(None, gt=0)
    max_bytes: int | None = Field(None, gt=0)
    obey_robots: bool | None = None
    timezone: str | None = None
    attachments: bool | None = None
    max_attachment_bytes: int | None = Field(None, gt=0)
    allow_private: bool | None = None

    @field_validator("key")
    @classmethod
    def _key_shape(cls, value: str) -> str:
        if not is_site_key(value):
            raise ValueError("must be lowercase letters, digits, '-' or '_'")
        return value

    @field_validator("start")
    @classmethod
    def _urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("needs at least one URL")
        for url in value:
            if not re.match(r"^https?://[^/\s]+", url):
                raise ValueError(f"not an http(s) URL: {url!r}")
            if urlsplit(url).username is not None:  # it would be sent, and stored in records
                raise ValueError(f"a URL with a user or password: {url!r}")
        return value

    @field_validator("allowed_hosts", "hosts")
    @classmethod
    def _host_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            try:
                named = urlsplit("//" + entry.strip())
                named.port  # noqa: B018 - reading it checks it: a number in 0-65535
            except ValueError as exc:
                raise ValueError(f"not a host or host:port: {entry!r}") from exc
            if not named.hostname or named.path or named.query or named.username:
                raise ValueError(f"not a host or host:port: {entry!r}")
        return value

    @field_validator("article")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"bad regex: {exc}") from exc
        return value

    @field_validator("drop_lines")
    @classmethod
    def _regexes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) != CRON_FIELDS:
            raise ValueError(f"not a 5-field cron expression: {value!r}")
        return value

    @field_validator("selectors")
    @classmethod
    def _selector_names(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - SELECTOR_NAMES
        if unknown:
            raise ValueError(f"unknown selector {sorted(unknown)[0]!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else Politeness._known_zone(value)

    def politeness(self, defaults: Politeness) -> Politeness:
        """Return the defaults with this source's overrides applied."""
        overrides = {
            name: getattr(self, name)
            for name in Politeness.model_fields
            if name in Source.model_fields and getattr(self, name) is not None
        }
        return defaults.model_copy(update=overrides)

    def rules(self, defaults: Politeness) -> SiteRules:
        """Return the pure cleaning rules of this source."""
        return SiteRules(
            site=self.key,
            name=self.name,
            timezone=self.timezone or defaults.timezone,
            selectors=dict(self.selectors),
            drop_lines=self.drop_lines,
            day_first=self.day_first,
        )


class Config(_Strict):
    """The whole sources file."""

    defaults: Politeness = Field(default_factory=Politeness)
    source: tuple[Source, ...] = ()

    def get(self, key: str) -> Source:
        """Return the source called `key`, or raise ConfigError."""
        for source in self.source:
            if source.key == key:
                return source
        known = ", ".join(s.key for s in self.source) or "none"
        raise ConfigError(f"no source {key!r} in the config (known: {known})")


def load_config(path: Path) -> Config:
    """Read and validate a sources file; every problem is one ConfigError line."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such config file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(data, origin=str(path))


def parse_config(data: dict[str, Any], origin: str = "config") -> Config:
    """Validate already-parsed TOML data."""
    try:
        config = Config.model_validate(_tomlish(data))
    except ValidationError as exc:
        raise ConfigError(f"{origin}: {_first_problem(exc, data)}") from exc
    keys = [s.key for s in config.source]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        raise ConfigError(f"{origin}: source {duplicated[0]!r} is defined twice")
    return config


def _tomlish(data: dict[str, Any]) -> dict[str, Any]:
    """Turn TOML arrays into tuples and ints into floats where strict models want them."""
    out = dict(data)
    float_keys = {"delay_s", "timeout_s", "retry_after_max_s"}

    def fix(table: dict[str, Any]) -> dict[str, Any]:
        fixed: dict[str, Any] = {}
        for key, value in table.items():
            if key in float_keys and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if isinstance(value, list) and key != "source":
                value = tuple(value)
            fixed[key] = value
        return fixed

    if isinstance(out.get("defaults"), dict):
        out["defaults"] = fix(out["defaults"])
    if isinstance(out.get("source"), list):
        out["source"] = tuple(fix(s) if isinstance(s, dict) else s for s in out["source"])
    return out


def _first_problem(exc: ValidationError, data: dict[str, Any]) -> str:
    """Name the source and key of the first validation error, in one line (a misspelt key
    first: it explains the "field required" that comes with it)."""
    errors = exc.errors()
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = list(error["loc"])
    where = ".".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == "source" and isinstance(loc[1], int):
        sources = data.get("source") or []
        entry = sources[loc[1]] if loc[1] < len(sources) else {}
        key = entry.get("key", f"#{loc[1] + 1}") if isinstance(entry, dict) else f"#{loc[1] + 1}"
        field_name = ".".join(str(p) for p in loc[2:]) or "(table)"
        where = f"source {key!r}, key {field_name!r}"
    elif loc:
        where = f"key {where!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key" + _nearest_key(loc)
    return f"{where}: {message}"


def _nearest_key(loc: list[int | str]) -> str:
    """Return ": did you mean 'x'?" naming the valid key nearest a misspelt one, or ""."""
    table: type[BaseModel] = Config
    if loc[0] == "source" and len(loc) == 3:
        table = Source
    elif loc[0] == "defaults" and len(loc) == 2:
        table = Politeness
    near = difflib.get_close_matches(str(loc[-1]), list(table.model_fields), n=1)
    return f": did you mean {near[0]!r}?" if near else ""

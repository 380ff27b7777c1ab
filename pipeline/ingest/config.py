"""The ingest config: portals with feeds and sitemaps, fetch limits, pass interval (TOML).

A config file overrides only the keys it sets; every other value is the default below.
An unknown key, a value of the wrong type, a pattern that does not compile, a URL that is
not http(s) or a portal without sources is an error naming the file and the key.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

from pipeline import __version__
from pipeline.core.budget import TimedPattern, timed
from pipeline.core.errors import E001, E030, E031, E032, E033, E034, E080, ConfigError
from pipeline.core.settings import Settings
from pipeline.ingest.urls import authority
from pipeline.registry.places import fold, places

# Binary documents and media that portals link from their feeds; never article pages.
DEFAULT_EXCLUDE = (r"(?i)\.(?:pdf|docx?|xlsx?|pptx?|odt|rtf|zip|rar|7z|jpe?g|png|gif|webp|mp3|mp4|avi)(?:[?#]|$)",)


@dataclass(frozen=True)
class FetchSettings:
    """How pages are fetched: identity, time limits, retries, politeness and size limits."""

    user_agent: str = f"vnfacts/{__version__} (research crawler; +https://vnfacts.example/crawler)"
    timeout: float = 20.0        # seconds for connect, read and write, each
    retries: int = 3             # further tries after a 5xx, 429, 408, timeout or network error
    backoff: float = 2.0         # seconds before the first retry; doubles each time
    delay: float = 2.0           # seconds between two requests to one host (robots.txt may ask more)
    max_bytes: int = 5_000_000   # larger bodies are refused
    max_redirects: int = 5
    robots: bool = True          # obey robots.txt
    deadline: float = 60.0       # seconds for one request: connect, headers and the whole body
    max_crawl_delay: float = 60.0   # a longer robots.txt Crawl-delay is cut to this
    max_retry_after: float = 3600.0  # a longer Retry-After (429, 503) is cut to this


@dataclass(frozen=True)
class Portal:
    """One news portal: its feed and sitemap URLs, extra hosts, and URL patterns."""

    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()       # hosts besides those of the feeds and sitemaps
    include: tuple[str, ...] = ()     # when given, an article URL must match one of them
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE  # the config's top-level list, then the portal's own
    province: str | None = None       # the province a provincial portal reports on, as spelled in its records

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """The hosts (with the port when not the default) this portal's pages may be fetched from."""
        named = {authority(u) for u in self.feeds + self.sitemaps}
        return frozenset(h.lower() for h in named | set(self.hosts) if h)

    @functools.cached_property
    def _compiled(self) -> tuple[list[TimedPattern], list[TimedPattern]]:
        return [timed(p) for p in self.include], [timed(p) for p in self.exclude]

    def wants(self, url: str) -> bool:
        """Whether the include/exclude patterns let this article URL through."""
        include, exclude = self._compiled
        if include and not any(p.search(url) for p in include):
            return False
        return not any(p.search(url) for p in exclude)


@dataclass(frozen=True)
class IngestConfig:
    """Everything an ingest run needs to know besides its state and output paths."""

    portals: tuple[Portal, ...] = ()
    fetch: FetchSettings = FetchSettings()
    extract: Settings = Settings()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    interval: float = 900.0       # seconds between the starts of two passes without --once
    sitemap_depth: int = 2        # how deep sitemap indexes are followed
    publish_every: int = 20       # records between two publications of the daily files
    revisit_budget: int = 50      # known articles fetched again per pass to notice silent edits
    # seconds before a known article is fetched again: after the 1st, 2nd, ... unchanged revisit (the last repeats)
    revisit_after: tuple[float, ...] = (3600.0, 86400.0, 604800.0, 2592000.0)
    # seconds before a URL that failed 1, 2, ... times in a row is tried again (the last repeats)
    retry_after: tuple[float, ...] = (3600.0, 21600.0, 86400.0, 259200.0, 604800.0)
    state: str = "ingest.sqlite"
    out: str = "out/ingest"

    @property
    def hosts(self) -> frozenset[str]:
        """Every host some portal names."""
        return frozenset().union(*(p.allowed_hosts for p in self.portals))


_TOP = {"interval": (float, int), "sitemap_depth": int, "publish_every": int, "revisit_budget": int,
        "revisit_after": list, "retry_after": list, "state": str, "out": str,
        "exclude": list, "fetch": dict, "extract": dict, "portals": dict}
_SCHEDULES = ("revisit_after", "retry_after")
DAY = 86400.0
# The range each number may take, and what the message says; a value outside is E080.
_RANGES: dict[str, tuple[float, float, str]] = {
    "fetch.timeout": (0.0, 600.0, "a number of seconds above 0 and at most 600"),
    "fetch.retries": (0, 10, "an integer from 0 to 10"),
    "fetch.backoff": (0.0, 600.0, "a number of seconds from 0 to 600"),
    "fetch.delay": (0.0, 3600.0, "a number of seconds from 0 to 3600"),
    "fetch.max_bytes": (1, 1_000_000_000, "an integer from 1 to 1000000000"),
    "fetch.max_redirects": (0, 30, "an integer from 0 to 30"),
    "fetch.deadline": (0.0, 3600.0, "a number of seconds above 0 and at most 3600"),
    "fetch.max_crawl_delay": (0.0, 3600.0, "a number of seconds from 0 to 3600"),
    "fetch.max_retry_after": (0.0, 7 * DAY, "a number of seconds from 0 to 604800"),
    "interval": (0.0, 7 * DAY, "a number of seconds from 0 to 604800"),
    "sitemap_depth": (0, 10, "an integer from 0 to 10"),
    "publish_every": (1, 1_000_000, "an integer from 1 to 1000000"),
    "revisit_budget": (0, 1_000_000, "an integer from 0 to 1000000"),
}
# Bounds that exclude their lower end (a zero timeout would fail every fetch).
_ABOVE = frozenset({"fetch.timeout", "fetch.deadline"})
_PORTAL = {"feeds": list, "sitemaps": list, "hosts": list, "include": list, "exclude": list, "province": str}
_KIND = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
         list: "a list of strings", dict: "a table"}


def _check(path: str, where: str, table: dict[str, Any], schema: dict[str, Any]) -> None:
    for key, value in table.items():
        if key not in schema:
            raise ConfigError(E001.format(path=path, key=key, where=where or "the top level",
                                          allowed=", ".join(sorted(schema))))
        kinds = schema[key] if isinstance(schema[key], tuple) else (schema[key],)
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if ok and list in kinds:
            ok = all(isinstance(v, str) for v in value) or key in _SCHEDULES
        if not ok:
            raise ConfigError(E031.format(path=path, where=f"{where}.{key}" if where else key, kind=_KIND[kinds[0]]))


def _values(path: str, where: str, table: dict[str, Any]) -> None:
    """Check every number against its range and every string for emptiness (E080)."""
    for key, value in table.items():
        name = f"{where}.{key}" if where else key
        if name in _RANGES and not isinstance(value, bool) and isinstance(value, (int, float)):
            low, high, rule = _RANGES[name]
            inside = math.isfinite(value) and low <= value <= high and not (name in _ABOVE and value == low)
            if not inside:
                raise ConfigError(E080.format(path=path, key=name, rule=rule, value=value))
        elif isinstance(value, str) and key in ("user_agent", "state", "out") and (
                not value.strip() or any(ord(c) < 32 for c in value)):
            raise ConfigError(E080.format(path=path, key=name, rule="a non-empty string on one line", value=value))
        elif key in _SCHEDULES and not where:
            rule = "a non-empty list of at most 20 numbers of seconds from 60 to 31536000, in rising order"
            ok = isinstance(value, list) and 0 < len(value) <= 20 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and 60 <= v <= 365 * DAY
                for v in value) and value == sorted(value)
            if not ok:
                raise ConfigError(E080.format(path=path, key=name, rule=rule, value=value))


def _schema_of(cls: type) -> dict[str, Any]:
    types = {"str": str, "int": int, "float": (float, int), "bool": bool}
    return {f.name: types[str(f.type)] for f in fields(cls) if not f.name.startswith("_")}


def _patterns(path: str, where: str, patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        try:
            timed(pattern)
        except regex.error as exc:
            raise ConfigError(E032.format(path=path, pattern=pattern, where=where, error=exc)) from None


def _urls(path: str, urls: tuple[str, ...]) -> None:
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"{path}: " + E034.format(url=url))


def _province(path: str, where: str, name: str | None) -> str | None:
    """The province a portal's ``province`` names, in its standard spelling (E080 when it names none)."""
    if name is None:
        return None
    known = places()
    province = known.provinces.get(fold(name)) or known.named_province(name)
    if province is None:
        raise ConfigError(E080.format(path=path, key=f"{where}.province", rule="the name of a province or "
                                      "centrally-run city (Hà Tĩnh, Thành phố Hồ Chí Minh)", value=name))
    return province


def make_portal(path: str, name: str, table: dict[str, Any], exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Portal:
    """Return a validated portal from its config table (``path`` names the file in errors)."""
    where = f"portals.{name}"
    _check(path, where, table, _PORTAL)
    values: dict[str, Any] = {k: tuple(v) for k, v in table.items() if k != "province"}
    values["exclude"] = exclude + values.get("exclude", ())
    portal = Portal(name=name, province=_province(path, where, table.get("province")), **values)
    if not portal.feeds and not portal.sitemaps:
        raise ConfigError(E033.format(path=path, name=name))
    _urls(path, portal.feeds + portal.sitemaps)
    _patterns(path, f"{where}.include", portal.include)
    _patterns(path, f"{where}.exclude", portal.exclude)
    return portal


def parse_config(data: dict[str, Any], path: str = "<config>") -> IngestConfig:
    """Return the config a parsed TOML document describes, over the defaults."""
    _check(path, "", data, _TOP)
    _values(path, "", data)
    fetch_table = data.get("fetch", {})
    _check(path, "fetch", fetch_table, _schema_of(FetchSettings))
    _values(path, "fetch", fetch_table)
    extract_table = data.get("extract", {})
    _check(path, "extract", extract_table, _schema_of(Settings))
    top = {k: v for k, v in data.items() if k not in ("fetch", "extract", "portals")}
    if "exclude" in top:
        top["exclude"] = tuple(top["exclude"])
        _patterns(path, "exclude", top["exclude"])
    exclude = top.get("exclude", DEFAULT_EXCLUDE)
    portals = []
    for name, table in data.get("portals", {}).items():
        if not isinstance(table, dict):
            raise ConfigError(E031.format(path=path, where=f"portals.{name}", kind="a table"))
        portals.append(make_portal(path, name, table, exclude))
    if "interval" in top:
        top["interval"] = float(top["interval"])
    for key in _SCHEDULES:
        if key in top:
            top[key] = tuple(float(v) for v in top[key])
    return IngestConfig(portals=tuple(portals), fetch=replace(FetchSettings(), **fetch_table),
                        extract=replace(Settings(), **extract_table), **top)


def load_config(path: str | Path | None, feeds: Sequence[str] = (), sitemaps: Sequence[str] = ()) -> IngestConfig:
    """Return the config of a TOML file (or the defaults), plus a portal ``cli`` for URLs given directly."""
    config = IngestConfig()
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(E030.format(path=path, error=exc)) from None
        config = parse_config(data, str(path))
    if feeds or sitemaps:
        extra = make_portal("--feed/--sitemap", "cli", {"feeds": list(feeds), "sitemaps": list(sitemaps)},
                            config.exclude)
        config = replace(config, portals=config.portals + (extra,))
    return config

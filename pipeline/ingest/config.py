"""The ingest config: portals with feeds and sitemaps, fetch limits, pass interval (TOML).

A config file overrides only the keys it sets; every other value is the default below.
An unknown key, a value of the wrong type, a pattern that does not compile, a URL that is
not http(s) or a portal without sources is an error naming the file and the key.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

from pipeline import __version__
from pipeline.core.budget import TimedPattern, timed
from pipeline.core.errors import E001, E030, E031, E032, E033, E034, ConfigError
from pipeline.core.settings import Settings
from pipeline.ingest.urls import authority

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
    state: str = "ingest.sqlite"
    out: str = "out/ingest"

    @property
    def hosts(self) -> frozenset[str]:
        """Every host some portal names."""
        return frozenset().union(*(p.allowed_hosts for p in self.portals))


_TOP = {"interval": (float, int), "sitemap_depth": int, "publish_every": int, "state": str, "out": str,
        "exclude": list, "fetch": dict, "extract": dict, "portals": dict}
_PORTAL = {"feeds": list, "sitemaps": list, "hosts": list, "include": list, "exclude": list}
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
            ok = all(isinstance(v, str) for v in value)
        if not ok:
            raise ConfigError(E031.format(path=path, where=f"{where}.{key}" if where else key, kind=_KIND[kinds[0]]))


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


def make_portal(path: str, name: str, table: dict[str, Any], exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Portal:
    """Return a validated portal from its config table (``path`` names the file in errors)."""
    where = f"portals.{name}"
    _check(path, where, table, _PORTAL)
    values = {k: tuple(v) for k, v in table.items()}
    values["exclude"] = exclude + values.get("exclude", ())
    portal = Portal(name=name, **values)
    if not portal.feeds and not portal.sitemaps:
        raise ConfigError(E033.format(path=path, name=name))
    _urls(path, portal.feeds + portal.sitemaps)
    _patterns(path, f"{where}.include", portal.include)
    _patterns(path, f"{where}.exclude", portal.exclude)
    return portal


def parse_config(data: dict[str, Any], path: str = "<config>") -> IngestConfig:
    """Return the config a parsed TOML document describes, over the defaults."""
    _check(path, "", data, _TOP)
    fetch_table = data.get("fetch", {})
    _check(path, "fetch", fetch_table, _schema_of(FetchSettings))
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

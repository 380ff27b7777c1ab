"""URLs: one canonical form per article, the record id derived from it, and the host rule."""

from __future__ import annotations

import hashlib
from urllib.parse import urljoin, urlsplit, urlunsplit

from pipeline.core.errors import E034, E035

DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical(url: str, base: str | None = None) -> str:
    """Return the URL resolved against ``base``, scheme and host lower-cased, default port and fragment dropped.

    The path and query are kept as written: portals tell articles apart by them. URLs of other
    schemes come back as given (they are never fetched).
    """
    url = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return url
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or ("/" if netloc else ""), parts.query, ""))


def record_id(url: str) -> str:
    """Return the record id of an ingested article: ``web-`` and 16 hex digits of the SHA-256 of its canonical URL.

    The id depends on the URL alone, so every version of an article shares it.
    """
    return "web-" + hashlib.sha256(canonical(url).encode("utf-8")).hexdigest()[:16]


def authority(url: str) -> str:
    """Return the host of an http(s) URL in lower case, with its port when that is not the scheme's default.

    This is the form of the allow-list: ``sonkhe.example`` allows ports 80 (http) and 443 (https)
    only; another port must be named, as in ``sonkhe.example:8080``.
    """
    return urlsplit(canonical(url)).netloc


def refusal(url: str, hosts: frozenset[str]) -> str | None:
    """Return why this URL may not be fetched (not http/https, or a host and port not named), or None."""
    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:   # not a number, or past 65535
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        return E034.format(url=url)
    if authority(url) not in hosts:
        return E035.format(url=url, host=authority(url))
    return None

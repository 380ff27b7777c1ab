"""Canonical URLs, record ids, and which URLs may be fetched."""

from __future__ import annotations

import pytest

from pipeline.ingest.urls import canonical, record_id, refusal


@pytest.mark.parametrize("url, base, expected", [
    ("HTTP://SonKhe.Example:80/Tin-Tuc/a.html#binh-luan", None, "http://sonkhe.example/Tin-Tuc/a.html"),
    ("https://sonkhe.example:443/a?id=1&b=2", None, "https://sonkhe.example/a?id=1&b=2"),
    ("https://sonkhe.example:8443", None, "https://sonkhe.example:8443/"),
    ("/tin-tuc/b.html", "https://sonkhe.example/rss/x.rss", "https://sonkhe.example/tin-tuc/b.html"),
    ("  c.html ", "https://sonkhe.example/tin-tuc/", "https://sonkhe.example/tin-tuc/c.html"),
    ("file:///etc/hostname", None, "file:///etc/hostname"),
])
def test_canonical(url, base, expected):
    assert canonical(url, base) == expected


def test_record_id_depends_on_the_canonical_url_only():
    assert record_id("https://sonkhe.example/a.html") == "web-" + __import__("hashlib").sha256(
        b"https://sonkhe.example/a.html").hexdigest()[:16]
    assert record_id("HTTPS://SONKHE.EXAMPLE:443/a.html#x") == record_id("https://sonkhe.example/a.html")
    assert record_id("https://sonkhe.example/A.html") != record_id("https://sonkhe.example/a.html")


@pytest.mark.parametrize("url, expected", [
    ("https://sonkhe.example/a", None),
    ("http://SONKHE.example/a", None),
    ("https://other.example/a", "E035 https://other.example/a: host 'other.example' is not named in the config; not fetched"),
    ("mailto:ubnd@sonkhe.example", "E034 mailto:ubnd@sonkhe.example: only http and https URLs are fetched"),
    ("javascript:void(0)", "E034 javascript:void(0): only http and https URLs are fetched"),
])
def test_refusal(url, expected):
    assert refusal(url, frozenset({"sonkhe.example"})) == expected

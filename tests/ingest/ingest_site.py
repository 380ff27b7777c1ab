"""A fixture portal served from 127.0.0.1: feeds, sitemaps and article pages written by us.

``Site`` maps paths to ``Page``s that tests may change between passes (fix a 500, edit an
article), answers conditional GETs, and logs every request so tests can assert what was
(and was not) fetched. ``localhost`` on the same port stands for a host the config does not name.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.ingest.config import FetchSettings, IngestConfig, make_portal

SITE_DIR = Path(__file__).parent / "site"
ARTICLES = {
    "chi-thi-08": {"title": "Huyện ủy Sơn Khê triển khai Chỉ thị số 08-CT/HU",
                   "author": "Minh Anh - Trung tâm Văn hóa - Truyền thông",
                   "published": "2026-10-14T09:30:00+07:00", "shown_date": "14/10/2026 09:30"},
    "ke-hoach-45": {"title": "Kế hoạch chuyển đổi số trong cơ quan hành chính nhà nước năm 2027",
                    "author": "Thu Hà", "published": "2026-11-06T08:00:00+07:00", "shown_date": "06/11/2026 08:00"},
}
# Small limits keep the suite fast: a timeout costs two tries of 0.2 s.
FAST = FetchSettings(user_agent="vnfacts-test/0.1 (+https://vnfacts.example/crawler)", timeout=0.2, retries=1,
                     backoff=0.01, delay=0.0, max_bytes=200_000, max_redirects=3)


@dataclass
class Page:
    """One resource of the fixture site."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None
    delay: float = 0.0                 # seconds before answering
    chunked: bool = False              # no Content-Length: the body ends when the connection closes
    validators: bool = False           # send ETag/Last-Modified and answer conditional GETs with 304
    last_modified: str = field(default_factory=lambda: email.utils.formatdate(1790000000, usegmt=True))

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:12] + '"'


def article_html(slug: str, body_file: str | None = None) -> bytes:
    """Return an article page: the portal's chrome around an article body file."""
    meta = ARTICLES[slug]
    body = (SITE_DIR / (body_file or f"{slug}.body.html")).read_text(encoding="utf-8")
    page = (SITE_DIR / "_chrome_top.html").read_text(encoding="utf-8") + body + \
        (SITE_DIR / "_chrome_bottom.html").read_text(encoding="utf-8")
    for key, value in meta.items():
        page = page.replace("{" + key + "}", value)
    return page.encode("utf-8")


class Site:
    """The pages of the fixture portal, and the log of requests it answered."""

    def __init__(self, base: str, other: str):
        self.base, self.other = base, other
        self.pages: dict[str, Page] = {}
        self.log: list[tuple[str, int, dict[str, str]]] = []
        self.values = {"base": base, "other": other, "sitemap_lastmod": "2026-11-06T08:00:00+07:00",
                       "chi_thi_lastmod": "2026-10-14T09:30:00+07:00"}

    def template(self, name: str) -> bytes:
        text = (SITE_DIR / name).read_text(encoding="utf-8")
        for key, value in self.values.items():
            text = text.replace("{" + key + "}", value)
        return text.encode("utf-8")

    def build(self) -> None:
        """(Re)build the standard portal from the files in ``site/``."""
        xml = "application/xml; charset=utf-8"
        self.pages.update({
            "/robots.txt": Page(b"User-agent: *\nDisallow: /noi-bo/\n", content_type="text/plain"),
            "/rss/tin-hoat-dong.rss": Page(self.template("tin-hoat-dong.rss"), content_type="application/rss+xml",
                                           validators=True),
            "/sitemap.xml": Page(self.template("sitemap.xml"), content_type=xml, validators=True),
            "/sitemap-tin-tuc.xml": Page(self.template("sitemap-tin-tuc.xml"), content_type=xml, validators=True),
            "/tin-tuc/chi-thi-08.html": Page(article_html("chi-thi-08"), validators=True),
            "/tin-tuc/ke-hoach-45.aspx": Page(status=301, location="/tin-tuc/ke-hoach-45.html"),
            "/tin-tuc/ke-hoach-45.html": Page(article_html("ke-hoach-45"), validators=True),
            "/tin-tuc/giao-ban-dan-van.html": Page(b"<h1>500 Internal Server Error</h1>", status=500),
            "/tin-tuc/tong-ket-thi-dua.html": Page(b"<p>cham</p>", delay=0.5),
            "/tin-tuc/lich-tiep-cong-dan.html": Page(status=302, location="/tin-tuc/lich-tiep-cong-dan-2.html"),
            "/tin-tuc/lich-tiep-cong-dan-2.html": Page(status=302, location=f"{self.base}/tin-tuc/lich-tiep-cong-dan.html"),
            "/van-ban/tai-ve?id=17": Page(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                                          content_type="application/pdf"),
            "/tin-tuc/toan-van-nghi-quyet.html": Page(b"<html><body>" + b"<p>Ngh\xe1\xbb\x8b quy\xe1\xba\xbft.</p>" * 20000
                                                      + b"</body></html>", chunked=True),
            "/noi-bo/thong-bao-noi-bo.html": Page(article_html("chi-thi-08")),
        })

    def requested(self, path: str) -> list[int]:
        """Return the statuses the site answered for ``path``, in order."""
        return [status for p, status, _ in self.log if p == path]


def _send(handler: BaseHTTPRequestHandler, page: Page, validated: Page | None) -> None:
    """Write the page's status, headers and body (validators when it has them)."""
    handler.send_response(page.status)
    handler.send_header("Content-Type", page.content_type)
    if page.location:
        handler.send_header("Location", page.location)
    if validated is not None:
        handler.send_header("ETag", validated.etag)
        handler.send_header("Last-Modified", validated.last_modified)
    if page.chunked:
        handler.send_header("Connection", "close")
        handler.close_connection = True
    elif page.status != 304:
        handler.send_header("Content-Length", str(len(page.body)))
    handler.end_headers()
    if page.status != 304:
        handler.wfile.write(page.body)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            host = (self.headers.get("Host") or "").split(":")[0]
            key = self.path if host == "127.0.0.1" else f"//{host}{self.path}"
            page = site.pages.get(key)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if page is None:
                return self._answer(key, headers, Page(b"not found", status=404))
            if page.delay:
                time.sleep(page.delay)
            # RFC 9110: If-None-Match, when sent, decides alone
            fresh = (headers["if-none-match"] == page.etag if "if-none-match" in headers
                     else headers.get("if-modified-since") == page.last_modified)
            if page.validators and fresh:
                return self._answer(key, headers, Page(status=304), page)
            return self._answer(key, headers, page, page if page.validators else None)

        def _answer(self, key: str, headers: dict[str, str], page: Page, validated: Page | None = None) -> None:
            site.log.append((key, page.status, headers))
            try:
                _send(self, page, validated)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (a timeout test) resets its connection; that is expected


@pytest.fixture
def site():
    """The fixture portal on 127.0.0.1 (a free port), built and serving; stopped after the test."""
    server = _Server(("127.0.0.1", 0), None)
    port = server.server_address[1]
    portal = Site(f"http://127.0.0.1:{port}", f"http://localhost:{port}")
    server.RequestHandlerClass = _handler(portal)
    portal.build()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield portal
    server.shutdown()
    server.server_close()


def portal_config(site: Site, **overrides: object) -> IngestConfig:
    """The ingest config of the fixture portal, with the fast fetch settings."""
    portal = make_portal("test", "sonkhe", {
        "feeds": [f"{site.base}/rss/tin-hoat-dong.rss"], "sitemaps": [f"{site.base}/sitemap.xml"],
        "include": ["/tin-tuc/", "/noi-bo/", "/van-ban/", "/upload/"]})
    values = {"portals": (portal,), "fetch": FAST, "publish_every": 2}
    values.update(overrides)
    return IngestConfig(**values)

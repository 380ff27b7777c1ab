"""SIGTERM ends a pass at once: the article in hand is marked failed, the outbox published, the lock released."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ingest_site import article_html, portal_config

from pipeline.ingest import run as run_module
from pipeline.ingest.run import Stop, run_pass
from pipeline.ingest.state import State, exclusive

FEED = """<rss version="2.0"><channel><title>Tin</title>
<item><title>a</title><link>{base}/tin-tuc/a-nhanh.html</link></item>
<item><title>b</title><link>{base}/tin-tuc/b-cham.html</link></item></channel></rss>"""


class SlowSite(ThreadingHTTPServer):
    """A feed of two articles: the first answers at once, the second only after a minute."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.slow_asked = threading.Event()
        self.release = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the killed client resets its connection


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SlowSite

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/rss.xml":
            body, kind = FEED.format(base=self.server.base).encode(), "application/rss+xml"
        elif self.path == "/tin-tuc/a-nhanh.html":
            body, kind = article_html("chi-thi-08"), "text/html; charset=utf-8"
        elif self.path == "/tin-tuc/b-cham.html":
            self.server.slow_asked.set()
            self.server.release.wait(60)
            body, kind = article_html("ke-hoach-45"), "text/html; charset=utf-8"
        else:
            body, kind = b"not found", "text/plain"
        self.send_response(200 if kind != "text/plain" else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def slow_site():
    server = SlowSite()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_pass_in_the_middle_of_a_fetch(slow_site, tmp_path, sig):
    config = tmp_path / "portals.toml"
    config.write_text(f"""state = "{tmp_path}/s.sqlite"\nout = "{tmp_path}/out"\npublish_every = 100
[fetch]\ntimeout = 120\ndelay = 0\nretries = 0\nuser_agent = "vnfacts-test/0.1"
[portals.sonkhe]\nfeeds = ["{slow_site.base}/rss.xml"]\n""", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-c", "from pipeline.cli import app; app()", "ingest",
                                "--config", str(config), "--once"],
                               stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert slow_site.slow_asked.wait(60), "the pass never reached the slow article"
        process.send_signal(sig)
        # the slow page would answer after a minute: the pass must not wait for it
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    slow = f"{slow_site.base}/tin-tuc/b-cham.html"
    assert stderr.splitlines()[-1] == (f"E046 {tmp_path}/s.sqlite: ingest pass stopped by {sig.name}; "
                                       f"{slow} marked failed; lines published: 1; the rest waits for the next pass")
    # the outbox was published: the first article's record is in the daily file, and nothing waits
    [day] = sorted(Path(tmp_path / "out").glob("*.jsonl"))
    assert [json.loads(line)["url"] for line in day.read_text().splitlines()] == [f"{slow_site.base}/tin-tuc/a-nhanh.html"]
    state = State(tmp_path / "s.sqlite")
    assert state.outbox() == [] and state.publishing() == {}
    row = state.get(slow)
    assert (row.status, row.attempts, row.due_at) == ("failed", 0, None)   # due again on the next pass
    assert row.error == f"stopped by {sig.name} while fetching or reading"
    with exclusive(tmp_path / "s.sqlite"):   # the lock was released
        pass


def test_a_stop_during_an_extraction_keeps_what_was_committed(site, tmp_path, monkeypatch):
    stop, real, calls = Stop(), run_module.extract, []

    def extract(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            stop.request(signal.SIGTERM)   # as the signal handler would, in the middle of the second article
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "extract", extract)
    config = portal_config(site, publish_every=100)
    summary = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", stop=stop)
    second = f"{site.base}/tin-tuc/ke-hoach-45.html"
    assert summary.stopped == ("SIGTERM", second)   # where the listed .aspx redirected
    published = sum(len(f.read_text().splitlines()) for f in (tmp_path / "out").rglob("*.jsonl"))
    assert (summary.emitted, summary.published) == (1, published)   # the outbox went out before the pass ended
    state = State(tmp_path / "s.sqlite")
    assert (state.get(second).status, state.get(second).version, state.outbox()) == ("failed", 0, [])
    again = run_pass(config, tmp_path / "s.sqlite", tmp_path / "out")
    assert again.emitted == 1 and again.stopped is None

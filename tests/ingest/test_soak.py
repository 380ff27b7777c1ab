"""A soak test: 30 passes over a portal whose pages change, fail and recover at random, with kills.

Everything is seeded and the schedule runs on a fake clock (six hours per pass), so a failure
here replays exactly. At the end the daily files hold exactly one line per version of each
article: versions 1..n without a gap or a repeat, each with a text unlike the one before,
and n is the version the state holds.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import replace

from ingest_site import SITE_DIR, Page, portal_config

from pipeline.ingest import run as run_module
from pipeline.ingest import sink
from pipeline.ingest.run import run_pass
from pipeline.ingest.state import State, later

PASSES, ARTICLES, SEED = 30, 5, 15
START = "2026-11-24T03:00:00Z"
PLACES = ["Hòa Lâm", "Tân Phước", "Đông Sơn", "Bình Khê", "Mỹ Thạnh"]


def page(n: int, edit: int) -> bytes:
    """Article ``n`` in its ``edit``-th wording: an invented commune report whose figures move with each edit."""
    meta = {"title": f"Xã {PLACES[n]} sơ kết công tác quý, lần cập nhật {edit}", "author": "Thu Hà",
            "published": "2026-11-20T08:00:00+07:00", "shown_date": "20/11/2026 08:00"}
    body = "".join(
        f"<p>Ủy ban nhân dân xã {PLACES[n]} tổ chức hội nghị sơ kết lần thứ {edit + k}, đánh giá kết quả thực hiện "
        f"Kế hoạch số {10 + n}/KH-UBND. Tỷ lệ hồ sơ giải quyết đúng hạn đạt {90 + edit % 9}%, thu ngân sách đạt "
        f"{70 + k} tỷ đồng, tăng {k + 2}% so với cùng kỳ.</p>" for k in range(4))
    html = (SITE_DIR / "_chrome_top.html").read_text(encoding="utf-8") + body + \
        (SITE_DIR / "_chrome_bottom.html").read_text(encoding="utf-8")
    for key, value in meta.items():
        html = html.replace("{" + key + "}", value)
    return html.encode("utf-8")


class Kill(Exception):
    pass


# Where a kill may strike: before or inside a record's commit, and at each step of a publication.
KILL_POINTS = [(run_module, "extract"), (State, "emitted"), (State, "unchanged"), (State, "failed"),
               (State, "begin_publish"), (sink, "_write"), (sink, "_fsync"), (State, "published")]


def kill_at(patch, target, name, nth: int) -> None:
    real = getattr(target, name)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth:
            raise Kill(name)
        return real(*args, **kwargs)

    patch.setattr(target, name, wrapper)


def build(site, paths: list[str]) -> None:
    """The soak portal: an empty feed, a sitemap of the articles (no dates), the articles' first wordings."""
    site.pages.clear()
    site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
    site.pages["/rss/tin-hoat-dong.rss"] = Page(b"<rss version='2.0'><channel><title>t</title></channel></rss>",
                                                content_type="application/rss+xml")
    site.pages["/sitemap.xml"] = Page(("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>" + "".join(
        f"<url><loc>{site.base}{p}</loc></url>" for p in paths) + "</urlset>").encode(),
        content_type="application/xml", validators=True)
    for n, path in enumerate(paths):
        site.pages[path] = Page(page(n, 0), validators=True)


def shake(site, paths: list[str], edits: list[int], rng: random.Random) -> None:
    """Edit some pages silently, break some (503), and mend the broken ones that are not broken again."""
    for n, path in enumerate(paths):
        roll = rng.random()
        if roll < 0.2:
            edits[n] += 1
            site.pages[path] = Page(page(n, edits[n]), validators=True)
        elif roll < 0.35:
            site.pages[path] = Page(b"<h1>503</h1>", status=503)
        elif site.pages[path].status != 200:
            site.pages[path] = Page(page(n, edits[n]), validators=True)


def test_thirty_passes_with_edits_failures_and_kills_leave_one_line_per_version(site, tmp_path, monkeypatch):
    rng = random.Random(SEED)
    paths = [f"/tin-tuc/bao-cao-{n}.html" for n in range(ARTICLES)]
    edits = [0] * ARTICLES
    build(site, paths)
    config = portal_config(site, revisit_budget=3, publish_every=2)
    config = replace(config, fetch=replace(config.fetch, timeout=10.0))   # a busy machine must not fail a page
    kills = 0
    for number in range(PASSES):
        shake(site, paths, edits, rng)
        now = later(START, number * 6 * 3600)
        with monkeypatch.context() as patch:
            if rng.random() < 0.7:
                target, name = rng.choice(KILL_POINTS)
                kill_at(patch, target, name, rng.randint(1, 2))
            try:
                run_pass(config, tmp_path / "s.sqlite", tmp_path / "out", now=lambda now=now: now)
            except Kill:
                kills += 1
    # every page answers again, and a pass two months on revisits them all: the files must catch up with the site
    for n, path in enumerate(paths):
        site.pages[path] = Page(page(n, edits[n]), validators=True)
    run_pass(replace(config, revisit_budget=ARTICLES), tmp_path / "s.sqlite", tmp_path / "out",
             now=lambda: later(START, 60 * 86400))

    versions: dict[str, list[int]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)
    for day in sorted((tmp_path / "out").glob("*.jsonl")):
        raw = day.read_text(encoding="utf-8")
        assert raw.endswith("\n")
        for line in raw.splitlines():
            record = json.loads(line)
            versions[record["url"]].append(record["version"])
            texts[record["url"]].append(record["text"])
    state = State(tmp_path / "s.sqlite")
    assert kills >= 5, "the seed should kill a fair share of the passes"
    assert sorted(versions) == [f"{site.base}{p}" for p in paths]
    for url, seen in versions.items():
        assert seen == list(range(1, len(seen) + 1)), url       # no gap, no repeat, in order
        assert all(a != b for a, b in zip(texts[url], texts[url][1:], strict=False)), url
        assert state.get(url).version == len(seen)
        n = paths.index(url.removeprefix(site.base))
        assert f"lần thứ {edits[n]}," in texts[url][-1]               # the latest version is the page as it stands
    assert sum(len(v) for v in versions.values()) > ARTICLES * 2   # the edits were noticed, not only the first texts
    assert state.outbox() == [] and state.publishing() == {}

"""The review page in a real browser: headless Chromium renders it, and the DOM it built is checked.

Skipped only where no Chromium binary exists; `.ci/run` installs Debian's package and sets
VNFACTS_REQUIRE_BROWSER=1, which turns that skip into a failure. The screenshots (review.png,
review-overview.png) are written to $VNFACTS_ARTEFACTS (when set) or the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from dumps import ROOT
from review_records import SCRIPT_NAME, gold, gold2, record, record2, record3, write

from pipeline.evaluation.score import ordered_labels, read_jsonl
from pipeline.integrations.api import extract
from pipeline.review import review

DOCUMENTS = ("010_hoi_nghi_dan_van", "003_ke_hoach_syt_phong_chong_covid")
WINDOW = (1400, 2600)  # tall enough for the overview, the index and the start of the first document


def chromium() -> str:
    """Return the Chromium binary; skip (or fail, under VNFACTS_REQUIRE_BROWSER=1) when there is none."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        if os.environ.get("VNFACTS_REQUIRE_BROWSER") == "1":
            pytest.fail("VNFACTS_REQUIRE_BROWSER=1 but there is no chromium binary (.ci/run installs Debian's)")
        pytest.skip("no chromium binary; `apt-get install chromium` (.ci/run does)")
    return path


def run_chromium(page: Path, profile: Path, *args: str, query: str = "") -> str:
    """Return the stdout of headless Chromium on ``page`` (+ ``query``) with ``args`` (no network, a throwaway
    profile)."""
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args, page.resolve().as_uri() + query]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Highlights(HTMLParser):
    """Collect, per document section, the mention labels drawn and the text under each mention's bars."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.section = ""
        self.labels: dict[str, list[str]] = {}
        self.covered: dict[tuple[str, str], str] = {}
        self.scripts = 0
        self.bold = 0
        self.panel: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = {k: v or "" for k, v in attrs}
        classes = found.get("class", "").split()
        if tag == "section":
            self.section = found["data-id"]
            self.labels[self.section] = []
        if "mention" in classes:
            self.labels[self.section].append(found["data-id"])
        if tag == "tr" and any(t == "aside" for t, _ in self.stack):
            self.panel.append(found["data-key"])
        self.scripts += tag == "script"
        self.bold += tag == "b"
        self.stack.append((tag, found))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.stack and "w" in self.stack[-1][1].get("class", "").split():
            for key in self.stack[-1][1]["data-m"].split():
                self.covered[(self.section, key)] = self.covered.get((self.section, key), "") + data


def artefacts(tmp_path: Path) -> Path:
    """Return where the screenshot and the page go: $VNFACTS_ARTEFACTS, else the test's folder."""
    folder = Path(os.environ.get("VNFACTS_ARTEFACTS") or tmp_path).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def corpus_review(tmp_path: Path) -> tuple[Path, list[dict], str]:
    """Write the review of two corpus documents against a gold that differs from them in each way marked;
    return the page, the records and the id of the mention whose boundary the gold moved."""
    golds = {doc["id"]: doc for doc in read_jsonl(ROOT / "corpus" / "gold" / "gold.jsonl") if doc["id"] in DOCUMENTS}
    records = [extract(golds[i]["text"], id=i, published=golds[i].get("published")) for i in DOCUMENTS]
    changed = [dict(golds[i], entities=[dict(e) for e in golds[i]["entities"]], facts=[dict(f) for f in golds[i]["facts"]])
               for i in DOCUMENTS]
    first = changed[0]["entities"]
    persons = [e for e in first if e["label"] == "PERSON"]
    first.remove(persons[-1])  # the record's mentions become spurious
    first.remove(persons[-2])
    dates = [e for e in first if e["label"] == "DATE"]
    dates[0]["end"] -= 1  # a wrong boundary
    moved = next(e["id"] for e in records[0]["entities"] if (e["start"], e["label"]) == (dates[0]["start"], "DATE"))
    refs = [e for e in first if e["label"] == "DOC_REF" and e.get("attrs", {}).get("code")]
    refs[0]["attrs"] = {**refs[0]["attrs"], "code": refs[0]["attrs"]["code"] + "X"}  # a wrong value
    for fact in changed[0]["facts"]:  # wrong fact values, so this document comes first in the index
        for name in ("metric", "org"):
            if name in fact["values"] and fact["type"] in ("figure", "holds_position"):
                fact["values"] = {**fact["values"], name: fact["values"][name] + " (gold)"}
    models = [e for e in records[1]["entities"] if e["label"] == "MODEL"]
    records[1]["entities"].remove(models[0])  # a missed model
    for name, rec in zip(DOCUMENTS, records, strict=True):
        rec["source"] = f"corpus/samples/{name}.txt"
    write(tmp_path / "records.jsonl", records)
    write(tmp_path / "gold.jsonl", changed)
    page = artefacts(tmp_path) / "review.html"
    # Relative names, as a user types them, are what the page's heading shows.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        page.write_text(review(Path("records.jsonl"), Path("gold.jsonl")), encoding="utf-8")
    return page, records, moved


def test_chromium_draws_one_label_per_mention_over_exactly_its_text(tmp_path):
    page, records, moved = corpus_review(tmp_path)
    dom = Highlights()
    dom.feed(run_chromium(page, tmp_path / "profile", "--dump-dom", query=f"?mention=doc-1:{moved},gold-1"))
    assert set(dom.labels) == set(DOCUMENTS)
    for rec in records:
        ids = [e["id"] for e in rec["entities"]]
        assert sorted(dom.labels[rec["id"]]) == sorted(ids)
        assert len(dom.labels[rec["id"]]) == len(ids) > 10
        for entity in rec["entities"]:
            assert dom.covered[(rec["id"], entity["id"])] == entity["text"]
    assert dom.scripts == 1
    # The page's script ran: the side panel holds the two mentions the address asked for.
    assert dom.panel == [moved, "gold-1"]


def test_a_mention_holding_markup_stays_text_in_the_browser(tmp_path):
    """And one over a line break is drawn whole."""
    page = tmp_path / "script.html"
    page.write_text(review(write(tmp_path / "r.jsonl", [record(), record2(), record3()]),
                           write(tmp_path / "g.jsonl", [gold(), gold2()])), encoding="utf-8")
    dom = Highlights()
    dom.feed(run_chromium(page, tmp_path / "profile", "--dump-dom"))
    assert dom.covered[("d1", "T6")] == SCRIPT_NAME
    assert dom.covered[("d3", "T1")] == record3()["entities"][0]["text"]  # over a line break
    assert dom.scripts == 1 and dom.bold == 0
    assert sorted(dom.labels["d1"]) == ["T1", "T2", "T3", "T4", "T5", "T6"]


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        size = struct.unpack(">I", data[at:at + 4])[0]
        if data[at + 4:at + 8] == b"IDAT":
            chunks.append(data[at + 8:at + 8 + size])
        at += 12 + size
    return width, height, zlib.decompress(b"".join(chunks))


def test_chromium_screenshot_of_the_review(tmp_path):
    page, _, moved = corpus_review(tmp_path)
    shot = artefacts(tmp_path) / "review.png"
    shot.unlink(missing_ok=True)
    run_chromium(page, tmp_path / "profile", f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--screenshot={shot}",
                 "--hide-scrollbars", query=f"?mention=doc-1:{moved},gold-1")
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == WINDOW
    assert page.read_text(encoding="utf-8").index('href="#doc-1"') < page.read_text(encoding="utf-8").index('href="#doc-2"')
    # Text, highlights and tables in several colours: far from a blank page.
    assert len(set(pixels)) > 100


class Charts(HTMLParser):
    """Collect the overview's bars (name, value) per chart, its points and its positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chart = ""
        self.bars: dict[str, list[tuple[str, str]]] = {}
        self.circles = 0
        self.positions: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = {k: v or "" for k, v in attrs}
        if tag == "figure" and "data-chart" in found:
            self.chart = found["data-chart"]
        if tag == "g" and found.get("class") == "bar-row":
            self.bars.setdefault(self.chart, []).append((found["data-name"], found["data-value"]))
        if tag == "g" and found.get("class") == "position":
            self.positions.append(found["data-title"])
        self.circles += tag == "circle"


def test_chromium_screenshot_of_the_overview_of_the_corpus(tmp_path, gold_runs):
    """The whole corpus's overview, drawn: one bar per label with its count, figures and positions."""
    golds, records = gold_runs("corpus")
    write(tmp_path / "records.jsonl", records)
    write(tmp_path / "gold.jsonl", golds)
    page = artefacts(tmp_path) / "overview.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        page.write_text(review(Path("records.jsonl"), Path("gold.jsonl")), encoding="utf-8")
    dom = Charts()
    dom.feed(run_chromium(page, tmp_path / "profile", "--dump-dom"))
    counts = Counter(e["label"] for r in records for e in r["entities"])
    assert dom.bars["labels"] == [(label, str(counts[label])) for label in ordered_labels(counts)]
    assert [name for name, _ in dom.bars["scores"]] == ordered_labels({e["label"] for g in golds for e in g["entities"]})
    assert dom.circles > 10 and len(dom.positions) > 10
    shot = artefacts(tmp_path) / "review-overview.png"
    shot.unlink(missing_ok=True)
    run_chromium(page, tmp_path / "profile", "--window-size=1400,2200", f"--screenshot={shot}", "--hide-scrollbars")
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (1400, 2200) and len(set(pixels)) > 100

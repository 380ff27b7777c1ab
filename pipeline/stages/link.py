"""Link: person clusters, authors and typed facts that point to entity ids.

Input is the emitted entities (ids, offsets, values) and the article layout; output is a
``Linked`` value the record is built from. Facts are deduplicated within a document by
their identity (``FACT_KEYS``): the first mention's ids stand for the repeated ones.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pipeline.stages.layout import Layout
from pipeline.stages.clean import CleanText, clean
from pipeline.recognizers.base import fold
from pipeline.core.rules import RuleFile, load_rules

# The values that say which fact it is; the others are what is known of it. A document can
# hold several facts of one identity (two different rates of 100%): scoring counts them.
FACT_KEYS: dict[str, tuple[str, ...]] = {
    "document_issued": ("doc_type", "code"),
    "holds_position": ("person", "title"),
    "figure": ("value", "unit", "year"),
    "model_run_by": ("model",),
    "campaign": ("campaign",),
    "event": (),
}
# Facts of one identity that are still different facts: two rates of 100% measuring different
# things, two laws cited without a number.
DEDUPE_EXTRA: dict[str, tuple[str, ...]] = {"figure": ("metric",), "document_issued": ("name",)}
LEAD_PARAGRAPH = 600
LEAD_LINES = 40
ISSUE_DATE_REACH = 40


@dataclass(frozen=True)
class Linked:
    """What linking adds to a record."""

    clusters: dict[str, str]  # PERSON entity id -> cluster id
    persons: list[dict[str, Any]]
    authors: list[str]
    facts: list[dict[str, Any]]


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Return the key under which two spellings of one name fall together."""
    return fold(clean(name).text).casefold()


def fact_key(fact: dict[str, Any]) -> tuple:
    """Return the identity of a fact (type and its key values, folded)."""
    values = fact.get("values", {})
    return (fact["type"],) + tuple(name_key(str(values.get(k, ""))) for k in FACT_KEYS[fact["type"]])


def _clusters(people: list[dict]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    by_key: dict[str, dict[str, Any]] = {}
    clusters: dict[str, str] = {}
    for e in people:
        key = name_key(e["attrs"]["name"])
        if key not in by_key:
            by_key[key] = {"cluster": f"P{len(by_key) + 1}", "name": e["attrs"]["name"], "titles": [], "mentions": []}
        person = by_key[key]
        if person["name"].isupper() and not e["attrs"]["name"].isupper():
            person["name"] = e["attrs"]["name"]
        for t in e["attrs"].get("titles", []):
            if name_key(t) not in {name_key(u) for u in person["titles"]}:
                person["titles"].append(t)
        person["mentions"].append(e["id"])
        clusters[e["id"]] = person["cluster"]
    return clusters, list(by_key.values())


def _line_before(raw: str, e: dict) -> str:
    """What stands on the entity's line before it."""
    return raw[raw.rfind("\n", 0, e["start"]) + 1:e["start"]].strip(" \t*_")


def _is_byline(rules: RuleFile, view: CleanText, e: dict) -> bool:
    """A name without title or role that opens its line (alone, with co-authors, or after a marker)."""
    if e["attrs"].get("titles") or e["attrs"].get("role"):
        return False
    raw = view.raw
    end = raw.find("\n", e["end"])
    after = raw[e["end"]:end if end >= 0 else len(raw)].strip(" \t*_")
    if after and not after.startswith(("-", "–", ",", "(")):
        return False  # a name that opens a line of running text (PDF wraps) is no byline
    before = _line_before(raw, e)
    return before in ("", "-", "–", ",") or before.endswith((" -", " –", ",")) or before in rules.lookup("author_markers")


def _authors(rules: RuleFile, view: CleanText, people: list[dict]) -> list[str]:
    names: list[str] = []
    photo = rules.lookup("photo_markers")
    for e in people:
        credit = any(_line_before(view.raw, e).endswith(marker) for marker in photo)
        if e["attrs"].get("role") == "tác giả" or (_is_byline(rules, view, e) and not credit):
            if e["attrs"]["name"] not in names:
                names.append(e["attrs"]["name"])
    return names


def _document_facts(entities: list[dict]) -> list[dict]:
    dates = [e for e in entities if e["label"] == "DATE"]
    out = []
    for e in entities:
        a = e["attrs"]
        if e["label"] != "DOC_REF" or not (a.get("issuer") or a.get("issued")) or a.get("self"):
            continue
        args: dict[str, Any] = {"document": e["id"]}
        # The issue date is written right after the reference ("… số 21-CT/TU ngày 14-9-2020 của …").
        date = next((d for d in dates if e["start"] <= d["start"] <= e["end"] + ISSUE_DATE_REACH
                     and d["attrs"]["value"] == a.get("issued")), None)
        if date:
            args["date"] = date["id"]
        values = {k: a[k] for k in ("doc_type", "code", "name", "issuer", "issued") if k in a}
        out.append({"type": "document_issued", "args": args, "values": values})
    return out


def _position_facts(entities: list[dict], clusters: dict[str, str]) -> list[dict]:
    people = [e for e in entities if e["label"] == "PERSON"]
    out = []
    for t in (e for e in entities if e["label"] == "TITLE"):
        title = fold(t["text"])
        owners = [p for p in people if p["attrs"]["name"] == t["attrs"].get("person") and title in p["attrs"]["titles"]]
        if not owners:
            continue
        p = min(owners, key=lambda p: abs(p["start"] - t["start"]))
        values = {"person": p["attrs"]["name"], "cluster": clusters[p["id"]], "title": title}
        if t["attrs"].get("org"):
            values["org"] = t["attrs"]["org"]
        out.append({"type": "holds_position", "args": {"person": p["id"], "title": t["id"]}, "values": values})
    return out


def _figure_facts(entities: list[dict]) -> list[dict]:
    out = []
    for e in entities:
        if e["label"] != "PERCENT":
            continue
        values = {k: e["attrs"][k] for k in ("value", "unit", "year", "qualifier", "metric") if k in e["attrs"]}
        out.append({"type": "figure", "args": {"percent": e["id"]}, "values": values})
    return out


def _named_facts(rules: RuleFile, view: CleanText, entities: list[dict]) -> list[dict]:
    out = []
    for e in entities:
        if e["label"] == "MODEL" and e["attrs"].get("owner"):
            out.append({"type": "model_run_by", "args": {"model": e["id"]},
                        "values": {"model": e["attrs"]["name"], "owner": e["attrs"]["owner"]}})
        elif e["label"] == "CAMPAIGN":
            values: dict[str, Any] = {"campaign": e["attrs"]["name"]}
            raw = view.raw
            lo = max(raw.rfind("\n", 0, e["start"]) + 1, e["start"] - 200)
            window = raw[lo:e["start"]]
            launched = None
            for m in rules.cues["launched_by"].compiled.finditer(window):
                launched = m
            if launched and len(window) - launched.end() < 60:
                values["launched_by"] = fold(launched.group("who"))
            out.append({"type": "campaign", "args": {"campaign": e["id"]}, "values": values})
    return out


def _event_fact(rules: RuleFile, view: CleanText, layout: Layout, entities: list[dict]) -> list[dict]:
    raw = view.raw
    start = layout.body[0]
    if layout.title_span and layout.title_span[0] == start:
        start = layout.title_span[1]
    # The lead is the first paragraph that opens with a time word and a date.
    for line_start in _paragraph_starts(raw, start, layout.body[1]):
        lead = rules.cues["lead"].compiled.match(raw, line_start, min(len(raw), line_start + 200))
        if lead:
            break
    else:
        return []
    date = next((d for d in entities if d["label"] == "DATE" and lead.start("when") <= d["start"] < lead.end()), None)
    if date is None:
        return []
    end = raw.find("\n", lead.end())
    end = len(raw) if end < 0 else end
    args: dict[str, Any] = {"date": date["id"]}
    values: dict[str, Any] = {"date": date["attrs"]["value"]}
    organised = rules.cues["organiser"].compiled.match(raw, lead.end(), end)
    if organised:
        values["organiser"] = fold(organised.group("organiser"))
        values["event"] = fold(organised.group("event"))
    chairs = [e for e in entities if e["label"] == "PERSON" and e["attrs"].get("role") == "chủ trì"
              and lead.start() <= e["start"] < min(end, lead.start() + LEAD_PARAGRAPH)]
    if chairs:
        args["chair"] = [e["id"] for e in chairs]
        values["chair"] = [e["attrs"]["name"] for e in chairs]
    if len(values) == 1:
        return []
    return [{"type": "event", "args": args, "values": values}]


def _paragraph_starts(raw: str, start: int, end: int) -> list[int]:
    out, pos = [], start
    while pos < end and len(out) < LEAD_LINES:
        out.append(pos)
        nxt = raw.find("\n", pos, end)
        if nxt < 0:
            break
        pos = nxt + 1
    return out


def link(view: CleanText, layout: Layout, entities: list[dict], rules: RuleFile | None = None) -> Linked:
    """Return clusters, persons, authors and facts for a document's entities."""
    rules = rules or load_rules("facts")
    people = [e for e in entities if e["label"] == "PERSON"]
    clusters, persons = _clusters(people)
    facts = (_event_fact(rules, view, layout, entities) + _document_facts(entities)
             + _position_facts(entities, clusters) + _figure_facts(entities) + _named_facts(rules, view, entities))
    unique: list[dict] = []
    seen: set[tuple] = set()
    for fact in facts:
        key = fact_key(fact) + tuple(name_key(str(fact["values"].get(k, ""))) for k in DEDUPE_EXTRA.get(fact["type"], ()))
        if key in seen and fact["type"] != "event":
            continue
        seen.add(key)
        unique.append({"id": f"F{len(unique) + 1}", **fact})
    authors = _authors(rules, view, [e for e in people if layout.in_body(e["start"], e["end"])])
    return Linked(clusters, persons, authors, unique)

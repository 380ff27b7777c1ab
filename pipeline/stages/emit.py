"""Emit: the JSONL record of one document, in a fixed key order, and its JSON Schema."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from typing import Any

from pipeline import __version__
from pipeline.stages.layout import Layout
from pipeline.stages.link import Linked
from pipeline.recognizers.base import Mention
from pipeline.stages.read import Document

SCHEMA_VERSION = "1.1"


def entity_record(n: int, m: Mention, sentence: int, in_body: bool = True) -> dict[str, Any]:
    """Return one entity of a record."""
    return {"id": f"T{n}", "label": m.label, "start": m.start, "end": m.end, "text": m.text,
            "sentence": sentence, "in_body": in_body, "attrs": dict(m.attrs), "source": m.source,
            "rule_id": m.rule_id}


def build_record(doc: Document, entities: list[dict[str, Any]], published: str | None,
                 published_from: str | None, versions: dict[str, str], include_text: bool = True,
                 warnings: list[str] | None = None, page: Layout | None = None,
                 linked: Linked | None = None) -> dict[str, Any]:
    """Return the output record of one document (``versions``: the rules' and model's)."""
    record: dict[str, Any] = {
        "id": doc.id,
        "schema_version": SCHEMA_VERSION,
        "source": doc.source,
        "url": doc.url,
        "title": page.title if page else doc.title,
        "published": published,
        "published_from": published_from,
        "authors": linked.authors if linked else [],
        "place": page.place if page else None,
    }
    if page is not None:
        record["body"] = {"start": page.body[0], "end": page.body[1]}
        record["boilerplate"] = [{"start": s, "end": e, "kind": k} for s, e, k in page.boilerplate]
    if include_text:
        record["text"] = doc.text
    record["text_sha256"] = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    record["pipeline"] = {"version": __version__, **versions}
    record["entities"] = entities
    record["persons"] = linked.persons if linked else []
    record["facts"] = linked.facts if linked else []
    if warnings:
        record["warnings"] = warnings
    return record


@functools.cache
def record_schema() -> dict[str, Any]:
    """Return the JSON Schema of an output record (shipped in the package)."""
    text = resources.files("pipeline").joinpath("schema/record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


INGEST_KEYS = ("fetched", "http", "version", "supersedes", "byline")


def add_ingest(record: dict[str, Any], ingest: dict[str, Any]) -> dict[str, Any]:
    """Return the record with the ingest block (``INGEST_KEYS``, in that order) right after ``url``."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        out[key] = value
        if key == "url":
            out.update((k, ingest[k]) for k in INGEST_KEYS)
    return out

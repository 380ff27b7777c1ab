"""Emit: the JSONL record of one document, in a fixed key order, and its JSON Schema."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

from pipeline import __version__
from pipeline.core.jsonl import encode
from pipeline.stages.entities import Entities, Entity
from pipeline.stages.layout import Layout
from pipeline.stages.link import Linked
from pipeline.stages.read import Document

SCHEMA_VERSION = "1.2"


def entity_record(e: Entity, cluster: str | None = None) -> dict[str, Any]:
    """Return one entity of a record, its values as ``attrs`` (with its person cluster, if any)."""
    attrs = e.attrs
    if cluster is not None:
        attrs["cluster"] = cluster
    return {"id": e.id, "label": e.label, "start": e.start, "end": e.end, "text": e.text,
            "sentence": e.sentence, "in_body": e.in_body, "attrs": attrs, "source": e.source,
            "rule_id": e.rule_id}


def build_record(doc: Document, entities: Sequence[Entity], published: str | None,
                 published_from: str | None, versions: dict[str, str], include_text: bool = True,
                 warnings: list[str] | None = None, page: Layout | None = None,
                 linked: Linked | None = None) -> dict[str, Any]:
    """Return the output record of one document, JSON-ready (``versions``: the rules' and model's)."""
    clusters = linked.clusters if linked else {}
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
    record["text_sha256"] = text_sha256(doc.text)
    record["pipeline"] = {"version": __version__, **versions}
    record["entities"] = [entity_record(e, clusters.get(e.id)) for e in entities]
    record["persons"] = [p.to_dict() for p in linked.persons] if linked else []
    record["facts"] = [f.to_dict() for f in linked.facts] if linked else []
    if warnings:
        record["warnings"] = warnings
    return record


# Characters of the text encoded at a time: a long text is never copied whole into a JSON string,
# its UTF-8 bytes or a slice (each would be another copy of a 20 MB document's 40 MB).
TEXT_CHUNK = 1 << 16


def text_sha256(text: str) -> str:
    """Return the SHA-256 (hex) of the text's UTF-8 bytes, encoded a chunk at a time."""
    digest = hashlib.sha256()
    for at in range(0, len(text), TEXT_CHUNK):
        digest.update(text[at:at + TEXT_CHUNK].encode("utf-8"))
    return digest.hexdigest()


def _put_string(write: Callable[[bytes], object], text: str) -> None:
    """Write ``encode(text)`` a chunk at a time (JSON escapes each character alone)."""
    write(b'"')
    for at in range(0, len(text), TEXT_CHUNK):
        write(encode(text[at:at + TEXT_CHUNK])[1:-1].encode("utf-8"))
    write(b'"')


def write_record(write: Callable[[bytes], object], doc: Document, entities: Entities, published: str | None,
                 published_from: str | None, versions: dict[str, str], include_text: bool = True,
                 warnings: list[str] | None = None, page: Layout | None = None, linked: Linked | None = None) -> None:
    """Write the record's JSON line (UTF-8, no newline) piece by piece through ``write``.

    The line is written key by key (``encode`` of a dict is its keys' and values' encodings joined
    by ", " and ": "). The text is written a chunk at a time, and the entities one at a time
    (``Entities.drain``: each one's values are freed as its JSON is made). On a long document this
    keeps neither every entity dict, nor a copy of the text, nor, written to a file, the line.
    """
    clusters = linked.clusters if linked else {}
    record = build_record(doc, [], published, published_from, versions, include_text=include_text,
                          warnings=warnings, page=page, linked=linked)
    write(b"{")
    separator = b""
    for key, value in record.items():
        write(separator + encode(key).encode("utf-8") + b": ")
        separator = b", "
        if key == "text":
            _put_string(write, value)
        elif key == "entities":
            write(b"[")
            between = b""
            for e in entities.drain():
                write(between + encode(entity_record(e, clusters.get(e.id))).encode("utf-8"))
                between = b", "
            write(b"]")
        else:
            write(encode(value).encode("utf-8"))
    write(b"}")


@functools.cache
def record_schema() -> dict[str, Any]:
    """Return the JSON Schema of an output record (shipped in the package)."""
    text = resources.files("pipeline").joinpath("schema/record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


INGEST_KEYS = ("fetched", "http", "version", "supersedes", "byline", "portal")


def add_ingest(record: dict[str, Any], ingest: dict[str, Any]) -> dict[str, Any]:
    """Return the record with the ingest block (``INGEST_KEYS``, in that order) right after ``url``."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        out[key] = value
        if key == "url":
            out.update((k, ingest[k]) for k in INGEST_KEYS)
    return out

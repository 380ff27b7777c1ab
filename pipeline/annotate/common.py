"""What the Label Studio and doccano adapters share: labels, span checks, the import report."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluation.score import LABEL_ORDER

#: The seven labels of ANNOTATION.md, the only ones exported and imported.
LABELS: tuple[str, ...] = LABEL_ORDER

#: One colour per label, shared by the Label Studio config and the doccano label file.
COLOURS: dict[str, str] = {
    "DOC_REF": "#1f77b4",
    "DATE": "#2ca02c",
    "PERCENT": "#9467bd",
    "PERSON": "#d62728",
    "TITLE": "#ff7f0e",
    "MODEL": "#17becf",
    "CAMPAIGN": "#8c564b",
}


def text_sha256(text: str) -> str:
    """Return the hex SHA-256 of ``text`` encoded as UTF-8 (as records carry it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span_problem(text: str, start: Any, end: Any, label: Any, said: Any = None) -> str | None:
    """Return what is wrong with a span in code points, or None when it is sound.

    Sound means: integer offsets with 0 <= start < end <= len(text), one of the
    seven labels, no surrounding whitespace, and, when the tool states the
    span's text (``said``), that text equals ``text[start:end]``.
    """
    if label not in LABELS:
        return f"unknown label {label!r} (expected one of {', '.join(LABELS)})"
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return f"offsets {start!r}, {end!r} are not integers"
    if not 0 <= start < end <= len(text):
        return f"offsets [{start}:{end}] do not fit the text (length {len(text)})"
    covered = text[start:end]
    if said is not None and said != covered:
        return f"offsets do not match the text: [{start}:{end}] covers {covered!r}, the tool says {said!r}"
    if covered != covered.strip():
        return f"span {covered!r} [{start}:{end}] has surrounding whitespace"
    return None


def gold_entity(text: str, start: int, end: int, label: str, attrs: dict) -> dict[str, Any]:
    """Return a gold entity in the key order of corpus/gold/gold.jsonl."""
    return {"start": start, "end": end, "label": label, "text": text[start:end], "attrs": attrs}


def gold_document(doc_id: str, text: str, entities: list[dict], published: Any = None,
                  source: Any = None) -> dict[str, Any]:
    """Return a gold document (ANNOTATION.md "Gold files"), entities in gold order."""
    doc: dict[str, Any] = {"id": doc_id}
    if source is not None:
        doc["source"] = source
    doc["published"] = published
    doc["text"] = text
    doc["entities"] = sorted(entities, key=lambda e: (e["start"], -e["end"], e["label"]))
    return doc


def export_entities(doc: dict, where: str) -> tuple[list[dict], list[str]]:
    """Return the entities of a document fit for export, and a problem line per unfit one.

    An entity is unfit when its span fails :func:`span_problem` or its own
    ``text`` disagrees with the document text; it is left out, never moved.
    """
    text = doc.get("text") or ""
    kept, problems = [], []
    for n, entity in enumerate(doc.get("entities") or []):
        start, end, label = entity.get("start"), entity.get("end"), entity.get("label")
        problem = span_problem(text, start, end, label, entity.get("text"))
        if problem:
            problems.append(f"{where}: document {doc.get('id')!r}: entity {n}: {problem}; not exported")
            continue
        kept.append({"start": start, "end": end, "label": label, "attrs": dict(entity.get("attrs") or {})})
    return kept, problems


@dataclass
class ImportReport:
    """The outcome of importing one tool export: gold documents and what was skipped."""

    docs: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tasks: int = 0
    spans: int = 0
    skipped_spans: int = 0
    skipped_tasks: int = 0
    unannotated: int = 0
    without_values: int = 0

    def summary(self) -> str:
        """Return the one-line summary printed at the end of an import."""
        return (f"tasks {self.tasks}: imported {len(self.docs)} documents with {self.spans} spans; "
                f"skipped {self.skipped_spans} spans and {self.skipped_tasks} tasks with errors; "
                f"{self.unannotated} tasks without annotation; {self.without_values} spans without values")


def task_where(path: str, task_id: Any, doc_id: Any) -> str:
    """Return the prefix naming the file, task and document of a problem line."""
    doc = f" (doc {doc_id})" if doc_id is not None and str(doc_id) != str(task_id) else ""
    return f"{path}: task {task_id}{doc}"

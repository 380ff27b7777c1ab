"""doccano (sequence labeling): pre-annotated JSONL out, exported JSONL back to gold.

A line::

    {"text": TEXT, "label": [[START, END, LABEL], ...], "doc_id": ID,
     "source": ..., "published": ..., "text_sha256": ..., "offsets": "utf16",
     "vnfacts_spans": [{"start": .., "end": .., "label": .., "text": .., "attrs": {..}}, ...]}

doccano keeps every column but ``text`` and ``label`` as the example's
metadata and writes it back on export, so the values ride along in
``vnfacts_spans``. doccano has no per-span metadata: on import a span takes the
values of the exported span with the same offsets and label; a span the
annotator added, moved or relabelled comes back without values (counted in the
summary as "spans without values").

doccano counts offsets in UTF-16 code units (its sequence labeling runs on
JavaScript string indices; see doccano issues 2290 and 2484), so that is the
default unit here; a project set to count grapheme clusters needs
``--offsets graphemes``.
"""

from __future__ import annotations

from typing import Any

from pipeline.annotate.common import (
    COLOURS,
    LABELS,
    ImportReport,
    export_entities,
    gold_document,
    gold_entity,
    span_problem,
    task_where,
    text_sha256,
)
from pipeline.annotate.offsets import OffsetMap

DEFAULT_UNIT = "utf16"
SPANS_KEY = "vnfacts_spans"


def label_file() -> list[dict[str, str]]:
    """Return the doccano label definitions (Labels > Import) for the seven labels."""
    keys = {"DOC_REF": "d", "DATE": "t", "PERCENT": "c", "PERSON": "p", "TITLE": "i", "MODEL": "m",
            "CAMPAIGN": "a"}
    return [{"text": label, "suffix_key": keys[label], "background_color": COLOURS[label],
             "text_color": "#ffffff"} for label in LABELS]


def to_line(doc: dict, where: str, unit: str = DEFAULT_UNIT) -> tuple[dict, list[str]]:
    """Return the doccano JSONL object of one document and a problem line per entity left out."""
    text = doc.get("text") or ""
    entities, problems = export_entities(doc, where)
    offsets = OffsetMap(text, unit)
    spans = [{"start": offsets.to_unit(e["start"]), "end": offsets.to_unit(e["end"]), "label": e["label"],
              "text": text[e["start"]:e["end"]], "attrs": e["attrs"]} for e in entities]
    line = {"text": text, "label": [[s["start"], s["end"], s["label"]] for s in spans],
            "doc_id": str(doc["id"]), "source": doc.get("source"), "published": doc.get("published"),
            "text_sha256": text_sha256(text), "offsets": unit, SPANS_KEY: spans}
    return line, problems


def _spans(obj: dict) -> tuple[list[Any] | None, str | None]:
    for key in ("label", "labels", "entities"):
        if key in obj:
            value = obj[key]
            if not isinstance(value, list):
                return None, f"{key!r} is not a list"
            return value, None
    return [], None


def _span(item: Any) -> tuple[Any, Any, Any]:
    if isinstance(item, (list, tuple)) and len(item) == 3:
        return item[0], item[1], item[2]
    if isinstance(item, dict):
        return item.get("start_offset"), item.get("end_offset"), item.get("label")
    return None, None, None


def from_line(obj: Any, line_no: int, path: str, report: ImportReport, unit: str | None = None) -> None:
    """Add the gold document of one doccano export line to ``report`` (or record why not).

    Spans come from ``label`` (also ``labels`` or ``entities``), as
    ``[start, end, label]`` or ``{start_offset, end_offset, label}``. A bad span
    is reported and skipped; a line without text, or whose text is not the
    exported text, is skipped whole.
    """
    report.tasks += 1
    task_id = obj.get("id", f"line {line_no}") if isinstance(obj, dict) else f"line {line_no}"
    text = obj.get("text", obj.get("data")) if isinstance(obj, dict) else None
    if not isinstance(text, str):
        report.problems.append(f"{task_where(path, task_id, None)}: no 'text' string; task skipped")
        report.skipped_tasks += 1
        return
    doc_id = str(obj.get("doc_id") or task_id)
    where = task_where(path, task_id, doc_id)
    if obj.get("text_sha256") and obj["text_sha256"] != text_sha256(text):
        report.problems.append(f"{where}: the task text is not the exported text (SHA-256 differs); task skipped")
        report.skipped_tasks += 1
        return
    items, problem = _spans(obj)
    try:
        offsets = OffsetMap(text, unit or obj.get("offsets") or DEFAULT_UNIT)
    except ValueError as exc:
        problem = str(exc)
    if problem or items is None:
        report.problems.append(f"{where}: {problem}; task skipped")
        report.skipped_tasks += 1
        return
    carried = {(s.get("start"), s.get("end"), s.get("label")): s for s in obj.get(SPANS_KEY) or []
               if isinstance(s, dict)}

    entities, seen = [], set()
    for n, item in enumerate(items):
        u_start, u_end, label = _span(item)
        at = f"{where}: span {n} {label} [{u_start}:{u_end}]"
        try:
            if u_start is None or u_end is None:
                raise ValueError(f"not [start, end, label] nor {{start_offset, end_offset, label}}: {item!r}")
            start, end = offsets.from_unit(u_start), offsets.from_unit(u_end)
        except (ValueError, TypeError) as exc:
            report.problems.append(f"{at}: {exc}; skipped")
            report.skipped_spans += 1
            continue
        kept = carried.get((u_start, u_end, label))
        problem = span_problem(text, start, end, label, kept.get("text") if kept else None)
        if problem is None and (start, end, label) in seen:
            problem = "the same span and label twice"
        if problem:
            report.problems.append(f"{at}: {problem}; skipped")
            report.skipped_spans += 1
            continue
        seen.add((start, end, label))
        attrs = dict(kept.get("attrs") or {}) if kept else {}
        if not attrs:
            report.without_values += 1
        entities.append(gold_entity(text, start, end, label, attrs))
    report.spans += len(entities)
    report.docs.append(gold_document(doc_id, text, entities, obj.get("published"), obj.get("source")))

"""Label Studio: pre-annotated tasks out, submitted annotations back to gold.

A task::

    {"data": {"text": TEXT, "doc_id": ID, "source": ..., "published": ...,
              "text_sha256": ..., "offsets": "codepoints"},
     "predictions": [{"model_version": "...", "result": [REGION ITEMS]}]}

Each mention is a region: a ``labels`` item (``value.start``/``end`` in the
task's offset unit, ``value.text``, ``value.labels: [LABEL]``) and, when it has
values, a ``textarea`` item of the per-region TextArea ``attrs`` with the same
region ``id`` whose text is the values as one JSON object. The annotator sees
and edits them beside the region; import reads them back from the same place.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import quoteattr

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

DEFAULT_UNIT = "codepoints"
LABELS_NAME, TEXT_NAME, ATTRS_NAME = "label", "text", "attrs"


def label_config() -> str:
    """Return the Label Studio labeling config: the seven labels, the text, a per-region values box.

    ``white-space: pre-wrap`` keeps every space and line break on screen, so
    what the annotator selects is what the offsets count.
    """
    labels = "\n".join(f'    <Label value={quoteattr(label)} background={quoteattr(COLOURS[label])}/>'
                       for label in LABELS)
    return f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; }}</Style>
  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}">
{labels}
  </Labels>
  <Text name="{TEXT_NAME}" value="$text" granularity="symbol"/>
  <View visibleWhen="region-selected">
    <Header value="Values of the selected mention: one JSON object (ANNOTATION.md)"/>
    <TextArea name="{ATTRS_NAME}" toName="{TEXT_NAME}" perRegion="true" editable="true" maxSubmissions="1" rows="3"/>
  </View>
</View>
"""


def to_task(doc: dict, where: str, model_version: str, unit: str = DEFAULT_UNIT) -> tuple[dict, list[str]]:
    """Return the Label Studio task of one document and a problem line per entity left out."""
    text = doc.get("text") or ""
    entities, problems = export_entities(doc, where)
    offsets = OffsetMap(text, unit)
    result = []
    for n, entity in enumerate(entities, start=1):
        start, end = entity["start"], entity["end"]
        region = {"start": offsets.to_unit(start), "end": offsets.to_unit(end)}
        result.append({"id": f"e{n}", "from_name": LABELS_NAME, "to_name": TEXT_NAME, "type": "labels",
                       "value": {**region, "text": text[start:end], "labels": [entity["label"]]}})
        if entity["attrs"]:
            result.append({"id": f"e{n}", "from_name": ATTRS_NAME, "to_name": TEXT_NAME, "type": "textarea",
                           "value": {**region, "text": [json.dumps(entity["attrs"], ensure_ascii=False)]}})
    data = {"text": text, "doc_id": str(doc["id"]), "source": doc.get("source"),
            "published": doc.get("published"), "text_sha256": text_sha256(text), "offsets": unit}
    return {"data": data, "predictions": [{"model_version": model_version, "result": result}]}, problems


def _completed_by(annotation: dict) -> set[str]:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        return {str(who[k]) for k in ("id", "email") if who.get(k) is not None}
    return set() if who is None else {str(who)}


def _pick(task: dict, where: str, annotator: str | None, report: ImportReport) -> dict | None:
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if annotator is not None:
        annotations = [a for a in annotations if annotator in _completed_by(a)]
    if not annotations:
        return None
    if len(annotations) > 1:
        report.notes.append(f"{where}: {len(annotations)} submitted annotations; the last one "
                            f"(id {annotations[-1].get('id')}) is taken; --annotator chooses another")
    return annotations[-1]


def _values(items: list[dict]) -> tuple[dict, str | None]:
    if not items:
        return {}, None
    texts = items[0].get("value", {}).get("text", [])
    raw = "\n".join(texts) if isinstance(texts, list) else str(texts)
    if not raw.strip():
        return {}, None
    try:
        values = json.loads(raw)
    except json.JSONDecodeError as exc:
        return {}, f"values are not valid JSON ({exc.msg}, column {exc.colno}): {raw!r}"
    if not isinstance(values, dict):
        return {}, f"values must be one JSON object, not {type(values).__name__}: {raw!r}"
    return values, None


def from_task(task: Any, index: int, path: str, report: ImportReport, unit: str | None = None,
              annotator: str | None = None) -> None:
    """Add the gold document of one exported task to ``report`` (or record why not).

    The task's submitted annotation is read region by region; a region whose
    offsets, label, text or values are wrong is reported and skipped. A task
    without text, or whose text no longer matches the exported text's
    SHA-256, is skipped whole.
    """
    report.tasks += 1
    task_id = task.get("id", f"#{index + 1}") if isinstance(task, dict) else f"#{index + 1}"
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        report.problems.append(f"{task_where(path, task_id, None)}: no 'data.text' string; task skipped")
        report.skipped_tasks += 1
        return
    text = data["text"]
    doc_id = str(data.get("doc_id") or task_id)
    where = task_where(path, task_id, doc_id)
    if data.get("text_sha256") and data["text_sha256"] != text_sha256(text):
        report.problems.append(f"{where}: the task text is not the exported text (SHA-256 differs); task skipped")
        report.skipped_tasks += 1
        return
    annotation = _pick(task, where, annotator, report)
    if annotation is None:
        report.notes.append(f"{where}: no submitted annotation; not imported")
        report.unannotated += 1
        return
    try:
        offsets = OffsetMap(text, unit or data.get("offsets") or DEFAULT_UNIT)
    except ValueError as exc:
        report.problems.append(f"{where}: {exc}; task skipped")
        report.skipped_tasks += 1
        return

    entities = _entities(text, offsets, _regions(annotation), where, report)
    report.spans += len(entities)
    report.docs.append(gold_document(doc_id, text, entities, data.get("published"), data.get("source")))



def _regions(annotation: dict) -> dict[str, dict[str, list[dict]]]:
    """The annotation's results grouped by region id: its labels, its values box, anything else."""
    regions: dict[str, dict[str, list[dict]]] = {}
    for item in annotation.get("result") or []:
        region = regions.setdefault(str(item.get("id")), {"labels": [], "textarea": [], "other": []})
        kind = item.get("type")
        if kind == "labels":
            region["labels"].append(item)
        elif kind == "textarea" and item.get("from_name") == ATTRS_NAME:
            region["textarea"].append(item)
        else:
            region["other"].append(item)
    return regions


def _entities(text: str, offsets: OffsetMap, regions: dict[str, dict[str, list[dict]]], where: str,
              report: ImportReport) -> list[dict]:
    """The gold entities of a task's regions; a region that does not fit is reported and skipped."""
    entities: list[dict] = []
    seen: set[tuple[int, int, str]] = set()
    for region_id, items in regions.items():
        at = f"{where}: region {region_id}"
        if items["other"]:
            kinds = sorted({str(i.get("type")) for i in items["other"]})
            report.problems.append(f"{at}: result of type {', '.join(kinds)} is not part of the label config; ignored")
        if not items["labels"]:
            if items["textarea"]:
                report.problems.append(f"{at}: values without a labelled span; skipped")
                report.skipped_spans += 1
            continue
        entity = _region_entity(text, offsets, items, at, seen, report)
        if entity is not None:
            entities.append(entity)
    return entities


def _region_entity(text: str, offsets: OffsetMap, items: dict[str, list[dict]], at: str,
                   seen: set[tuple[int, int, str]], report: ImportReport) -> dict | None:
    """The gold entity of one labelled region, or None (reported) when it does not fit the text."""
    value = items["labels"][0].get("value") or {}
    labels = value.get("labels") or []
    if len(labels) != 1:
        report.problems.append(f"{at}: {len(labels)} labels on one span (expected exactly one); skipped")
        report.skipped_spans += 1
        return None
    label = labels[0]
    try:
        start, end = offsets.from_unit(value.get("start")), offsets.from_unit(value.get("end"))
    except (ValueError, TypeError) as exc:
        report.problems.append(f"{at} {label} [{value.get('start')}:{value.get('end')}]: {exc}; skipped")
        report.skipped_spans += 1
        return None
    problem = span_problem(text, start, end, label, value.get("text"))
    if problem is None and (start, end, label) in seen:
        problem = "the same span and label twice"
    attrs: dict = {}
    if problem is None:
        attrs, problem = _values(items["textarea"])
    if problem:
        report.problems.append(f"{at} {label} [{start}:{end}]: {problem}; skipped")
        report.skipped_spans += 1
        return None
    seen.add((start, end, label))
    if not attrs:
        report.without_values += 1
    return gold_entity(text, start, end, label, attrs)

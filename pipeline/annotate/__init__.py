"""Annotation round trip: our mentions out as editable pre-annotations, corrected gold back.

``export_tasks`` turns documents with entities (extractor records or gold) into
Label Studio tasks or doccano JSONL lines; ``import_file`` reads the tool's
export back into gold documents (ANNOTATION.md "Gold files"), byte-exact:
offsets are converted from the tool's unit to code points and checked against
the text, and a span that does not fit is reported and skipped, never moved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.annotate import doccano, label_studio
from pipeline.annotate.common import LABELS, ImportReport
from pipeline.annotate.offsets import UNITS, OffsetMap
from pipeline.core.jsonl import LineError, encode, parse_line, writer

__all__ = ["TOOLS", "LABELS", "UNITS", "OffsetMap", "ExportResult", "ImportReport", "export_tasks",
           "write_export", "import_file", "write_gold", "default_unit"]

TOOLS: tuple[str, ...] = ("label-studio", "doccano")


def default_unit(tool: str) -> str:
    """Return the offset unit a tool counts in: code points for Label Studio, UTF-16 for doccano."""
    return label_studio.DEFAULT_UNIT if tool == "label-studio" else doccano.DEFAULT_UNIT


def _check_tool(tool: str) -> None:
    if tool not in TOOLS:
        raise ValueError(f"unknown tool {tool!r}; choose one of {', '.join(TOOLS)}")


@dataclass
class ExportResult:
    """Tasks for one tool, in input order, and a problem line per entity left out."""

    tool: str
    tasks: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    spans: int = 0

    def summary(self) -> str:
        """Return the one-line summary printed at the end of an export."""
        return (f"exported {len(self.tasks)} tasks with {self.spans} pre-annotated spans for {self.tool}; "
                f"{len(self.problems)} entities left out")


def export_tasks(docs: Iterable[tuple[str, dict]], tool: str, unit: str | None = None,
                 model_version: str = "vnfacts") -> ExportResult:
    """Return the tasks of ``docs``, pairs of (where it came from, document with text and entities).

    ``unit`` is the offset unit written (default: the tool's own, see
    :func:`default_unit`); it is recorded in each task so that import reads it back.
    """
    _check_tool(tool)
    unit = unit or default_unit(tool)
    result = ExportResult(tool)
    for where, doc in docs:
        if tool == "label-studio":
            task, problems = label_studio.to_task(doc, where, model_version, unit)
            result.spans += sum(1 for item in task["predictions"][0]["result"] if item["type"] == "labels")
        else:
            task, problems = doccano.to_line(doc, where, unit)
            result.spans += len(task["label"])
        result.tasks.append(task)
        result.problems += problems
    return result


def companion_path(path: Path, tool: str) -> Path:
    """Return the file written beside an export: the Label Studio label config or the doccano labels."""
    return path.with_suffix(".label_config.xml" if tool == "label-studio" else ".labels.json")


def write_export(result: ExportResult, path: Path) -> list[Path]:
    """Write the tasks to ``path`` and the label definitions beside it; return both paths.

    Label Studio gets a JSON array (one task a line inside it) and
    ``NAME.label_config.xml``; doccano gets JSONL and ``NAME.labels.json``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [encode(task) for task in result.tasks]
    companion = companion_path(path, result.tool)
    if result.tool == "label-studio":
        body = "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"
        companion.write_text(label_studio.label_config(), encoding="utf-8")
    else:
        body = "".join(line + "\n" for line in lines)
        companion.write_text(json.dumps(doccano.label_file(), indent=2) + "\n", encoding="utf-8")
    path.write_text(body, encoding="utf-8")
    return [path, companion]


def _read_tasks(path: Path, report: ImportReport) -> list[tuple[int, object]]:
    """Return (line or position, parsed object) pairs; a malformed JSONL line is a problem."""
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("["):
        try:
            tasks = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: malformed JSON ({exc.msg}, line {exc.lineno} column {exc.colno})") from None
        return list(enumerate(tasks, start=1))
    items: list[tuple[int, object]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        obj = parse_line(line, str(path), line_no)
        if isinstance(obj, LineError):
            report.tasks += 1
            report.skipped_tasks += 1
            report.problems.append(f"{obj.message}; skipped")
        else:
            items.append((line_no, obj))
    return items


def import_file(path: str | Path, tool: str, unit: str | None = None, annotator: str | None = None) -> ImportReport:
    """Return the gold documents of a tool export and everything skipped on the way.

    Label Studio exports are a JSON array of tasks (JSONL is read too); doccano
    exports are JSONL. ``unit`` overrides the offset unit recorded in each task
    (default: the recorded one, else the tool's own). ``annotator`` picks, in
    Label Studio, the annotation ``completed_by`` that user id or e-mail.
    Raises ``ValueError`` (file named) when the file is not JSON at all, and
    ``OSError`` when it cannot be read.
    """
    _check_tool(tool)
    path = Path(path)
    report = ImportReport()
    seen_ids: set[str] = set()
    for position, obj in _read_tasks(path, report):
        before = len(report.docs)
        if tool == "label-studio":
            label_studio.from_task(obj, position - 1, str(path), report, unit, annotator)
        else:
            doccano.from_line(obj, position, str(path), report, unit)
        if len(report.docs) > before:
            doc_id = report.docs[-1]["id"]
            if doc_id in seen_ids:
                # A gold file pairs documents by id: a second copy cannot be scored.
                report.spans -= len(report.docs.pop()["entities"])
                report.skipped_tasks += 1
                report.problems.append(f"{path}: document {doc_id} appears in two tasks; the second is skipped")
            seen_ids.add(doc_id)
    return report


def write_gold(docs: Iterable[dict], path: Path) -> None:
    """Write gold documents as JSONL, one document a line, UTF-8 without escapes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh, writer(fh) as out:
        out.write_all(docs)

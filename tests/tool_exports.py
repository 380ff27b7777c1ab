"""What the tools give back: exports of our tasks as Label Studio and doccano write them."""

from __future__ import annotations

import copy
import json
from pathlib import Path


def label_studio_export(tasks: list[dict]) -> list[dict]:
    """Label Studio's JSON export after an annotator submitted each pre-annotation unchanged."""
    return [{"id": 100 + n, "data": copy.deepcopy(task["data"]),
             "annotations": [{"id": 500 + n, "completed_by": 1, "was_cancelled": False,
                              "result": copy.deepcopy(task["predictions"][0]["result"])}],
             "predictions": copy.deepcopy(task["predictions"])}
            for n, task in enumerate(tasks)]


def doccano_export(lines: list[dict]) -> list[dict]:
    """doccano's JSONL export: its example id, the metadata columns, sorted spans, comments."""
    out = []
    for n, line in enumerate(lines):
        meta = {k: copy.deepcopy(v) for k, v in line.items() if k not in ("text", "label")}
        out.append({"id": 7 + n, "text": line["text"], **meta, "label": sorted(line["label"]), "Comments": []})
    return out


def write_json(path: Path, tasks: list[dict]) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def write_jsonl(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path

"""Build corpus/gold/gold.jsonl from the hand-written span lists in corpus/gold/spans/.

Each spans file (one document) is JSON:
    {"id": "...", "source": "samples/NAME.txt" | "samples/DUMP.jsonl#ID",
     "published": "YYYY-MM-DD" | null,
     "spans": [[LABEL, TEXT, ATTRS], [LABEL, TEXT, ATTRS, {"skip": K}], ...]}
Spans are listed in reading order. Each TEXT is searched in the document text from
the start of the previous span (so a DATE inside a DOC_REF is found); {"skip": K}
skips K further occurrences first. A span that cannot be found stops the build
with the file and span named, so the gold never drifts from the text.

Usage: python corpus/build_gold.py [--check]   (--check: verify only, write nothing)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPANS_DIR = HERE / "gold" / "spans"
OUT = HERE / "gold" / "gold.jsonl"
LABELS = {"DOC_REF", "DATE", "PERSON", "TITLE", "PERCENT", "MODEL", "CAMPAIGN"}


def read_source(source: str) -> str:
    """Return the document text exactly as the extractor reads it."""
    path, _, line_id = source.partition("#")
    raw = (HERE / path).read_bytes()
    if not line_id:
        return raw.decode("utf-8-sig")
    for line in raw.decode("utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if str(obj["id"]) == line_id:
                return obj["text"]
    raise SystemExit(f"{source}: no article with id {line_id!r}")


def resolve(spec_path: Path) -> dict:
    """Return one gold document with character offsets for every listed span."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    text = read_source(spec["source"])
    entities, cursor = [], 0
    for n, item in enumerate(spec["spans"]):
        label, span_text, attrs = item[0], item[1], item[2]
        skip = item[3].get("skip", 0) if len(item) > 3 else 0
        if label not in LABELS:
            raise SystemExit(f"{spec_path.name}: span {n}: unknown label {label!r}")
        start = text.find(span_text, cursor)
        for _ in range(skip):
            start = text.find(span_text, start + 1)
        if start < 0:
            raise SystemExit(f"{spec_path.name}: span {n} ({label} {span_text!r}) not found after offset {cursor}")
        if span_text != span_text.strip():
            raise SystemExit(f"{spec_path.name}: span {n} ({label} {span_text!r}) has surrounding spaces")
        end = start + len(span_text)
        entities.append({"start": start, "end": end, "label": label, "text": span_text, "attrs": attrs})
        cursor = start
    entities.sort(key=lambda e: (e["start"], -e["end"], e["label"]))
    return {"id": spec["id"], "source": spec["source"], "published": spec.get("published"),
            "text": text, "entities": entities}


def main(argv: list[str]) -> int:
    docs = [resolve(p) for p in sorted(SPANS_DIR.glob("*.json"))]
    if "--check" in argv:
        print(f"{len(docs)} documents, {sum(len(d['entities']) for d in docs)} spans: ok")
        return 0
    with OUT.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(HERE.parent)}: {len(docs)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

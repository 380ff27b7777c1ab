"""Build corpus/gold/gold.jsonl from the hand-written span lists in corpus/gold/spans/.

Each spans file (one document) is JSON:
    {"id": "...", "source": "samples/NAME.txt" | "samples/DUMP.jsonl#ID",
     "published": "YYYY-MM-DD" | null, "sector": SECTOR, "genre": GENRE,
     "spans": [[LABEL, TEXT, ATTRS], [LABEL, TEXT, ATTRS, {"skip": K}], ...],
     "facts": [{"type": TYPE, "values": {...}}, ...]}          (optional)
Spans are listed in reading order. Each TEXT is searched in the document text from
the start of the previous span (so a DATE inside a DOC_REF is found); {"skip": K}
skips K further occurrences first. A span that cannot be found stops the build
with the file and span named, so the gold never drifts from the text.

"facts" lists the document's facts, each distinct fact once (its identity is in
brackets below); a document without the key has no "facts" in gold.jsonl (facts not
annotated, not scored), one with "facts": [] has none to find. Types and values:
    document_issued  doc_type*, code, issuer, issued, self     [doc_type + code]
    holds_position   person*, title*, org                [person + title]
    figure           value*, unit*, year, metric, qualifier  [value + unit + year + metric]
    model_run_by     model*, owner*                      [model]
    campaign         campaign*, launched_by              [campaign]
    event            date*, organiser, event, chair (list of names)  [at most one]
(* required). Text values are written as in the document with whitespace folded,
so each one must occur in the document text (whitespace folded); codes and dates are
written as in the DOC_REF and DATE gold. A malformed fact stops the build with the
file and fact index named.

How the facts were annotated (so that new ones agree):
- Facts come from the whole text, portal chrome included, as the entity gold does
  (a related-news line "Sở Y tế ban hành Kế hoạch số 41/KH-SYT" is a document_issued).
- figure: year and qualifier as the PERCENT gold states them (a period such as
  "6 tháng đầu năm 2025" gives no year). metric is a verbatim noun phrase, without
  the year adjunct: "tỷ lệ X đạt/là/giảm còn Y%" -> "tỷ lệ X" (the whole subject);
  "Y% X ..." -> X with its predicate to the end of the clause ("khu dân cư có ít
  nhất một mô hình được công nhận"); "N X, chiếm/đạt Y%" -> X when X says what is
  counted ("xã đạt chuẩn nông thôn mới"). No metric for a change ("giảm 31,4%",
  "vượt 20% chỉ tiêu") or a share of a plan or estimate with no such subject.
- event: organiser and event only where the lead says "X tổ chức <event>"; a lead
  with "chủ trì" or "khai mạc" gives date and chair alone.
- holds_position: one fact per distinct title text ("Bộ trưởng Bộ Y tế" and
  "Bộ trưởng" are two); tone-mark variants are one.

Usage: python corpus/build_gold.py [--check] [--spans DIR] [--out FILE]
    --check: verify only, write nothing; --spans/--out: other folders than the defaults.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the package's fact table, on a bare Python as well

from pipeline.core.facts import FACT_TYPES  # noqa: E402

SPANS_DIR = HERE / "gold" / "spans"
OUT = HERE / "gold" / "gold.jsonl"
LABELS = {"DOC_REF", "DATE", "PERSON", "TITLE", "PERCENT", "MODEL", "CAMPAIGN"}
# The sectors of government news the corpus covers (corpus/README.md describes each) and the
# genres of its documents; every spans file names one of each.
SECTORS = {"party", "health", "police", "military", "transport", "justice", "agriculture", "finance",
           "education", "culture", "labour", "construction", "digital"}
GENRES = {"news", "plan", "directive", "decision", "report", "notice", "letter", "legal_page"}

# Per fact type: (required values, optional values) that a gold fact may state; the fact table
# of the package is the one definition.
FACT_VALUES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    name: (t.gold_required, t.gold_optional) for name, t in FACT_TYPES.items()}
# Values copied from the text, so they must occur in it.
TEXT_VALUES = {f.name for t in FACT_TYPES.values() for f in t.fields if f.kind in ("text", "names")}
QUALIFIERS = {">", "<", ">=", "<=", "~"}
UNITS = {"%", "‰"}
_SPACE = re.compile(r"\s+")


class GoldError(ValueError):
    """A spans file that cannot be turned into a gold document; the message names the file."""


def fold(text: str) -> str:
    """Return the text with every run of whitespace folded to one space."""
    return _SPACE.sub(" ", text).strip()


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
    raise GoldError(f"{source}: no article with id {line_id!r}")


def check_fact(where: str, fact: object, folded_text: str) -> dict:
    """Return the fact as {"type", "values"} or raise GoldError naming ``where`` (file and index)."""
    if not isinstance(fact, dict) or set(fact) != {"type", "values"}:
        raise GoldError(f"{where}: a fact is an object with exactly the keys 'type' and 'values'")
    kind, values = fact["type"], fact["values"]
    if kind not in FACT_VALUES:
        raise GoldError(f"{where}: unknown fact type {kind!r} (known: {', '.join(sorted(FACT_VALUES))})")
    if not isinstance(values, dict):
        raise GoldError(f"{where} ({kind}): 'values' is not an object")
    required, optional = FACT_VALUES[kind]
    missing = sorted(required - set(values))
    if missing:
        raise GoldError(f"{where} ({kind}): missing value(s) {', '.join(missing)}")
    unknown = sorted(set(values) - required - optional)
    if unknown:
        raise GoldError(f"{where} ({kind}): unknown value(s) {', '.join(unknown)}")
    for key, value in values.items():
        _check_value(where, kind, key, value, folded_text)
    return {"type": kind, "values": values}


def _check_value(where: str, kind: str, key: str, value: object, folded_text: str) -> None:
    """Raise GoldError naming ``where`` when one value of a fact has the wrong type or is not in the text."""
    if key == "chair" and not (isinstance(value, list) and value):
        raise GoldError(f"{where} ({kind}): 'chair' is not a non-empty list of names")
    if key == "value" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise GoldError(f"{where} ({kind}): 'value' is not a number: {value!r}")
    if key == "year" and (isinstance(value, bool) or not isinstance(value, int)):
        raise GoldError(f"{where} ({kind}): 'year' is not an integer: {value!r}")
    if key == "unit" and value not in UNITS:
        raise GoldError(f"{where} ({kind}): unit {value!r} is not one of {' '.join(sorted(UNITS))}")
    field = FACT_TYPES[kind].field(key)
    if field.kind == "enum" and value not in field.choices:
        raise GoldError(f"{where} ({kind}): {key} {value!r} is not one of {' '.join(field.choices)}")
    if field.kind == "boolean" and not isinstance(value, bool):
        raise GoldError(f"{where} ({kind}): {key} is not true or false: {value!r}")
    if key == "qualifier" and value not in QUALIFIERS:
        raise GoldError(f"{where} ({kind}): qualifier {value!r} is not one of {' '.join(sorted(QUALIFIERS))}")
    if key in TEXT_VALUES:
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str) or item != fold(item) or not item:
                raise GoldError(f"{where} ({kind}): {key} {item!r} is not a whitespace-folded string")
            if item not in folded_text:
                raise GoldError(f"{where} ({kind}): {key} {item!r} does not occur in the text")


def resolve(spec_path: Path) -> dict:
    """Return one gold document with character offsets for every listed span, and its facts."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    for key, allowed in (("sector", SECTORS), ("genre", GENRES)):
        if spec.get(key) not in allowed:
            raise GoldError(f"{spec_path.name}: {key} {spec.get(key)!r} is not one of {', '.join(sorted(allowed))}")
    text = read_source(spec["source"])
    entities, cursor = [], 0
    for n, item in enumerate(spec["spans"]):
        label, span_text, attrs = item[0], item[1], item[2]
        skip = item[3].get("skip", 0) if len(item) > 3 else 0
        if label not in LABELS:
            raise GoldError(f"{spec_path.name}: span {n}: unknown label {label!r}")
        start = text.find(span_text, cursor)
        for _ in range(skip):
            start = text.find(span_text, start + 1)
        if start < 0:
            raise GoldError(f"{spec_path.name}: span {n} ({label} {span_text!r}) not found after offset {cursor}")
        if span_text != span_text.strip():
            raise GoldError(f"{spec_path.name}: span {n} ({label} {span_text!r}) has surrounding spaces")
        end = start + len(span_text)
        entities.append({"start": start, "end": end, "label": label, "text": span_text, "attrs": attrs})
        cursor = start
    entities.sort(key=lambda e: (e["start"], -e["end"], e["label"]))
    doc = {"id": spec["id"], "source": spec["source"], "published": spec.get("published"),
           "sector": spec["sector"], "genre": spec["genre"], "text": text, "entities": entities}
    if "facts" in spec:
        if not isinstance(spec["facts"], list):
            raise GoldError(f"{spec_path.name}: 'facts' is not a list")
        folded = fold(text)
        doc["facts"] = [check_fact(f"{spec_path.name}: fact {n}", fact, folded)
                        for n, fact in enumerate(spec["facts"])]
    return doc


def build(spans_dir: Path = SPANS_DIR) -> list[dict]:
    """Return the gold documents of every spans file in ``spans_dir``, in file-name order."""
    return [resolve(p) for p in sorted(spans_dir.glob("*.json"))]


def main(argv: list[str]) -> int:
    spans_dir, out = SPANS_DIR, OUT
    if "--spans" in argv:
        spans_dir = Path(argv[argv.index("--spans") + 1])
    if "--out" in argv:
        out = Path(argv[argv.index("--out") + 1])
    try:
        docs = build(spans_dir)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    n_facts = sum(len(d.get("facts", [])) for d in docs)
    if "--check" in argv:
        print(f"{len(docs)} documents, {sum(len(d['entities']) for d in docs)} spans, {n_facts} facts: ok")
        return 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    shown = out.relative_to(HERE.parent) if out.is_relative_to(HERE.parent) else out
    print(f"wrote {shown}: {len(docs)} documents, {n_facts} facts in "
          f"{sum('facts' in d for d in docs)} of them")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

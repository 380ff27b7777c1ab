"""Score predicted mentions against a gold set.

The contract is the "Gold files" and "Scoring" sections of ANNOTATION.md:
per label, precision / recall / F1 under a strict scheme (same start, end and
label) and a partial scheme (same label, overlapping spans count half, as in
SemEval-2013), plus, for every value the gold states, the share of strictly
matched mentions whose predicted value equals it.

Documents, gold or predicted, are dicts::

    {"id": str, "text": str, "published": str | None,
     "entities": [{"start": int, "end": int, "label": str, "text": str,
                   "attrs": {...}}, ...]}

Keys other than ``start``, ``end``, ``label`` and ``attrs`` on an entity are
ignored, so raw extractor output (with ``id``, ``sentence`` …) can be scored
as is.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.budget import timed
from pipeline.core.errors import E051
from pipeline.core.jsonl import LineError, read_objects

__all__ = [
    "LABEL_ORDER",
    "PRF",
    "LabelScore",
    "Evaluation",
    "Alignment",
    "read_jsonl",
    "align",
    "score",
    "values_equal",
    "format_table",
    "ordered_labels",
]

LABEL_ORDER: tuple[str, ...] = (
    "DOC_REF",
    "DATE",
    "PERCENT",
    "PERSON",
    "TITLE",
    "MODEL",
    "CAMPAIGN",
)

NUMBER_TOLERANCE = 1e-6

_WHITESPACE = timed(r"\s+")
_MONTH_DAY = timed(r"--(\d{2})-(\d{2})")
_FULL_DATE = timed(r"\d{4}-(\d{2})-(\d{2})")


# --------------------------------------------------------------------------
# Reading


def read_jsonl(path: str | Path) -> list[dict]:
    """Read a gold or prediction JSONL file (plain or ``.gz``).

    Returns the documents in file order, one dict per non-blank line. Raises
    ``ValueError`` with the first fault's one-line numbered message naming the file
    and the line: E011 malformed JSON, E014 unreadable, E015 not an object, E016
    corrupt stream, E051 no ``id`` or no list of ``entities``.
    """
    docs: list[dict] = []
    for item in read_objects(path):
        if isinstance(item, LineError):
            raise ValueError(item.message)
        lineno, doc = item
        missing = next((key for key in ("id", "entities") if key not in doc), None)
        if missing is None and not isinstance(doc["entities"], list):
            missing = "entities"
        if missing:
            raise ValueError(E051.format(input=path, line=lineno, key=missing))
        docs.append(doc)
    return docs


# --------------------------------------------------------------------------
# Result types


@dataclass(frozen=True)
class PRF:
    """Counts for one scheme; ``tp`` is a float because partial matches weigh 0.5."""

    tp: float
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        """Return tp / n_pred, or 0.0 when nothing was predicted."""
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        """Return tp / n_gold, or 0.0 when the gold has no mention."""
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall, or 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    def to_dict(self) -> dict[str, float | int]:
        """Return the counts and the three ratios as a JSON-ready dict."""
        return {
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class LabelScore:
    """Scores of one label; ``values`` maps an attr field to (correct, total)."""

    label: str
    strict: PRF
    partial: PRF
    values: dict[str, tuple[int, int]] = field(default_factory=dict)

    def value_accuracy(self, field: str) -> float | None:
        """Return correct / total for ``field``, or None when it was never checked."""
        correct, total = self.values.get(field, (0, 0))
        return correct / total if total else None

    def to_dict(self) -> dict[str, Any]:
        """Return this label's counts, ratios and value accuracies as a JSON-ready dict."""
        return {
            "gold": self.strict.n_gold,
            "pred": self.strict.n_pred,
            "strict": self.strict.to_dict(),
            "partial": self.partial.to_dict(),
            "values": {
                name: {
                    "correct": correct,
                    "total": total,
                    "accuracy": self.value_accuracy(name),
                }
                for name, (correct, total) in sorted(self.values.items())
            },
        }


@dataclass
class Evaluation:
    """Outcome of :func:`score`: one :class:`LabelScore` per scored label."""

    labels: dict[str, LabelScore]
    n_docs: int
    missing_docs: list[str]

    @property
    def micro(self) -> LabelScore:
        """Return a ``LabelScore`` labelled ``micro`` whose strict and partial
        counts are summed over all labels (its ``values`` is empty, since the
        same field name means different things under different labels)."""
        strict = PRF(0.0, 0, 0)
        partial = PRF(0.0, 0, 0)
        for label_score in self.labels.values():
            strict += label_score.strict
            partial += label_score.partial
        return LabelScore("micro", strict, partial, {})

    def to_dict(self) -> dict[str, Any]:
        """Return the whole evaluation as a JSON-serialisable dict.

        Keys: ``n_docs``, ``missing_docs``, ``labels`` (label -> gold/pred
        counts, strict and partial tp/n_pred/n_gold/precision/recall/f1, and
        per-field value correct/total/accuracy) and ``micro`` (strict and
        partial for all labels together).
        """
        micro = self.micro
        return {
            "n_docs": self.n_docs,
            "missing_docs": list(self.missing_docs),
            "labels": {name: self.labels[name].to_dict() for name in _ordered(self.labels)},
            "micro": {
                "gold": micro.strict.n_gold,
                "pred": micro.strict.n_pred,
                "strict": micro.strict.to_dict(),
                "partial": micro.partial.to_dict(),
            },
        }


# --------------------------------------------------------------------------
# Value comparison


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _is_number(value: Any) -> bool:
    # bool is a subclass of int, but True == 1 would hide a type error in
    # the extractor's output (a flag where a count belongs or vice versa).
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _list_key(item: Any) -> tuple[str, str]:
    if isinstance(item, str):
        return ("s", _fold(item))
    # Non-string items are rare; a canonical JSON dump keeps them hashable
    # and comparable without guessing at a looser rule.
    return ("j", json.dumps(item, sort_keys=True, ensure_ascii=False))


def values_equal(label: str, name: str, gold: Any, pred: Any) -> bool:
    """Return whether a predicted value counts as equal to the gold's.

    Strings compare after NFC and whitespace folding, numbers within
    ``NUMBER_TOLERANCE`` (a bool is never a number), lists as multisets, and a
    gold DATE ``value`` of ``--MM-DD`` accepts any full date with that month and day.
    """
    if _is_number(gold) or _is_number(pred):
        return (
            _is_number(gold)
            and _is_number(pred)
            and math.isclose(gold, pred, rel_tol=0.0, abs_tol=NUMBER_TOLERANCE)
        )
    if isinstance(gold, str) or isinstance(pred, str):
        if not (isinstance(gold, str) and isinstance(pred, str)):
            return False
        gold_s, pred_s = _fold(gold), _fold(pred)
        if label == "DATE" and name == "value":
            # A gold set built without a publication date cannot know the
            # year, while the extractor may infer it from the text itself.
            month_day = _MONTH_DAY.fullmatch(gold_s)
            full = _FULL_DATE.fullmatch(pred_s)
            if month_day and full:
                return month_day.groups() == full.groups()
        return gold_s == pred_s
    if isinstance(gold, (list, tuple)) or isinstance(pred, (list, tuple)):
        if not (isinstance(gold, (list, tuple)) and isinstance(pred, (list, tuple))):
            return False
        return Counter(map(_list_key, gold)) == Counter(map(_list_key, pred))
    return gold == pred


# --------------------------------------------------------------------------
# Matching


def _span(entity: dict, doc_id: Any, index: int) -> tuple[int, int, str]:
    try:
        start, end, label = entity["start"], entity["end"], entity["label"]
    except (KeyError, TypeError):
        raise ValueError(
            f"document {doc_id!r}: entity {index} lacks 'start', 'end' or 'label'"
        ) from None
    offsets_ok = all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))
    if not offsets_ok or not isinstance(label, str):
        raise ValueError(
            f"document {doc_id!r}: entity {index} has malformed 'start', 'end' or 'label'"
        )
    return start, end, label


def _select(doc: dict, wanted: set[str] | None) -> list[tuple[tuple[int, int, str], dict]]:
    doc_id = doc.get("id")
    selected = []
    for index, entity in enumerate(doc.get("entities") or []):
        span = _span(entity, doc_id, index)
        if wanted is None or span[2] in wanted:
            selected.append((span, entity))
    return selected


def _match_strict(
    gold: list[tuple[tuple[int, int, str], dict]],
    pred: list[tuple[tuple[int, int, str], dict]],
) -> list[tuple[int, int]]:
    # Same-span duplicates pair in order of appearance, each at most once.
    waiting: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for p_index, (span, _) in enumerate(pred):
        waiting[span].append(p_index)
    pairs = []
    for g_index, (span, _) in enumerate(gold):
        queue = waiting.get(span)
        if queue:
            pairs.append((g_index, queue.pop(0)))
    return pairs


def _match_overlap(
    gold: list[tuple[tuple[int, int, str], dict]],
    pred: list[tuple[tuple[int, int, str], dict]],
    gold_free: set[int],
    pred_free: set[int],
) -> list[tuple[int, int]]:
    """Return leftover gold/pred pairs of one label that overlap, paired one-to-one."""
    candidates = []
    for g_index in gold_free:
        g_start, g_end, g_label = gold[g_index][0]
        for p_index in pred_free:
            p_start, p_end, p_label = pred[p_index][0]
            if p_label != g_label:
                continue
            overlap = min(g_end, p_end) - max(g_start, p_start)
            if overlap > 0:
                candidates.append((-overlap, g_start, p_start, g_index, p_index))
    # Greedy by largest overlap; the remaining keys only make ties
    # deterministic so that a score never depends on set iteration order.
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, _, g_index, p_index in candidates:
        if g_index in used_gold or p_index in used_pred:
            continue
        used_gold.add(g_index)
        used_pred.add(p_index)
        pairs.append((g_index, p_index))
    return sorted(pairs)


@dataclass(frozen=True)
class Alignment:
    """How the mentions of one document pair up, gold against predicted.

    ``gold`` and ``pred`` are the scored entities in document order; pairs are
    ``(gold index, pred index)``: ``strict`` same span and label, ``overlap``
    same label and overlapping spans among the mentions left after the strict
    pairing (each counts half under the partial scheme).
    """

    gold: list[dict]
    pred: list[dict]
    strict: list[tuple[int, int]]
    overlap: list[tuple[int, int]]

    @property
    def gold_unpaired(self) -> list[int]:
        """Return the indices of gold mentions in no pair, in order."""
        paired = {g for g, _ in self.strict + self.overlap}
        return [i for i in range(len(self.gold)) if i not in paired]

    @property
    def pred_unpaired(self) -> list[int]:
        """Return the indices of predicted mentions in no pair, in order."""
        paired = {p for _, p in self.strict + self.overlap}
        return [i for i in range(len(self.pred)) if i not in paired]


def align(gold_doc: dict, pred_doc: dict | None, labels: Iterable[str] | None = None) -> Alignment:
    """Pair the mentions of one gold document with those of its prediction.

    Returns the :class:`Alignment` that :func:`score` counts: strict pairs
    first (same-span duplicates in order of appearance), then, per label,
    overlapping leftovers paired by largest overlap. Only ``labels`` are
    considered (all when None); a missing prediction (None) pairs nothing.
    Raises ``ValueError`` on an entity lacking ``start``, ``end`` or ``label``.
    """
    wanted = None if labels is None else set(labels)
    gold_ents = _select(gold_doc, wanted)
    pred_ents = _select(pred_doc, wanted) if pred_doc is not None else []
    strict_pairs = _match_strict(gold_ents, pred_ents)
    gold_free = set(range(len(gold_ents))) - {g for g, _ in strict_pairs}
    pred_free = set(range(len(pred_ents))) - {p for _, p in strict_pairs}
    overlap_pairs = _match_overlap(gold_ents, pred_ents, gold_free, pred_free)
    return Alignment(
        gold=[entity for _, entity in gold_ents],
        pred=[entity for _, entity in pred_ents],
        strict=strict_pairs,
        overlap=overlap_pairs,
    )


@dataclass
class _Tally:
    strict_tp: int = 0
    partial_tp: float = 0.0
    n_pred: int = 0
    n_gold: int = 0
    values: dict[str, list[int]] = field(default_factory=dict)


def _index_by_id(docs: Iterable[dict], what: str) -> dict[Any, dict]:
    by_id: dict[Any, dict] = {}
    for doc in docs:
        if "id" not in doc:
            raise ValueError(f"{what} document lacks 'id'")
        doc_id = doc["id"]
        if doc_id in by_id:
            # Two documents under one id cannot be paired unambiguously.
            raise ValueError(f"duplicate {what} document id {doc_id!r}")
        by_id[doc_id] = doc
    return by_id


def score(
    gold: Iterable[dict],
    pred: Iterable[dict],
    labels: Sequence[str] | None = None,
) -> Evaluation:
    """Compare predicted documents with gold documents, paired by ``id``.

    Returns an :class:`Evaluation` with one :class:`LabelScore` per scored
    label (``labels``, or every label found in the gold when None), in the
    order DOC_REF, DATE, PERCENT, PERSON, TITLE, MODEL, CAMPAIGN, then others
    alphabetically. Gold documents without a prediction count all their
    mentions as missed and are listed in ``missing_docs``; predicted documents
    absent from the gold are ignored. Raises ``ValueError`` on duplicate ids or
    an entity lacking ``start``, ``end`` or ``label``.
    """
    gold_docs = _index_by_id(gold, "gold")
    pred_docs = _index_by_id(pred, "predicted")

    if labels is None:
        wanted = {
            span[2] for doc in gold_docs.values() for span, _ in _select(doc, None)
        }
    else:
        wanted = set(labels)

    tallies: dict[str, _Tally] = {label: _Tally() for label in wanted}
    missing: list[str] = []

    for doc_id, gold_doc in gold_docs.items():
        pred_doc = pred_docs.get(doc_id)
        if pred_doc is None:
            missing.append(doc_id)
        pairing = align(gold_doc, pred_doc, wanted)
        for entity in pairing.gold:
            tallies[entity["label"]].n_gold += 1
        for entity in pairing.pred:
            tallies[entity["label"]].n_pred += 1
        for g_index, p_index in pairing.strict:
            gold_ent, pred_ent = pairing.gold[g_index], pairing.pred[p_index]
            tally = tallies[gold_ent["label"]]
            tally.strict_tp += 1
            tally.partial_tp += 1.0
            _tally_values(tally, gold_ent["label"], gold_ent, pred_ent)
        for g_index, _ in pairing.overlap:
            tallies[pairing.gold[g_index]["label"]].partial_tp += 0.5

    scores = {}
    for label in _ordered(tallies):
        tally = tallies[label]
        scores[label] = LabelScore(
            label=label,
            strict=PRF(float(tally.strict_tp), tally.n_pred, tally.n_gold),
            partial=PRF(tally.partial_tp, tally.n_pred, tally.n_gold),
            values={name: (c, t) for name, (c, t) in tally.values.items()},
        )
    return Evaluation(labels=scores, n_docs=len(gold_docs), missing_docs=missing)


def _tally_values(tally: _Tally, label: str, gold_ent: dict, pred_ent: dict) -> None:
    gold_attrs = gold_ent.get("attrs") or {}
    pred_attrs = pred_ent.get("attrs") or {}
    for name, gold_value in gold_attrs.items():
        if gold_value is None:
            continue
        counts = tally.values.setdefault(name, [0, 0])
        counts[1] += 1
        if name in pred_attrs and values_equal(label, name, gold_value, pred_attrs[name]):
            counts[0] += 1


# --------------------------------------------------------------------------
# Report


def ordered_labels(labels: Iterable[str]) -> list[str]:
    """Return ``labels`` in report order: LABEL_ORDER first, then others alphabetically."""
    rank = {label: index for index, label in enumerate(LABEL_ORDER)}
    return sorted(labels, key=lambda label: (rank.get(label, len(LABEL_ORDER)), label))


_ordered = ordered_labels


def format_table(ev: Evaluation, title: str = "") -> str:
    """Return a fixed-width plain-text report of ``ev``.

    The first block has one row per label, then a ``micro`` row, with gold
    and predicted counts and strict / partial precision, recall and F1; the
    second block lists, per label and field, correct/total and the value
    accuracy. Ratios have 3 decimals. The text ends without a newline.
    """
    lines: list[str] = []
    if title:
        lines.append(title)

    names = _ordered(ev.labels)
    rows = [ev.labels[name] for name in names] + [ev.micro]
    label_width = max([len("label"), len("micro")] + [len(name) for name in names])
    header = (
        f"{'label':<{label_width}}  {'gold':>5}  {'pred':>5}  "
        f"{'strict-P':>8}  {'strict-R':>8}  {'strict-F1':>9}  "
        f"{'partial-P':>9}  {'partial-R':>9}  {'partial-F1':>10}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for row in rows:
        lines.append(
            f"{row.label:<{label_width}}  {row.strict.n_gold:>5}  {row.strict.n_pred:>5}  "
            f"{row.strict.precision:>8.3f}  {row.strict.recall:>8.3f}  {row.strict.f1:>9.3f}  "
            f"{row.partial.precision:>9.3f}  {row.partial.recall:>9.3f}  {row.partial.f1:>10.3f}"
        )

    value_rows = [
        (name, field_name, f"{correct}/{total}", ev.labels[name].value_accuracy(field_name))
        for name in names
        for field_name, (correct, total) in sorted(ev.labels[name].values.items())
    ]
    field_width = max([len("field")] + [len(r[1]) for r in value_rows])
    count_width = max([len("correct/total")] + [len(r[2]) for r in value_rows])
    lines.append("")
    value_header = (
        f"{'label':<{label_width}}  {'field':<{field_width}}  "
        f"{'correct/total':>{count_width}}  {'accuracy':>8}"
    )
    lines.append(value_header)
    lines.append("-" * len(value_header))
    for name, field_name, counts, accuracy in value_rows:
        shown = "-" if accuracy is None else f"{accuracy:.3f}"
        lines.append(
            f"{name:<{label_width}}  {field_name:<{field_width}}  "
            f"{counts:>{count_width}}  {shown:>8}"
        )
    return "\n".join(lines)

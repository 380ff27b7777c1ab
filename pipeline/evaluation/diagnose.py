"""Diagnose: every disagreement between a gold set and predictions, with its sentence.

The pairing is the scorer's (:func:`pipeline.evaluation.score.align`), so the errors add
up to the scores: per label, ``n_gold = strict tp + boundary + label + miss``
(gold side) and ``n_pred = strict tp + boundary + label + spurious``.

Kinds, in the order they are decided for one document:

- ``value``: a strict match whose predicted value differs from a value the gold
  states (one error per field, ``field`` names it);
- ``boundary``: same label, overlapping spans, not the same span;
- ``label``: a gold and a predicted mention left over after the two steps above
  that overlap (or coincide) with different labels, paired by largest overlap;
- ``miss``: a gold mention with no counterpart; ``spurious``: a predicted one.

The context ``sentence`` is the raw text of the pipeline's own sentences
(:func:`pipeline.stages.segment.split_sentences` on the cleaned view, mapped back to raw
offsets) that the mention, or the union of the two mentions, overlaps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.evaluation.score import Alignment, align, values_equal
from pipeline.stages.clean import clean
from pipeline.stages.segment import split_sentences

ERROR_KINDS: tuple[str, ...] = ("miss", "spurious", "boundary", "label", "value")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the raw (start, end) of each sentence the pipeline finds in ``text``."""
    if not text:
        return [(0, 0)]
    view = clean(text)
    return [view.raw_span(start, end) for start, end in split_sentences(view)]


@dataclass(frozen=True)
class Context:
    """The sentences of one text, to quote the sentence around a span."""

    text: str
    spans: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str) -> Context:
        """Return the context of ``text`` (runs the pipeline's sentence splitter)."""
        return cls(text, sentence_spans(text))

    def around(self, start: int, end: int) -> str:
        """Return the text from the first to the last sentence overlapping [start, end).

        Every non-blank character lies in some sentence; a span of blanks only
        (never a mention) is returned as it is.
        """
        touched = [(s, e) for s, e in self.spans if s < max(end, start + 1) and e > start]
        if not touched:
            return self.text[start:end]
        return self.text[touched[0][0]:touched[-1][1]]


def _entity(entity: dict, text: str) -> dict[str, Any]:
    start, end = entity["start"], entity["end"]
    return {"start": start, "end": end, "label": entity["label"], "text": text[start:end],
            "attrs": entity.get("attrs") or {}}


def _label_confusions(pairing: Alignment) -> list[tuple[int, int]]:
    """Pair leftover gold and predicted mentions of different labels by largest overlap."""
    candidates = []
    for g_index in pairing.gold_unpaired:
        gold = pairing.gold[g_index]
        for p_index in pairing.pred_unpaired:
            pred = pairing.pred[p_index]
            overlap = min(gold["end"], pred["end"]) - max(gold["start"], pred["start"])
            if pred["label"] != gold["label"] and overlap > 0:
                candidates.append((-overlap, gold["start"], pred["start"], g_index, p_index))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, _, g_index, p_index in sorted(candidates):
        if g_index not in used_gold and p_index not in used_pred:
            used_gold.add(g_index)
            used_pred.add(p_index)
            pairs.append((g_index, p_index))
    return pairs


def document_errors(gold_doc: dict, pred_doc: dict | None, labels: Iterable[str] | None = None,
                    context: Context | None = None) -> list[dict[str, Any]]:
    """Return the errors of one document, ordered by position then kind.

    Each error is ``{doc_id, kind, label, gold, pred, sentence}`` (plus
    ``field`` for a ``value`` error); ``gold`` and ``pred`` are
    ``{start, end, label, text, attrs}`` or None. ``label`` is the gold's label
    where there is a gold mention, else the prediction's. Offsets and span
    texts refer to the gold text.
    """
    text = gold_doc.get("text") or ""
    pairing = align(gold_doc, pred_doc, labels)
    found: list[tuple[dict | None, dict | None, str, str | None]] = []
    for g_index, p_index in pairing.strict:
        matched_gold, matched_pred = pairing.gold[g_index], pairing.pred[p_index]
        pred_attrs = matched_pred.get("attrs") or {}
        for name, gold_value in (matched_gold.get("attrs") or {}).items():
            if gold_value is None:
                continue
            if name not in pred_attrs or not values_equal(matched_gold["label"], name, gold_value, pred_attrs[name]):
                found.append((matched_gold, matched_pred, "value", name))
    for g_index, p_index in pairing.overlap:
        found.append((pairing.gold[g_index], pairing.pred[p_index], "boundary", None))
    confusions = _label_confusions(pairing)
    for g_index, p_index in confusions:
        found.append((pairing.gold[g_index], pairing.pred[p_index], "label", None))
    confused_gold = {g for g, _ in confusions}
    confused_pred = {p for _, p in confusions}
    found += [(pairing.gold[i], None, "miss", None) for i in pairing.gold_unpaired if i not in confused_gold]
    found += [(None, pairing.pred[i], "spurious", None) for i in pairing.pred_unpaired if i not in confused_pred]
    if not found:
        return []

    context = context or Context.of(text)
    rank = {kind: n for n, kind in enumerate(ERROR_KINDS)}
    errors = []
    for gold, pred, kind, name in found:
        ends = [e for e in (gold, pred) if e is not None]
        start = min(e["start"] for e in ends)
        end = max(e["end"] for e in ends)
        error: dict[str, Any] = {
            "doc_id": gold_doc.get("id"),
            "kind": kind,
            "label": ends[0]["label"],
        }
        if name is not None:
            error["field"] = name
        error["gold"] = _entity(gold, text) if gold is not None else None
        error["pred"] = _entity(pred, text) if pred is not None else None
        error["sentence"] = context.around(start, end)
        errors.append(((start, end, rank[kind], name or ""), error))
    errors.sort(key=lambda item: item[0])
    return [error for _, error in errors]


def find_errors(gold: Iterable[dict], pred: Iterable[dict],
                labels: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Return every error of ``pred`` against ``gold``, document by document in gold order.

    Documents pair by ``id``; a gold document without a prediction has all its
    mentions missed. ``labels`` limits the labels looked at (default: those in
    the gold). See :func:`document_errors` for the shape of one error.
    """
    gold_docs = list(gold)
    pred_by_id = {doc["id"]: doc for doc in pred}
    wanted = set(labels) if labels is not None else {
        e["label"] for doc in gold_docs for e in doc.get("entities") or []}
    errors: list[dict[str, Any]] = []
    for doc in gold_docs:
        errors += document_errors(doc, pred_by_id.get(doc["id"]), wanted)
    return errors


def count_kinds(errors: Iterable[dict]) -> Counter:
    """Return how many errors there are of each kind."""
    return Counter(error["kind"] for error in errors)

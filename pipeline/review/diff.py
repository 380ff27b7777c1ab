"""Differences of one record from its gold document, as the review page marks them.

Nothing is matched here: the mention errors are ``evaluate --errors``' own
(:func:`pipeline.evaluation.diagnose.document_errors`, the scorer's alignment) and the fact
pairing is the fact scorer's (:func:`pipeline.evaluation.facts.align_facts`). This module only
hangs each error on what the page draws: a predicted mention (by its id), a gold mention drawn
beside it, a fact row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluation.diagnose import Context, document_errors
from pipeline.evaluation.facts import align_facts, wrong_values

# How a predicted mention stands against the gold; the worst error of a mention names it.
MENTION_STATUS = ("ok", "value", "boundary", "label", "spurious")
GOLD_STATUS = {"miss": "missed", "boundary": "gold-boundary", "label": "gold-label"}


@dataclass
class GoldMention:
    """A gold mention the page draws because the prediction differs from it."""

    key: str
    start: int
    end: int
    label: str
    text: str
    status: str
    attrs: dict[str, Any]


@dataclass
class Differences:
    """What differs in one document: per predicted mention id its status and notes, the gold mentions
    to draw, per predicted fact (by position in the record) its status and wrong values, the missed
    gold facts, and how many errors of each kind."""

    mention_status: dict[str, str] = field(default_factory=dict)
    mention_notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    gold_mentions: list[GoldMention] = field(default_factory=list)
    fact_status: dict[int, str] = field(default_factory=dict)
    fact_wrong: dict[int, dict[str, Any]] = field(default_factory=dict)
    missed_facts: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)


def entity_key(entity: dict, index: int) -> str:
    """Return the key a mention goes by in the page: its id, or ``E<n>`` (1-based) in a file without ids
    (a gold file shown as records)."""
    return str(entity["id"]) if entity.get("id") not in (None, "") else f"E{index + 1}"


def _ids_by_span(record: dict) -> dict[tuple[int, int, str], list[str]]:
    found: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for index, entity in enumerate(record.get("entities") or []):
        found[(entity["start"], entity["end"], entity["label"])].append(entity_key(entity, index))
    return found


def _worse(old: str | None, new: str) -> str:
    return new if old is None or MENTION_STATUS.index(new) > MENTION_STATUS.index(old) else old


def _note(error: dict) -> str:
    gold = error["gold"]
    if error["kind"] == "value":
        pred_value = error["pred"]["attrs"].get(error["field"])
        return f"{error['field']}: {pred_value!r}, gold {gold['attrs'].get(error['field'])!r}"
    if error["kind"] == "boundary":
        return f"gold span: {gold['text']!r}"
    if error["kind"] == "label":
        return f"gold label: {gold['label']}"
    return "not in the gold"


def mention_differences(record: dict, gold: dict, labels: Iterable[str], out: Differences) -> None:
    """Fill ``out`` with the mention errors of ``record`` against ``gold`` (the scorer's pairing)."""
    # The page shows no sentence, so one context of the whole text spares the sentence splitter.
    text = gold.get("text") or record.get("text") or ""
    errors = document_errors({**gold, "text": text}, record, set(labels), Context(text, [(0, len(text))]))
    ids = _ids_by_span(record)
    taken: Counter = Counter()
    for error in errors:
        kind = error["kind"]
        out.counts[kind] += 1
        pred, gold_mention = error["pred"], error["gold"]
        if pred is not None:
            span = (pred["start"], pred["end"], pred["label"])
            # Same-span duplicates: the n-th error on a span goes to the n-th mention with it.
            candidates = ids.get(span) or ["?"]
            key = candidates[min(taken[span], len(candidates) - 1)] if kind == "spurious" else candidates[0]
            taken[span] += kind == "spurious"
            out.mention_status[key] = _worse(out.mention_status.get(key), kind)
            out.mention_notes[key].append(_note(error))
        if gold_mention is not None and kind in GOLD_STATUS:
            out.gold_mentions.append(GoldMention(f"gold-{len(out.gold_mentions) + 1}", gold_mention["start"],
                                                 gold_mention["end"], gold_mention["label"], gold_mention["text"],
                                                 GOLD_STATUS[kind], gold_mention["attrs"]))


def fact_differences(record: dict, gold: dict, out: Differences) -> None:
    """Fill ``out`` with the fact errors of ``record`` against ``gold`` (the fact scorer's pairing)."""
    if "facts" not in gold:
        return
    aligned = align_facts(gold, record)
    position = {id(fact): n for n, fact in enumerate(record.get("facts") or [])}
    for gold_fact, pred_fact in aligned.pairs:
        wrong = wrong_values(gold_fact, pred_fact)
        out.fact_status[position[id(pred_fact)]] = "value" if wrong else "ok"
        if wrong:
            out.fact_wrong[position[id(pred_fact)]] = {name: gold_fact["values"].get(name) for name in wrong}
            out.counts["fact value"] += len(wrong)
    for pred_fact in aligned.spurious:
        out.fact_status[position[id(pred_fact)]] = "spurious"
        out.counts["fact spurious"] += 1
    out.missed_facts = list(aligned.missed)
    if aligned.missed:
        out.counts["fact miss"] += len(aligned.missed)


def differences(record: dict, gold: dict, labels: Iterable[str]) -> Differences:
    """Return the :class:`Differences` of ``record`` from ``gold``, mentions (of ``labels``) and facts."""
    out = Differences()
    mention_differences(record, gold, labels, out)
    fact_differences(record, gold, out)
    return out

"""Score predicted facts against gold facts: P/R/F1 per fact type, values, and every error.

Only gold documents that carry a ``facts`` list are scored (a document without the key
has no fact annotation). A predicted fact matches a gold fact of the same type when
their identity values (``key`` in ``pipeline.core.facts.FACT_TYPES``) agree after whitespace
folding, tone-mark normalisation and case folding; a document may hold several facts of one
identity, and each counts. For matched facts, every other value the gold states is checked
(value accuracy), as for entities: a figure's ``metric`` is such a value. A matched fact with
every value right counts towards the "all values" F1, the score a database user cares about.

The pairing (:func:`align_facts`) is shared by the scores, :func:`fact_errors` (``evaluate
--errors``) and :func:`compare_facts` (``evaluate --compare``), so errors add up to the scores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.facts import FACT_TYPES
from pipeline.evaluation.diagnose import Context
from pipeline.evaluation.score import PRF, values_equal
from pipeline.stages.link import fact_key, name_key

FACT_ERROR_KINDS: tuple[str, ...] = ("miss", "spurious", "value")


@dataclass
class FactEvaluation:
    """Fact scores of a run: P/R/F1 per type, micro average, value accuracy, all-values F1."""

    n_docs: int
    by_type: dict[str, PRF]
    values: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    exact: dict[str, PRF] = field(default_factory=dict)

    @property
    def micro(self) -> PRF:
        """The micro average over all fact types."""
        total = PRF(0, 0, 0)
        for p in self.by_type.values():
            total = total + p
        return total

    def to_dict(self) -> dict[str, Any]:
        """Return the scores as plain JSON-able data."""
        return {"documents": self.n_docs,
                "types": {t: {**p.to_dict(), "all_values": self.exact[t].to_dict()} for t, p in self.by_type.items()},
                "micro": self.micro.to_dict(),
                "values": {f"{t}.{v}": {"correct": c, "total": n} for (t, v), (c, n) in sorted(self.values.items())}}


def _value_equal(gold: Any, pred: Any, name: str = "") -> bool:
    if name == "date":
        # As for DATE mentions: a gold day-month without year accepts the year the extractor inferred.
        return values_equal("DATE", "value", gold, pred)
    if isinstance(gold, (int, float)) and isinstance(pred, (int, float)):
        return abs(gold - pred) < 1e-6
    if isinstance(gold, list) and isinstance(pred, list):
        return [name_key(str(x)) for x in gold] == [name_key(str(x)) for x in pred]
    return pred is not None and name_key(str(gold)) == name_key(str(pred))


def wrong_values(gold: dict, pred: dict) -> list[str]:
    """Return the names of the values the gold fact states, beyond its identity, that ``pred`` gets wrong."""
    key = FACT_TYPES[gold["type"]].key
    return [name for name, value in gold.get("values", {}).items()
            if name not in key and not _value_equal(value, pred.get("values", {}).get(name), name)]


def _pair(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Pair facts of one identity, those agreeing on more values first."""
    def agreement(g: dict, p: dict) -> int:
        return sum(_value_equal(v, p["values"].get(k), k) for k, v in g.get("values", {}).items())

    pairs, free = [], list(pred)
    for g in gold:
        if not free:
            break
        best = max(free, key=lambda p: agreement(g, p))
        free.remove(best)
        pairs.append((g, best))
    return pairs


@dataclass
class FactAlignment:
    """The facts of one document, paired: matched pairs, missed gold facts, spurious predictions."""

    pairs: list[tuple[dict, dict]] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)


def align_facts(gold_doc: dict, pred_doc: dict | None) -> FactAlignment:
    """Return the pairing of a gold document's facts with the predicted document's (by identity)."""
    expected: dict[tuple, list[dict]] = defaultdict(list)
    for fact in gold_doc.get("facts", []):
        expected[fact_key(fact)].append(fact)
    predicted: dict[tuple, list[dict]] = defaultdict(list)
    for fact in (pred_doc or {}).get("facts", []):
        predicted[fact_key(fact)].append(fact)
    out = FactAlignment()
    for key in list(expected) + [k for k in predicted if k not in expected]:
        wanted, found = expected.get(key, []), predicted.get(key, [])
        pairs = _pair(wanted, found)
        out.pairs += pairs
        paired_gold = {id(g) for g, _ in pairs}
        paired_pred = {id(p) for _, p in pairs}
        out.missed += [g for g in wanted if id(g) not in paired_gold]
        out.spurious += [p for p in found if id(p) not in paired_pred]
    return out


def _gold_with_facts(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> Iterable[tuple[dict, dict | None]]:
    preds = {str(d["id"]): d for d in pred_docs}
    for gold in gold_docs:
        if "facts" in gold:
            yield gold, preds.get(str(gold["id"]))


def score_facts(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> FactEvaluation:
    """Return the fact scores of ``pred_docs`` against the gold documents that have facts."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp, fp, fn, tp with every value right
    values: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    n_docs = 0
    for gold, pred in _gold_with_facts(gold_docs, pred_docs):
        n_docs += 1
        aligned = align_facts(gold, pred)
        for g, p in aligned.pairs:
            tally = counts[g["type"]]
            wrong = wrong_values(g, p)
            tally[0] += 1
            tally[3] += not wrong
            for name in g.get("values", {}):
                if name not in FACT_TYPES[g["type"]].key:
                    values[(g["type"], name)][0] += name not in wrong
                    values[(g["type"], name)][1] += 1
        for p in aligned.spurious:
            counts[p["type"]][1] += 1
        for g in aligned.missed:
            counts[g["type"]][2] += 1
    by_type = {t: PRF(tp, tp + fp, tp + fn) for t in FACT_TYPES if t in counts for tp, fp, fn, _ in [counts[t]]}
    exact = {t: PRF(ok, tp + fp, tp + fn) for t in by_type for tp, fp, fn, ok in [counts[t]]}
    return FactEvaluation(n_docs, by_type, {k: (c, n) for k, (c, n) in values.items()}, exact)


def _where(fact: dict, record: dict | None, text: str) -> tuple[int, int]:
    """Return the raw span a fact stands on: its linked entities, else the first of its values found in the text."""
    entities = {e["id"]: e for e in (record or {}).get("entities", [])}
    ids = [i for v in fact.get("args", {}).values() for i in ([v] if isinstance(v, str) else v)]
    spans = [(entities[i]["start"], entities[i]["end"]) for i in ids if i in entities]
    if spans:
        return min(s for s, _ in spans), max(e for _, e in spans)
    values = fact.get("values", {})
    for name in FACT_TYPES[fact["type"]].key + tuple(values):
        value = values.get(name)
        if isinstance(value, float):
            value = f"{value:g}".replace(".", ",")
        at = text.find(str(value)) if value not in (None, "", True, False) else -1
        if at >= 0:
            return at, at + len(str(value))
    return 0, 0


def _error(kind: str, doc: dict, gold: dict | None, pred: dict | None, pred_doc: dict | None,
           context: Context, name: str | None = None) -> dict[str, Any]:
    fact = gold or pred
    assert fact is not None
    start, end = _where(pred, pred_doc, context.text) if pred is not None else (0, 0)
    if pred is None or (start, end) == (0, 0):
        start, end = _where(fact, None, context.text)
    error: dict[str, Any] = {"doc_id": doc.get("id"), "kind": kind, "fact": fact["type"]}
    if name is not None:
        error["field"] = name
    error["gold"] = gold.get("values") if gold is not None else None
    error["pred"] = pred.get("values") if pred is not None else None
    error["sentence"] = context.around(start, end) if end else ""
    return error


def fact_errors(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> list[dict[str, Any]]:
    """Return every fact error: ``{doc_id, kind, fact, gold, pred, sentence}`` (+ ``field`` for a value).

    Kinds are ``miss`` (a gold fact with no prediction of its identity), ``spurious`` and
    ``value`` (a matched fact with one value wrong; one error per value). ``gold`` and ``pred``
    are the facts' values; the sentence is the one the fact's entities (or, for a missed fact,
    its first value found in the text) lie in.
    """
    errors: list[dict[str, Any]] = []
    for gold, pred in _gold_with_facts(gold_docs, pred_docs):
        aligned = align_facts(gold, pred)
        if not (aligned.missed or aligned.spurious or any(wrong_values(g, p) for g, p in aligned.pairs)):
            continue
        context = Context.of(gold.get("text") or "")
        errors += [_error("miss", gold, g, None, pred, context) for g in aligned.missed]
        errors += [_error("spurious", gold, None, p, pred, context) for p in aligned.spurious]
        errors += [_error("value", gold, g, p, pred, context, name)
                   for g, p in aligned.pairs for name in wrong_values(g, p)]
    return errors


def compare_facts(gold_docs: Iterable[dict], old_docs: Iterable[dict],
                  new_docs: Iterable[dict]) -> list[dict[str, Any]]:
    """Return what the new run gained and lost in facts against the old one, as ``evaluate --compare`` lists it.

    Each change is ``{kind, doc_id, label, fact, sentence}`` with ``label`` ``fact:<type>``; kinds
    are those of mention changes: ``gained``/``lost`` (a gold fact matched with every value right
    only in the new/old run), ``spurious_added``/``spurious_removed``.
    """
    changes: list[dict[str, Any]] = []
    old_by_id = {str(d["id"]): d for d in old_docs}
    for gold, new in _gold_with_facts(gold_docs, new_docs):
        old = old_by_id.get(str(gold["id"]))
        right: dict[str, set[int]] = {}
        spurious: dict[str, dict[tuple, dict]] = {}
        for name, run in (("old", old), ("new", new)):
            aligned = align_facts(gold, run)
            right[name] = {id(g) for g, p in aligned.pairs if not wrong_values(g, p)}
            spurious[name] = {fact_key(p): p for p in aligned.spurious}
        found: list[tuple[str, dict, dict | None]] = []
        found += [("gained", g, None) for g in gold["facts"] if id(g) in right["new"] - right["old"]]
        found += [("lost", g, None) for g in gold["facts"] if id(g) in right["old"] - right["new"]]
        found += [("spurious_added", p, new) for k, p in spurious["new"].items() if k not in spurious["old"]]
        found += [("spurious_removed", p, old) for k, p in spurious["old"].items() if k not in spurious["new"]]
        if not found:
            continue
        context = Context.of(gold.get("text") or "")
        for kind, fact, record in found:
            start, end = _where(fact, record, context.text)
            changes.append({"kind": kind, "doc_id": gold["id"], "label": f"fact:{fact['type']}",
                            "fact": fact["values"], "sentence": context.around(start, end) if end else ""})
    return changes


def format_fact_table(ev: FactEvaluation) -> str:
    """Return the fact scores as a plain-text table: P/R/F1 per type, the F1 counting only facts
    with every value right ("all-F1"), then the accuracy of each value."""
    lines = [f"facts ({ev.n_docs} documents with gold facts)",
             f"{'type':<16}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}{'all-F1':>8}", "-" * 60]
    exact_micro = PRF(0, 0, 0)
    for p in ev.exact.values():
        exact_micro = exact_micro + p
    for name, p, all_right in list((t, p, ev.exact[t]) for t, p in ev.by_type.items()) + [
            ("micro", ev.micro, exact_micro)]:
        lines.append(f"{name:<16}{p.n_gold:>6}{p.n_pred:>6}{p.precision:>8.3f}{p.recall:>8.3f}{p.f1:>8.3f}"
                     f"{all_right.f1:>8.3f}")
    if ev.values:
        lines += ["", f"{'type':<16}{'value':<12}{'correct/total':>14}{'accuracy':>10}", "-" * 52]
        for (t, v), (c, n) in sorted(ev.values.items()):
            lines.append(f"{t:<16}{v:<12}{f'{c}/{n}':>14}{c / n:>10.3f}")
    return "\n".join(lines)

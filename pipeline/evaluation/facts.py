"""Score predicted facts against gold facts: precision, recall and F1 per fact type.

Only gold documents that carry a ``facts`` list are scored (a document without the key
has no fact annotation). A predicted fact matches a gold fact of the same type when
their identity values (``pipeline.stages.link.FACT_KEYS``) agree after whitespace folding,
tone-mark normalisation and case folding; a document may hold several facts of one
identity, and each counts. For matched facts, every other value the gold states is checked
(value accuracy), as for entities: a figure's ``metric`` is such a value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluation.score import PRF, values_equal
from pipeline.stages.link import FACT_KEYS, fact_key, name_key

FACT_TYPES: tuple[str, ...] = tuple(FACT_KEYS)


@dataclass
class FactEvaluation:
    """Fact scores of a run: P/R/F1 per type, micro average, value accuracy."""

    n_docs: int
    by_type: dict[str, PRF]
    values: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

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
                "types": {t: p.to_dict() for t, p in self.by_type.items()},
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


def score_facts(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> FactEvaluation:
    """Return the fact scores of ``pred_docs`` against the gold documents that have facts."""
    preds = {str(d["id"]): d for d in pred_docs}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    values: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    n_docs = 0
    for gold in gold_docs:
        if "facts" not in gold:
            continue
        n_docs += 1
        predicted: dict[tuple, list[dict]] = defaultdict(list)
        for fact in preds.get(str(gold["id"]), {}).get("facts", []):
            predicted[fact_key(fact)].append(fact)
        expected: dict[tuple, list[dict]] = defaultdict(list)
        for fact in gold["facts"]:
            expected[fact_key(fact)].append(fact)
        for key in set(expected) | set(predicted):
            wanted, found = expected.get(key, []), predicted.get(key, [])
            kind = (wanted or found)[0]["type"]
            pairs = _pair(wanted, found)
            counts[kind][0] += len(pairs)
            counts[kind][1] += len(found) - len(pairs)
            counts[kind][2] += len(wanted) - len(pairs)
            for g, p in pairs:
                for name, value in g.get("values", {}).items():
                    if name not in FACT_KEYS[kind]:
                        tally = values[(kind, name)]
                        tally[0] += _value_equal(value, p["values"].get(name), name)
                        tally[1] += 1
    by_type = {t: PRF(tp, tp + fp, tp + fn) for t in FACT_TYPES if t in counts for tp, fp, fn in [counts[t]]}
    return FactEvaluation(n_docs, by_type, {k: (c, n) for k, (c, n) in values.items()})


def format_fact_table(ev: FactEvaluation) -> str:
    """Return the fact scores as a plain-text table."""
    lines = [f"facts ({ev.n_docs} documents with gold facts)",
             f"{'type':<16}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}", "-" * 52]
    for name, p in list(ev.by_type.items()) + [("micro", ev.micro)]:
        lines.append(f"{name:<16}{p.n_gold:>6}{p.n_pred:>6}{p.precision:>8.3f}{p.recall:>8.3f}{p.f1:>8.3f}")
    if ev.values:
        lines += ["", f"{'type':<16}{'value':<12}{'correct/total':>14}{'accuracy':>10}", "-" * 52]
        for (t, v), (c, n) in sorted(ev.values.items()):
            lines.append(f"{t:<16}{v:<12}{f'{c}/{n}':>14}{c / n:>10.3f}")
    return "\n".join(lines)

"""Scores broken down: per gold document, and per group of gold documents (source file, sector, genre).

Both score with one fixed label set (the labels of the whole gold, or the ones
asked for), so a document's spurious mention of a label it has no gold for
still counts against it, exactly as in the overall score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pipeline.evaluation.score import PRF, Evaluation, ordered_labels, score


def label_set(gold: Iterable[dict], labels: Sequence[str] | None) -> list[str]:
    """Return ``labels``, or every label found in the gold when None."""
    if labels is not None:
        return list(labels)
    return sorted({e["label"] for doc in gold for e in doc.get("entities") or []})


@dataclass(frozen=True)
class DocumentScore:
    """The score of one gold document, over all scored labels together."""

    id: str
    source: str | None
    strict: PRF
    partial: PRF
    values_correct: int
    values_total: int
    missing: bool

    @property
    def value_accuracy(self) -> float | None:
        """Return correct / total over every value the gold states, or None when none."""
        return self.values_correct / self.values_total if self.values_total else None

    def to_dict(self) -> dict[str, Any]:
        """Return this document's counts and ratios as a JSON-ready dict."""
        return {
            "id": self.id,
            "source": self.source,
            "gold": self.strict.n_gold,
            "pred": self.strict.n_pred,
            "missing": self.missing,
            "strict": self.strict.to_dict(),
            "partial": self.partial.to_dict(),
            "values": {"correct": self.values_correct, "total": self.values_total,
                       "accuracy": self.value_accuracy},
        }


def per_document(gold: Iterable[dict], pred: Iterable[dict],
                 labels: Sequence[str] | None = None) -> list[DocumentScore]:
    """Return one :class:`DocumentScore` per gold document, in gold order."""
    gold_docs = list(gold)
    wanted = label_set(gold_docs, labels)
    pred_by_id = {doc["id"]: doc for doc in pred}
    scores = []
    for doc in gold_docs:
        predicted = pred_by_id.get(doc["id"])
        ev = score([doc], [predicted] if predicted is not None else [], labels=wanted)
        micro = ev.micro
        correct = sum(c for ls in ev.labels.values() for c, _ in ls.values.values())
        total = sum(t for ls in ev.labels.values() for _, t in ls.values.values())
        scores.append(DocumentScore(str(doc["id"]), doc.get("source"), micro.strict, micro.partial,
                                    correct, total, predicted is None))
    return scores


def source_group(doc: dict, fallback: str) -> str:
    """Return the group of a gold document: the file part of its ``source``
    (``samples/019_portal_dump.jsonl#019a`` -> ``samples/019_portal_dump.jsonl``),
    or ``fallback`` (the gold file's name) when it has no source."""
    source = doc.get("source")
    if not source:
        return fallback
    return str(source).split("#", 1)[0]


GROUP_KEYS = ("source", "sector", "genre")
NO_GROUP = "(none)"


def group_of(doc: dict, key: str, fallback: str) -> str:
    """Return the group a gold document falls in under ``key`` (one of ``GROUP_KEYS``)."""
    if key == "source":
        return source_group(doc, fallback)
    value = doc.get(key)
    return str(value) if value else NO_GROUP


def by_group(gold: Iterable[dict], pred: Iterable[dict], key: str, fallback: str,
             labels: Sequence[str] | None = None) -> dict[str, Evaluation]:
    """Return an :class:`Evaluation` per group of gold documents under ``key``, in order of first appearance."""
    if key not in GROUP_KEYS:
        raise ValueError(f"cannot group by {key!r}; group by one of {', '.join(GROUP_KEYS)}")
    gold_docs = list(gold)
    pred_docs = list(pred)
    wanted = label_set(gold_docs, labels)
    groups: dict[str, list[dict]] = {}
    for doc in gold_docs:
        groups.setdefault(group_of(doc, key, fallback), []).append(doc)
    return {name: score(docs, pred_docs, labels=wanted) for name, docs in groups.items()}


def by_source(gold: Iterable[dict], pred: Iterable[dict], fallback: str,
              labels: Sequence[str] | None = None) -> dict[str, Evaluation]:
    """Return an :class:`Evaluation` per source group, groups in order of first appearance."""
    return by_group(gold, pred, "source", fallback, labels)


def gold_name(path: str) -> str:
    """Return the name a gold file's documents without a source are grouped under."""
    return PurePosixPath(str(path).replace("\\", "/")).name


def format_documents(scores: Sequence[DocumentScore]) -> str:
    """Return a fixed-width table with one row per document.

    Columns: id, gold and predicted counts, strict P/R/F1, partial F1 and the
    value accuracy (correct/total). A document with no prediction is marked
    ``(no prediction)``. The text ends without a newline.
    """
    id_width = max([len("document")] + [len(s.id) for s in scores])
    header = (f"{'document':<{id_width}}  {'gold':>5}  {'pred':>5}  {'strict-P':>8}  {'strict-R':>8}  "
              f"{'strict-F1':>9}  {'partial-F1':>10}  {'values':>9}")
    lines = [header, "-" * len(header)]
    for s in scores:
        values = f"{s.values_correct}/{s.values_total}"
        line = (f"{s.id:<{id_width}}  {s.strict.n_gold:>5}  {s.strict.n_pred:>5}  {s.strict.precision:>8.3f}  "
                f"{s.strict.recall:>8.3f}  {s.strict.f1:>9.3f}  {s.partial.f1:>10.3f}  {values:>9}")
        lines.append(line + ("  (no prediction)" if s.missing else ""))
    return "\n".join(lines)


def format_groups(groups: dict[str, Evaluation], key: str = "source") -> str:
    """Return a fixed-width table with one row per group (headed by ``key``).

    Columns: group, documents, gold and predicted counts, strict P/R/F1 and
    partial F1 over all scored labels, then the strict F1 of each label
    (``-`` where the group has neither gold nor predicted mentions of it).
    The text ends without a newline.
    """
    labels = ordered_labels({label for ev in groups.values() for label in ev.labels})
    width = max([len(key)] + [len(name) for name in groups])
    label_head = "".join(f"  {label:>{max(len(label), 5)}}" for label in labels)
    header = (f"{key:<{width}}  {'docs':>4}  {'gold':>5}  {'pred':>5}  {'strict-P':>8}  {'strict-R':>8}  "
              f"{'strict-F1':>9}  {'partial-F1':>10}{label_head}")
    lines = [header, "-" * len(header)]
    for name, ev in groups.items():
        micro = ev.micro
        cells = ""
        for label in labels:
            ls = ev.labels.get(label)
            shown = "-" if ls is None or not (ls.strict.n_gold or ls.strict.n_pred) else f"{ls.strict.f1:.3f}"
            cells += f"  {shown:>{max(len(label), 5)}}"
        lines.append(f"{name:<{width}}  {ev.n_docs:>4}  {micro.strict.n_gold:>5}  {micro.strict.n_pred:>5}  "
                     f"{micro.strict.precision:>8.3f}  {micro.strict.recall:>8.3f}  {micro.strict.f1:>9.3f}  "
                     f"{micro.partial.f1:>10.3f}{cells}")
    return "\n".join(lines)

"""Inter-annotator agreement between two gold files annotating the same documents.

Per label:

- strict and partial F1 of A against B, computed by the scorer with A as the
  reference. F1 does not depend on which side is the reference (precision and
  recall swap); for the partial scheme this holds up to tie-breaking in the
  greedy pairing of overlapping spans.
- Cohen's kappa at the character level: every code point of every shared
  document is one item, judged positive by an annotator when it lies inside
  any of that annotator's spans of the label (spans of other labels do not
  matter, so nested mentions such as a DATE inside a DOC_REF are no conflict).
  kappa = (p_o - p_e) / (1 - p_e) over this 2x2 table; it is None when
  p_e = 1 (neither annotator, or both everywhere, used the label).
- value agreement: of the mentions both mark with the same span and label, the
  share whose value B gives equal to A's, per field A states.

Documents pair by id; their texts must be identical, since offsets into
different texts cannot be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline.evaluation.score import PRF, ordered_labels, score


@dataclass(frozen=True)
class CharTable:
    """Character counts for one label: inside a span in both, A only, B only, neither."""

    both: int
    a_only: int
    b_only: int
    neither: int

    @property
    def kappa(self) -> float | None:
        """Return Cohen's kappa of the two binary judgements, or None when p_e is 1."""
        n = self.both + self.a_only + self.b_only + self.neither
        if n == 0:
            return None
        p_o = (self.both + self.neither) / n
        a_yes, b_yes = (self.both + self.a_only) / n, (self.both + self.b_only) / n
        p_e = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
        if p_e >= 1.0:
            return None
        return (p_o - p_e) / (1 - p_e)


@dataclass(frozen=True)
class LabelAgreement:
    """Agreement on one label."""

    label: str
    strict: PRF
    partial: PRF
    chars: CharTable
    values: dict[str, tuple[int, int]]

    def to_dict(self) -> dict[str, Any]:
        """Return counts, F1s, kappa and value agreement as a JSON-ready dict."""
        return {
            "a": self.strict.n_gold,
            "b": self.strict.n_pred,
            "strict_f1": self.strict.f1,
            "partial_f1": self.partial.f1,
            "strict_matches": self.strict.tp,
            "kappa": self.chars.kappa,
            "chars": {"both": self.chars.both, "a_only": self.chars.a_only,
                      "b_only": self.chars.b_only, "neither": self.chars.neither},
            "values": {name: {"agree": agree, "total": total, "share": agree / total if total else None}
                       for name, (agree, total) in sorted(self.values.items())},
        }


@dataclass(frozen=True)
class Agreement:
    """Agreement over the documents both files annotate."""

    labels: dict[str, LabelAgreement]
    shared: list[str]
    only_a: list[str]
    only_b: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Return the whole agreement as a JSON-ready dict."""
        return {"documents": len(self.shared), "only_a": self.only_a, "only_b": self.only_b,
                "labels": {name: self.labels[name].to_dict() for name in ordered_labels(self.labels)}}


def _coverage(doc: dict, label: str) -> np.ndarray:
    covered = np.zeros(len(doc.get("text") or ""), dtype=bool)
    for entity in doc.get("entities") or []:
        if entity["label"] == label:
            covered[entity["start"]:entity["end"]] = True
    return covered


def char_table(a_docs: Sequence[dict], b_docs: Sequence[dict], label: str) -> CharTable:
    """Return the character table of ``label`` over paired documents (same order, same texts)."""
    both = a_only = b_only = total = 0
    for a_doc, b_doc in zip(a_docs, b_docs, strict=True):
        a, b = _coverage(a_doc, label), _coverage(b_doc, label)
        both += int(np.count_nonzero(a & b))
        a_only += int(np.count_nonzero(a & ~b))
        b_only += int(np.count_nonzero(~a & b))
        total += len(a)
    return CharTable(both, a_only, b_only, total - both - a_only - b_only)


def agreement(a: Iterable[dict], b: Iterable[dict], labels: Sequence[str] | None = None) -> Agreement:
    """Return the :class:`Agreement` of two annotations of the same documents.

    Only documents present in both (by id, in A's order) are compared; the
    others are listed. ``labels`` defaults to every label either side uses.
    Raises ``ValueError`` when a shared document's texts differ.
    """
    a_docs, b_docs = list(a), list(b)
    b_by_id = {doc["id"]: doc for doc in b_docs}
    a_ids = {doc["id"] for doc in a_docs}
    shared_a = [doc for doc in a_docs if doc["id"] in b_by_id]
    shared_b = [b_by_id[doc["id"]] for doc in shared_a]
    for a_doc, b_doc in zip(shared_a, shared_b, strict=True):
        if (a_doc.get("text") or "") != (b_doc.get("text") or ""):
            raise ValueError(f"document {a_doc['id']!r}: the two files hold different texts; "
                             "offsets cannot be compared")
    if labels is None:
        labels = sorted({e["label"] for doc in shared_a + shared_b for e in doc.get("entities") or []})
    ev = score(shared_a, shared_b, labels=labels)
    result = {
        name: LabelAgreement(name, ls.strict, ls.partial, char_table(shared_a, shared_b, name), dict(ls.values))
        for name, ls in ev.labels.items()
    }
    return Agreement(result, [str(doc["id"]) for doc in shared_a],
                     [str(doc["id"]) for doc in a_docs if doc["id"] not in b_by_id],
                     [str(doc["id"]) for doc in b_docs if doc["id"] not in a_ids])


def format_agreement(result: Agreement, title: str = "") -> str:
    """Return a fixed-width report: one row per label (counts, strict and partial F1,
    kappa), then value agreement per label and field. The text ends without a newline."""
    lines = [title] if title else []
    names = ordered_labels(result.labels)
    width = max([len("label")] + [len(n) for n in names])
    header = f"{'label':<{width}}  {'A':>5}  {'B':>5}  {'strict-F1':>9}  {'partial-F1':>10}  {'kappa':>6}"
    lines += [header, "-" * len(header)]
    for name in names:
        row = result.labels[name]
        kappa = "-" if row.chars.kappa is None else f"{row.chars.kappa:.3f}"
        lines.append(f"{name:<{width}}  {row.strict.n_gold:>5}  {row.strict.n_pred:>5}  {row.strict.f1:>9.3f}  "
                     f"{row.partial.f1:>10.3f}  {kappa:>6}")
    value_rows = [(name, field, agree, total) for name in names
                  for field, (agree, total) in sorted(result.labels[name].values.items())]
    if value_rows:
        field_width = max([len("field")] + [len(r[1]) for r in value_rows])
        header = f"{'label':<{width}}  {'field':<{field_width}}  {'agree/total':>11}  {'share':>6}"
        lines += ["", header, "-" * len(header)]
        for name, field, agree, total in value_rows:
            lines.append(f"{name:<{width}}  {field:<{field_width}}  {f'{agree}/{total}':>11}  {agree / total:>6.3f}")
    if result.only_a or result.only_b:
        lines += ["", f"documents only in A: {len(result.only_a)}, only in B: {len(result.only_b)}"]
    return "\n".join(lines)

"""Compare two prediction runs against one gold set: what a change gained and lost.

The regression view before merging a rule change. Both runs are paired with the
gold exactly as the scorer pairs them (:func:`pipeline.evaluation.score.align`); then,
per gold document:

- ``gained``: gold mentions the new run matches strictly and the old run did not;
  ``lost``: the reverse;
- ``spurious_added`` / ``spurious_removed``: predicted mentions that match no
  gold mention strictly (strict false positives), present only in the new /
  only in the old run (compared by span and label);
- ``value_fixed`` / ``value_broken``: on gold mentions both runs match strictly,
  a value the gold states that only the new / only the old run gets right.

Gold documents with facts add fact changes (:func:`pipeline.evaluation.facts.compare_facts`),
labelled ``fact:<type>``: a fact is gained or lost when it is found with every value right in
one run only; its row in the table gives the all-values F1 of both runs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluation.breakdown import label_set
from pipeline.evaluation.diagnose import Context
from pipeline.evaluation.facts import FactEvaluation, compare_facts, score_facts
from pipeline.evaluation.score import Evaluation, align, ordered_labels, score, values_equal

CHANGE_KINDS: tuple[str, ...] = ("gained", "lost", "spurious_added", "spurious_removed",
                                 "value_fixed", "value_broken")
_SIGN = {"gained": "+", "lost": "-", "spurious_added": "+", "spurious_removed": "-",
         "value_fixed": "+", "value_broken": "-"}
_TITLE = {
    "gained": "gained (correct now, not before)",
    "lost": "lost (correct before, not now)",
    "spurious_added": "spurious added (new strict false positives)",
    "spurious_removed": "spurious removed",
    "value_fixed": "values fixed",
    "value_broken": "values broken",
}


@dataclass
class Comparison:
    """Both runs' scores and the list of changes between them."""

    old: Evaluation
    new: Evaluation
    changes: list[dict[str, Any]] = field(default_factory=list)
    old_facts: FactEvaluation | None = None
    new_facts: FactEvaluation | None = None

    def rows(self) -> list[tuple[str, float, float]]:
        """Return (label, old F1, new F1) per mention label, then per fact type (all-values F1)."""
        out = [(label, self.old.labels[label].strict.f1, self.new.labels[label].strict.f1)
               for label in ordered_labels(self.old.labels)]
        if self.old_facts and self.new_facts:
            for kind in dict.fromkeys(list(self.old_facts.exact) + list(self.new_facts.exact)):
                old, new = self.old_facts.exact.get(kind), self.new_facts.exact.get(kind)
                out.append((f"fact:{kind}", old.f1 if old else 0.0, new.f1 if new else 0.0))
        return out

    def counts(self) -> dict[str, Counter]:
        """Return, per label, how many changes of each kind there are."""
        table: dict[str, Counter] = {label: Counter() for label in self.old.labels}
        for change in self.changes:
            table.setdefault(change["label"], Counter())[change["kind"]] += 1
        return table

    @property
    def lost_anything(self) -> bool:
        """Return whether the new run lost a mention or a value, or added a false positive."""
        return any(c["kind"] in ("lost", "value_broken", "spurious_added") for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the per-label summary and the changes as a JSON-ready dict."""
        counts = self.counts()
        labels = {}
        for label in ordered_labels(self.old.labels):
            old, new = self.old.labels[label], self.new.labels[label]
            labels[label] = {
                "old": old.strict.to_dict(), "new": new.strict.to_dict(),
                "delta_f1": new.strict.f1 - old.strict.f1,
                **{kind: counts[label][kind] for kind in CHANGE_KINDS},
            }
        facts = {label: {"old_all_values_f1": old_f1, "new_all_values_f1": new_f1,
                         **{kind: counts[label][kind] for kind in CHANGE_KINDS}}
                 for label, old_f1, new_f1 in self.rows() if label.startswith("fact:")}
        return {"labels": labels, "facts": facts, "changes": list(self.changes)}


def _span(entity: dict) -> tuple[int, int, str]:
    return entity["start"], entity["end"], entity["label"]


def _doc_changes(gold_doc: dict, old_doc: dict | None, new_doc: dict | None,
                 wanted: set[str]) -> list[tuple[str, dict, str | None, Any, Any, Any]]:
    old_al, new_al = align(gold_doc, old_doc, wanted), align(gold_doc, new_doc, wanted)
    old_ok = dict(old_al.strict)
    new_ok = dict(new_al.strict)
    found: list[tuple[str, dict, str | None, Any, Any, Any]] = []
    for g_index, gold in enumerate(new_al.gold):
        if g_index in new_ok and g_index not in old_ok:
            found.append(("gained", gold, None, None, None, None))
        elif g_index in old_ok and g_index not in new_ok:
            found.append(("lost", gold, None, None, None, None))
        elif g_index in old_ok and g_index in new_ok:
            old_attrs = old_al.pred[old_ok[g_index]].get("attrs") or {}
            new_attrs = new_al.pred[new_ok[g_index]].get("attrs") or {}
            for name, value in (gold.get("attrs") or {}).items():
                if value is None:
                    continue
                was = name in old_attrs and values_equal(gold["label"], name, value, old_attrs[name])
                now = name in new_attrs and values_equal(gold["label"], name, value, new_attrs[name])
                if was != now:
                    found.append(("value_fixed" if now else "value_broken", gold, name, value,
                                  old_attrs.get(name), new_attrs.get(name)))

    def false_positives(al) -> Counter:
        matched = {p for _, p in al.strict}
        return Counter(_span(p) for i, p in enumerate(al.pred) if i not in matched)

    old_fp, new_fp = false_positives(old_al), false_positives(new_al)
    for kind, spans in (("spurious_added", new_fp - old_fp), ("spurious_removed", old_fp - new_fp)):
        for (start, end, label), n in sorted(spans.items()):
            found += [(kind, {"start": start, "end": end, "label": label}, None, None, None, None)] * n
    return found


def compare(gold: Iterable[dict], old: Iterable[dict], new: Iterable[dict],
            labels: Sequence[str] | None = None) -> Comparison:
    """Return the :class:`Comparison` of two prediction runs against ``gold``.

    Changes come document by document in gold order, each ordered by position;
    each is ``{kind, doc_id, label, start, end, text, sentence}`` plus, for a
    value change, ``field``, ``gold``, ``old`` and ``new`` (the values). Without ``labels``,
    fact changes follow: ``{kind, doc_id, label, fact, sentence}`` (``fact`` holds its values).
    """
    gold_docs, old_docs, new_docs = list(gold), list(old), list(new)
    wanted = label_set(gold_docs, labels)
    result = Comparison(score(gold_docs, old_docs, wanted), score(gold_docs, new_docs, wanted))
    old_by_id = {doc["id"]: doc for doc in old_docs}
    new_by_id = {doc["id"]: doc for doc in new_docs}
    rank = {kind: n for n, kind in enumerate(CHANGE_KINDS)}
    for doc in gold_docs:
        found = _doc_changes(doc, old_by_id.get(doc["id"]), new_by_id.get(doc["id"]), set(wanted))
        if not found:
            continue
        text = doc.get("text") or ""
        context = Context.of(text)
        found.sort(key=lambda f: (f[1]["start"], f[1]["end"], rank[f[0]], f[2] or ""))
        for kind, entity, name, gold_value, old_value, new_value in found:
            change: dict[str, Any] = {"kind": kind, "doc_id": doc["id"], "label": entity["label"],
                                      "start": entity["start"], "end": entity["end"],
                                      "text": text[entity["start"]:entity["end"]]}
            if name is not None:
                change.update({"field": name, "gold": gold_value, "old": old_value, "new": new_value})
            change["sentence"] = context.around(entity["start"], entity["end"])
            result.changes.append(change)
    if labels is None and any("facts" in doc for doc in gold_docs):
        result.old_facts, result.new_facts = score_facts(gold_docs, old_docs), score_facts(gold_docs, new_docs)
        result.changes += compare_facts(gold_docs, old_docs, new_docs)
    return result


def format_comparison(result: Comparison) -> str:
    """Return the comparison as text: a per-label summary table, then each change.

    The table has strict F1 before and after, its change and the count of each
    kind of change; the listing groups changes by kind, one line per change
    (sign, label, document, offsets, span text, and for values old -> new)
    followed by its sentence, indented. The text ends without a newline.
    """
    counts = result.counts()
    rows = result.rows()
    width = max([len("label")] + [len(n) for n, _, _ in rows])
    header = (f"{'label':<{width}}  {'old-F1':>6}  {'new-F1':>6}  {'delta':>6}  {'gained':>6}  {'lost':>4}  "
              f"{'spur+':>5}  {'spur-':>5}  {'val+':>4}  {'val-':>4}")
    lines = [header, "-" * len(header)]
    for name, old, new in rows:
        c = counts.get(name, Counter())
        lines.append(
            f"{name:<{width}}  {old:>6.3f}  {new:>6.3f}  {new - old:>+6.3f}  {c['gained']:>6}  {c['lost']:>4}  "
            f"{c['spurious_added']:>5}  {c['spurious_removed']:>5}  {c['value_fixed']:>4}  {c['value_broken']:>4}")
    for kind in CHANGE_KINDS:
        group = [c for c in result.changes if c["kind"] == kind]
        if not group:
            continue
        lines += ["", f"{_TITLE[kind]}: {len(group)}"]
        for change in group:
            if "fact" in change:
                values = json.dumps(change["fact"], ensure_ascii=False)
                lines += [f"  {_SIGN[kind]} {change['label']} {change['doc_id']} {values}",
                          "      " + " ".join(change["sentence"].split())]
                continue
            line = (f"  {_SIGN[kind]} {change['label']} {change['doc_id']} [{change['start']}:{change['end']}] "
                    f"{change['text']!r}")
            if "field" in change:
                line += f" {change['field']}: {change['old']!r} -> {change['new']!r} (gold {change['gold']!r})"
            lines += [line, "      " + " ".join(change["sentence"].split())]
    return "\n".join(lines)

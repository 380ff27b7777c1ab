"""Resolve: overlaps between recognisers' mentions, once, by an explicit table."""

from __future__ import annotations

from pipeline.core.rules import Lexicon, RuleSet
from pipeline.recognizers.base import Mention, SpanIndex


class ResolveRules(RuleSet, file="resolve"):
    """Label priority and the outer/inner pairs that may nest (rules/resolve.yaml)."""

    priority: Lexicon
    nesting: Lexicon


def resolve(mentions: list[Mention], rules: ResolveRules | None = None) -> list[Mention]:
    """Return the mentions that stand, in text order.

    Same-label overlaps keep the longer span. A span wholly inside another stands when
    rules/resolve.yaml lists that outer/inner pair of labels (DOC_REF/DOC_REF: the law an
    amending law names); any other overlap keeps the label of higher priority.
    """
    rules = rules or ResolveRules.load()
    rank = {e["value"]: n for n, e in enumerate(rules.priority.entries)}
    nesting = {tuple(e["value"].split("/")) for e in rules.nesting.entries}
    ordered = sorted(mentions, key=lambda m: (rank.get(m.label, len(rank)), -(m.end - m.start), m.start))
    kept = SpanIndex()
    for m in ordered:
        if all(_compatible(m, k, nesting) for k in kept.overlapping(m.start, m.end)):
            kept.add(m)
    return sorted(kept.items(), key=lambda m: (m.start, -m.end, rank.get(m.label, len(rank))))


def _compatible(new: Mention, old: Mention, nesting: set[tuple[str, ...]]) -> bool:
    if new.end <= old.start or new.start >= old.end:
        return True
    if new.label == old.label and (new.label, new.label) not in nesting:
        return False
    if old.start <= new.start and new.end <= old.end:
        return (old.label, new.label) in nesting
    if new.start <= old.start and old.end <= new.end:
        return (new.label, old.label) in nesting
    return False

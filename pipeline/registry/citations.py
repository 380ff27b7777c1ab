"""Citation edges of one record: who cites which document, and how the wording says it does.

The citing side is the record's own document (its header, a self DOC_REF) when it has one, else
the record itself. The relation comes from the cue words just before the reference
(rules/citations.yaml): ``implements``, ``based_on``, ``amends``, ``replaces``, else ``cites``.
A reference that continues a list ("Căn cứ Luật A, Luật B và …") takes the relation of the one
before it. A record without its text (``--no-text``) gives ``cites`` throughout. When one record
cites one document several times, the relation listed first in ``relation_order`` wins, and its
first mention is the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.registry.cues import RELATIONS, rules
from pipeline.registry.documents import DocMention, doc_id

CITES = "cites"


@dataclass(frozen=True, slots=True)
class Citation:
    """One edge: the citing document (or None: the record itself), the cited one, the relation and its evidence."""

    record: str
    citing: str | None
    cited: str
    relation: str
    evidence: str
    start: int
    end: int
    published: str | None


def relation_before(text: str, start: int, floor: int) -> str | None:
    """Return the relation a cue right before ``start`` states (the window starts at ``floor``), or None."""
    cues = rules()
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(floor, line_start, start - cues.window):start]
    for name in RELATIONS:
        if getattr(cues, name).search(window):
            return name
    return None


def record_citations(record: dict[str, Any], mentions: list[DocMention]) -> list[Citation]:
    """Return one edge per document the record cites (not its own), with the relation its wording states."""
    text = record.get("text") if isinstance(record.get("text"), str) else None
    own = next((m.key for m in mentions if m.self_ref), None)
    order = {name: n for n, name in enumerate(rules().relation_order)}
    chosen: dict[str, tuple[str, DocMention]] = {}
    previous: DocMention | None = None
    previous_relation = CITES
    for mention in mentions:
        relation = CITES
        if previous is not None and previous.start <= mention.start < previous.end:
            # a reference inside another ("Luật sửa đổi, bổ sung … của Luật Đất đai") is cited as the outer one is
            relation = previous_relation
        elif text is not None and mention.start <= len(text):
            floor = previous.end if previous else 0
            found = relation_before(text, mention.start, floor)
            if found:
                relation = found
            elif previous is not None and rules().list_joiner.fullmatch(text[previous.end:mention.start]):
                relation = previous_relation
        if previous is None or mention.start >= previous.end:
            previous, previous_relation = mention, relation
        if mention.self_ref or mention.key == own:
            continue
        held = chosen.get(mention.key)
        if held is None or order.get(relation, len(order)) < order.get(held[0], len(order)):
            chosen[mention.key] = (relation, mention)
    citing = doc_id(own) if own else None
    return [Citation(record=str(record["id"]), citing=citing, cited=doc_id(key), relation=relation,
                     evidence=m.entity, start=m.start, end=m.end, published=record.get("published"))
            for key, (relation, m) in sorted(chosen.items(), key=lambda item: item[1][1].start)]

"""Citation edges of one record: who cites which document, and how the wording says it does.

The citing side is the record's own document (its header, a self DOC_REF) when it has one, else
the record itself. The relation comes from the cue words just before the reference
(rules/citations.yaml): ``implements``, ``based_on``, ``amends``, ``replaces``, else ``cites``.
A cue governs the reference it introduces and the list that continues it ("Căn cứ Luật A, Luật B;
Nghị định C"), across descriptions of the items, up to the end of the sentence; a reference
introduced by other words (``thi hành``, ``theo``) inside an item's description is cited only, and
``ban hành`` or ``phê duyệt`` before a reference starts a new list that is cited only.

Some edges start at a cited document instead of the record:

- a cue right after a reference (its date, issuer and ``về`` may stand between) makes that document
  the citing side: ``Kế hoạch số 88/KH-UBND ngày … của UBND tỉnh triển khai Quyết định 131/QĐ-TTg``;
- ``X (được sửa đổi, bổ sung bởi Y)`` is Y ``amends`` X;
- a reference inside an amending document (``Luật sửa đổi, bổ sung một số điều của Luật X``) is
  amended by it; inside any other reference it is cited as the outer one is.

A record without its text (``--no-text``) gives ``cites`` throughout. One edge per pair of citing
and cited document: the relation listed first in ``relation_order`` wins, and its first mention is
the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.registry.cues import RELATIONS, org_key, rules
from pipeline.registry.documents import DocMention, doc_id

CITES = "cites"
AMENDS = "amends"


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


def _window_start(text: str, start: int, floor: int) -> int:
    """Return where the cue window before ``start`` begins: not before ``floor``, the window size, or the last
    hard break (a paragraph, a sentence end); a wrapped line does not end it."""
    lower = max(floor, start - rules().window)
    ends = [m.end() for m in rules().clause_end.finditer(text[lower:start])]
    return lower + ends[-1] if ends else lower


def cue_before(text: str, start: int, floor: int) -> tuple[str, int] | None:
    """Return the relation a cue right before ``start`` states and where the cue begins, or None."""
    lower = _window_start(text, start, floor)
    window = text[lower:start]
    for name in RELATIONS:
        found = getattr(rules(), name).search(window)
        if found:
            return name, lower + found.start("cue")
    return None


def relation_before(text: str, start: int, floor: int) -> str | None:
    """Return the relation a cue right before ``start`` states (the window starts at ``floor``), or None."""
    found = cue_before(text, start, floor)
    return found[0] if found else None


@dataclass
class _Chain:
    """The list a cue opened: its relation and its citing document key (None: the record's default)."""

    relation: str = CITES
    citing: str | None = None


Edge = tuple[str | None, str, str, DocMention]     # citing key (None: the record's default), cited key, relation,
                                                    # evidence


def _continues_name(host: DocMention, mention: DocMention, between: str) -> bool:
    """Return whether ``mention`` ends the host's name past its span: "Luật sửa đổi … của Luật A và | Luật B"."""
    own = org_key(host.name) or ""
    tail = org_key(mention.name) or ""
    return bool(tail) and rules().and_joiner.fullmatch(between) is not None and own.endswith(" " + tail)


def _inside(host: DocMention, mention: DocMention, text: str | None) -> bool:
    if host.start <= mention.start < host.end:
        return True
    return text is not None and host.end <= mention.start and _continues_name(host, mention,
                                                                                text[host.end:mention.start])


def _edges(text: str | None, mentions: list[DocMention]) -> list[Edge]:
    """Return one edge for each reference, in text order."""
    cues = rules()
    out: list[Edge] = []
    # the list a clause-level cue opened (head), and the one a reference's own cue or other words opened (current)
    head = current = _Chain()
    previous: DocMention | None = None
    outer: tuple[DocMention, str | None, str] | None = None
    for mention in mentions:
        if outer is not None and _inside(outer[0], mention, text):
            host, citing, relation = outer
            if cues.amending.search(text[host.start:host.end] if text is not None else host.name or ""):
                out.append((host.key, mention.key, AMENDS, mention))       # "Luật sửa đổi, bổ sung … của Luật X"
            else:
                out.append((citing, mention.key, relation, mention))
            continue
        citing, relation = None, CITES
        if text is not None and mention.start <= len(text):
            between = text[previous.end:mention.start] if previous else ""
            if previous is not None and cues.clause_end.search(between):
                head = current = _Chain()
            found = cue_before(text, mention.start, previous.end if previous else 0)
            before = text[max(0, mention.start - cues.window):mention.start]
            if previous is not None and cues.amended_by.fullmatch(between):
                # "X (được sửa đổi, bổ sung bởi Y)": Y amends X, and the record cites Y
                out.extend([(mention.key, previous.key, AMENDS, mention), (None, mention.key, CITES, mention)])
                previous, outer = mention, (mention, None, CITES)
                continue
            if found:
                relation = found[0]
                if previous is not None and not previous.self_ref and \
                        cues.document_link.fullmatch(text[previous.end:found[1]]):
                    citing = previous.key            # "Kế hoạch … của UBND tỉnh triển khai Quyết định …"
                    current = _Chain(relation, citing)
                else:
                    head = current = _Chain(relation)
            elif cues.takes_over.search(before):
                current = _Chain()
            elif previous is not None and (joiner := cues.list_joiner.search(between)):
                # a ";" goes back to the list of the clause's cue; "," and "và" go on with the current one
                current = head if ";" in joiner.group() else current
                relation, citing = current.relation, current.citing
        out.append((citing, mention.key, relation, mention))
        previous, outer = mention, (mention, citing, relation)
    return out


def record_citations(record: dict[str, Any], mentions: list[DocMention]) -> list[Citation]:
    """Return one edge per pair of citing and cited document (not the record's own), with the relation its
    wording states."""
    text = record.get("text") if isinstance(record.get("text"), str) else None
    own = next((m.key for m in mentions if m.self_ref), None)
    order = {name: n for n, name in enumerate(rules().relation_order)}
    chosen: dict[tuple[str | None, str], tuple[str, DocMention]] = {}
    for citing, cited, relation, mention in _edges(text, mentions):
        citing = citing or own
        if mention.self_ref or cited in (own, citing):
            continue
        held = chosen.get((citing, cited))
        if held is None or order.get(relation, len(order)) < order.get(held[0], len(order)):
            chosen[(citing, cited)] = (relation, mention)
    return [Citation(record=str(record["id"]), citing=doc_id(citing) if citing else None, cited=doc_id(key),
                     relation=relation, evidence=m.entity, start=m.start, end=m.end,
                     published=record.get("published"))
            for (citing, key), (relation, m) in sorted(chosen.items(), key=lambda item: item[1][1].start)]

"""The registry of many records: each record summarised alone, then grouped by key into four tables.

Every key a summary holds depends on its own record only, so a new record changes just the
documents and people whose keys it carries; ``vnfacts load`` recomputes those and nothing else.
Grouping is by dictionary, one pass over the summaries: no pair of mentions is ever compared
outside its own key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.registry.citations import Citation, record_citations
from pipeline.registry.documents import DocMention, doc_id, document_mentions, document_row, record_place
from pipeline.registry.people import PersonMention, people_rows, person_mentions

TABLE_NAMES = ("documents_cited", "citations", "people", "person_positions")


@dataclass(frozen=True)
class RecordSummary:
    """What one record says across records: its DOC_REFs with keys, its citation edges, its people."""

    record: str
    version: int
    documents: list[DocMention]
    citations: list[Citation]
    people: list[PersonMention]

    @property
    def document_keys(self) -> set[str]:
        """The document keys this record carries."""
        return {m.key for m in self.documents}

    @property
    def person_groups(self) -> set[str]:
        """The person groups (name and province) this record carries."""
        return {p.group for p in self.people}


def summarize(record: dict[str, Any]) -> RecordSummary:
    """Return what one record contributes to the registry (computed from that record alone)."""
    place = record_place(record)
    documents = document_mentions(record, place)
    return RecordSummary(record=str(record["id"]), version=int(record.get("version") or 1), documents=documents,
                         citations=record_citations(record, documents), people=person_mentions(record, place))


def citation_row(citation: Citation) -> dict[str, Any]:
    """Return the citations row of one edge."""
    return {"record_id": citation.record, "citing_id": citation.citing, "cited_id": citation.cited,
            "relation": citation.relation, "evidence_entity": citation.evidence, "evidence_start": citation.start,
            "evidence_end": citation.end, "published": citation.published}


@dataclass
class Registry:
    """The four tables, and each resolved document's and person's mentions (for scoring)."""

    documents_cited: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    person_positions: list[dict[str, Any]] = field(default_factory=list)
    document_mentions: dict[str, list[DocMention]] = field(default_factory=dict)
    person_mentions: dict[str, list[PersonMention]] = field(default_factory=dict)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Return the four tables by name."""
        return {name: getattr(self, name) for name in TABLE_NAMES}


def latest(summaries: Iterable[RecordSummary]) -> list[RecordSummary]:
    """Return one summary per record id: the highest version (the last one read among equals)."""
    kept: dict[str, RecordSummary] = {}
    for summary in summaries:
        held = kept.get(summary.record)
        if held is None or summary.version >= held.version:
            kept[summary.record] = summary
    return list(kept.values())


def build(records: Iterable[dict[str, Any]]) -> Registry:
    """Return the registry of the records (the highest version of each record id counts)."""
    return build_from(latest(summarize(record) for record in records))


def build_from(summaries: Iterable[RecordSummary]) -> Registry:
    """Return the registry of record summaries, grouped by document key and by person group."""
    documents: dict[str, list[DocMention]] = defaultdict(list)
    groups: dict[str, list[PersonMention]] = defaultdict(list)
    registry = Registry()
    for summary in summaries:
        for mention in summary.documents:
            documents[mention.key].append(mention)
        for person in summary.people:
            groups[person.group].append(person)
        registry.citations.extend(citation_row(c) for c in summary.citations)
    for key in sorted(documents):
        registry.documents_cited.append(document_row(key, documents[key]))
        registry.document_mentions[doc_id(key)] = documents[key]
    for group in sorted(groups):
        people, positions, members_of = people_rows(group, groups[group])
        registry.people.extend(people)
        registry.person_positions.extend(positions)
        registry.person_mentions.update(members_of)
    registry.citations.sort(key=lambda row: (row["record_id"], row["evidence_start"]))
    return registry


def summary_dict(summary: RecordSummary) -> dict[str, Any]:
    """Return a summary as plain JSON values."""
    return asdict(summary)

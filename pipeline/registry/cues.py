"""The rules the registry reads (rules/citations.yaml), checked once when first loaded."""

from __future__ import annotations

import functools

import regex

from pipeline.core.budget import TimedPattern, timed
from pipeline.core.rules import Lexicon, Pattern, RuleSet
from pipeline.registry.places import fold

RELATIONS = ("implements", "based_on", "amends", "replaces")


class CitationRules(RuleSet, file="citations"):
    """Relation cues, the list joiner, central and district markers, law types, org short forms."""

    implements: Pattern
    based_on: Pattern
    amends: Pattern
    replaces: Pattern
    list_joiner: Pattern
    and_joiner: Pattern
    amending: Pattern
    clause_end: Pattern
    takes_over: Pattern
    document_link: Pattern
    amended_by: Pattern
    central_code: Pattern
    central_issuer: Pattern
    district_issuer: Pattern
    district_code: Pattern
    local_post: Pattern
    law_name: Pattern
    law_year: Pattern
    untyped_party_code: Pattern
    org_abbreviations: Lexicon
    laws: Lexicon
    known_documents: Lexicon
    window: int
    relation_order: list


def rules() -> CitationRules:
    """Return the registry's rule set (loaded and checked once)."""
    return CitationRules.load()


@functools.lru_cache(maxsize=65536)
def is_central_issuer(issuer: str | None) -> bool:
    """Return whether an issuer's text names a central body (Chính phủ, Bộ Chính trị, a ministry …)."""
    return bool(issuer) and rules().central_issuer.search(issuer.strip()) is not None  # type: ignore[union-attr]


@functools.lru_cache(maxsize=65536)
def is_district_issuer(issuer: str | None) -> bool:
    """Return whether an issuer's text names a body below the province (UBND huyện, Huyện ủy …)."""
    return bool(issuer) and rules().district_issuer.search(issuer) is not None  # type: ignore[arg-type]


@functools.cache
def _abbreviations() -> tuple[tuple[TimedPattern, str], ...]:
    entries = rules().org_abbreviations.entries
    return tuple((timed(r"(?<!\w)" + regex.escape(fold(e["from"])) + r"(?!\w)"), fold(e["to"]))
                 for e in entries)


@functools.lru_cache(maxsize=65536)
def org_key(text: str | None) -> str | None:
    """Return an organisation or title folded, with its written short forms expanded (UBND -> ủy ban nhân dân)."""
    if not text:
        return None
    key = fold(text)
    for pattern, full in _abbreviations():
        key = pattern.sub(full, key)
    return key

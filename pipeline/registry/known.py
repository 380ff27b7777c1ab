"""Central documents the registry knows by name (rules/citations.yaml): laws with their versions, and
documents cited by a short name (``Đề án 06``).

A law's name is reused when a new law replaces the old one, so each version of a law is one entry
of ``laws``: its name, its short forms (``Luật NSNN``), the day it was passed and its number
(``83/2015/QH13``). A mention of a law finds its version by, in order: the year written with it
(``năm 2015``, ``ngày 19 tháng 6 năm 2015``), its number, and else the last version passed by the
date the mention speaks from (the record's publication, or for a law named inside an amending law,
the amending law's date). A name the table does not hold keeps its written year, or none.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from pipeline.core.budget import timed
from pipeline.registry.cues import org_key, rules
from pipeline.registry.places import fold


@dataclass(frozen=True)
class Known:
    """The tables: each law name's versions (passed, year), law numbers, and documents by short name."""

    law_names: dict[str, str]                     # folded name or short form -> the law's folded name
    versions: dict[str, list[tuple[str, str]]]    # folded law name -> [(passed, year)], oldest first
    law_codes: dict[str, tuple[str, str]]         # normal code -> (folded law name, year)
    short_names: dict[tuple[str, str], str]       # (folded type, number) -> folded full name
    full_names: frozenset[str]                    # folded full names of the documents with a short name


DASH = timed(r"\s*[-–]\s*")


def name_key(text: str | None) -> str:
    """Return a name folded, short forms expanded, dashes without spaces ("2022 - 2025" is "2022-2025")."""
    return DASH.sub("-", org_key(text) or "")


def _number(code: str) -> str:
    return code.lstrip("0") or "0"


@functools.cache
def known() -> Known:
    """Return the tables of rules/citations.yaml (built once)."""
    from pipeline.registry.documents import normal_code

    cues = rules()
    law_names: dict[str, str] = {}
    versions: dict[str, list[tuple[str, str]]] = {}
    law_codes: dict[str, tuple[str, str]] = {}
    for entry in cues.laws.entries:
        name = name_key(entry["value"])
        for form in [entry["value"], *(entry.get("forms") or [])]:
            law_names[name_key(form)] = name
        passed = str(entry["issued"])
        versions.setdefault(name, []).append((passed, passed[:4]))
        for code in entry.get("codes") or []:
            law_codes[normal_code(code)] = (name, passed[:4])
    short_names = {}
    for entry in cues.known_documents.entries:
        full = name_key(entry["value"])
        for code in entry.get("codes") or []:
            short_names[(fold(entry["doc_type"]), _number(str(code)))] = full
    return Known(law_names, {k: sorted(v) for k, v in versions.items()}, law_codes, short_names,
                 frozenset(short_names.values()))


def law_name(name: str) -> str:
    """Return a law's name in one spelling: its short forms and abbreviations expanded, folded."""
    key = name_key(name)
    return known().law_names.get(key, key)


def law_version(name: str, year: str | None, as_of: str | None) -> str | None:
    """Return the year of the version a mention of a law names: its own year, else the last version of the
    table passed by ``as_of`` (a date), else the one version the table holds when ``as_of`` is unknown."""
    if year:
        return year
    versions = known().versions.get(name)
    if not versions:
        return None
    if as_of is None:
        return versions[0][1] if len(versions) == 1 else None
    n = bisect.bisect_right([passed for passed, _ in versions], str(as_of)[:10])
    return versions[n - 1][1] if n else None


def law_of_code(code: str) -> tuple[str, str] | None:
    """Return (law name, year) of a law's number (``50/2014/QH13``), when the table holds it."""
    return known().law_codes.get(code)


def short_name(doc_type: str, number: str | None) -> str | None:
    """Return the full name of a central document cited by its type and number alone (``Đề án 06``), or None."""
    return known().short_names.get((fold(doc_type), _number(number or ""))) if number else None


def is_known_name(name: str) -> bool:
    """Return whether a folded name is the full name of a document that has a short name."""
    return name in known().full_names

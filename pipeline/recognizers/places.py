"""Names of Vietnam's provinces, districts and communes, before and after the 2025 reform.

The names come from the maintained ``vietnamadminunits`` package (its legacy 63-province
data with districts and communes, and its 34-province data of July 2025), read once per
process from the JSON files it ships; nothing of it is imported. Names are kept in the
normalised spelling of the matching view (``stages.clean``), so ``Lệ Thuỷ`` and ``Lệ Thủy``
are one place.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import E022, RulesError
from pipeline.stages.clean import clean

PACKAGE = "vietnamadminunits"
FILES = ("parser_legacy.json", "parser_from_2025.json")
MAX_WORDS = 6


@dataclass(frozen=True)
class PlaceIndex:
    """Every administrative unit's short name (``Tân Sỏi``), with the kinds of unit it names."""

    kinds: dict[str, frozenset[str]]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and clean(name).text in self.kinds

    def longest_prefix(self, words: Sequence[str]) -> int:
        """Return how many of ``words`` (view spelling) from the start form the longest known name, or 0."""
        for n in range(min(MAX_WORDS, len(words)), 0, -1):
            if " ".join(words[:n]) in self.kinds:
                return n
        return 0

    def longest_suffix(self, words: Sequence[str]) -> int:
        """Return how many of ``words`` (view spelling) at the end form the longest known name, or 0."""
        for n in range(min(MAX_WORDS, len(words)), 0, -1):
            if " ".join(words[-n:]) in self.kinds:
                return n
        return 0


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise RulesError(E022.format(package=PACKAGE, error="not installed"))
    return Path(spec.origin).parent / "data"


def _names(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (short name, kind of unit) for every unit of one of the package's data files."""
    for province in data["DICT_PROVINCE"].values():
        yield province["provinceShort"], "tỉnh"
    for districts in data.get("DICT_PROVINCE_DISTRICT", {}).values():
        for district in districts.values():
            yield district["districtShort"], district["districtType"]
    for wards in data.get("DICT_PROVINCE_WARD_NO_ACCENTED", {}).values():
        for ward in wards.values():
            yield ward["wardShort"], ward["wardType"]
    for districts in data.get("DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED", {}).values():
        for wards in districts.values():
            for ward in wards.values():
                yield ward["wardShort"], ward["wardType"]


@functools.cache
def place_index() -> PlaceIndex:
    """Return the index of every unit's name (loaded once per process)."""
    kinds: dict[str, set[str]] = {}
    folder = _data_dir()
    for name in FILES:
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RulesError(E022.format(package=PACKAGE, error=f"{folder / name}: {exc}")) from exc
        for short, kind in _names(data):
            if isinstance(short, str) and isinstance(kind, str) and short.strip():
                kinds.setdefault(clean(short.strip()).text, set()).add(kind.lower())
    return PlaceIndex({name: frozenset(k) for name, k in kinds.items()})

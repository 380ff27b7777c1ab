"""Provinces and districts by name: which province a place or an issuer's text names.

Names come from the legacy (63-province) data of ``vietnamadminunits``, the package the
recognisers' place index reads too. A district name shared by districts of two provinces
names no province (``Châu Thành``): it is left open rather than guessed.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pipeline.core.budget import timed
from pipeline.core.errors import E022, RulesError
from pipeline.recognizers.places import PACKAGE, _data_dir
from pipeline.stages.clean import clean

MAX_WORDS = 4
# A level word before a place name in an issuer's text: "UBND tỉnh Nghệ An", "HUYỆN ỦY LỆ THỦY".
PROVINCE_WORDS = ("tỉnh ủy", "thành ủy", "tỉnh", "thành phố", "tp.", "tp")
DISTRICT_WORDS = ("huyện ủy", "quận ủy", "thị ủy", "thành ủy", "huyện", "quận", "thị xã", "thành phố", "tp.", "tp")
WORD = timed(r"[\p{L}\p{M}\d.]+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return ``text`` in the matching view's spelling, lower-cased, spaces collapsed (cached)."""
    return " ".join(clean(text).text.lower().split())


@dataclass(frozen=True, eq=False)
class Places:
    """Province short names, and each district name with the one province it lies in."""

    provinces: dict[str, str]        # folded name -> province as written ("nghệ an" -> "Nghệ An")
    districts: dict[str, tuple[str, str] | None]  # folded -> (district, province); None when ambiguous
    hosts: dict[str, str]            # name without marks or spaces -> province ("hatinh" -> "Hà Tĩnh")

    def province_of(self, place: str | None) -> str | None:
        """Return the province a place name (a province or an unambiguous district) lies in, or None."""
        if not place:
            return None
        key = fold(place)
        if key in self.provinces:
            return self.provinces[key]
        found = self.districts.get(key)
        return found[1] if found else None

    def district_of(self, place: str | None) -> str | None:
        """Return the district a place name names (unambiguously, and not a province), or None."""
        if not place:
            return None
        key = fold(place)
        found = self.districts.get(key)
        return found[0] if found and key not in self.provinces else None

    def province_of_host(self, url: str | None) -> str | None:
        """Return the province a portal's host name spells without marks ("hatinh.gov.vn"), or None."""
        host = urlsplit(url or "").hostname or ""
        found = {self.hosts[label] for label in host.split(".") if label in self.hosts}
        return found.pop() if len(found) == 1 else None

    def named_province(self, text: str | None) -> str | None:
        """Return the province named after a level word in ``text`` ("UBND tỉnh Nghệ An"), or None."""
        return _named(self, text or "", "province")

    def named_district(self, text: str | None) -> str | None:
        """Return the district named after a district level word in ``text`` ("UBND huyện Lệ Thủy"), or None."""
        return _named(self, text or "", "district")

    # one index per process: hashable by identity, so that the lookups above can be cached
    __hash__ = object.__hash__


@functools.lru_cache(maxsize=131072)
def _named(where: Places, text: str, kind: str) -> str | None:
    if kind == "province":
        found = _after(text, PROVINCE_WORDS, where.provinces)
        if found:
            return found
    district = _after(text, DISTRICT_WORDS, where.districts)
    return (district[1] if kind == "province" else district[0]) if district else None


def _after(text: str, levels: tuple[str, ...], names: dict[str, Any]) -> Any:
    """Return the value of the first name (up to MAX_WORDS words) right after one of the level words, or None."""
    if not text:
        return None
    words = [m.group() for m in WORD.finditer(fold(text))]
    for i in range(len(words)):
        for level in levels:
            parts = level.split()
            if words[i:i + len(parts)] != parts:
                continue
            rest = words[i + len(parts):]
            for n in range(min(MAX_WORDS, len(rest)), 0, -1):
                found = names.get(" ".join(rest[:n]))
                if found:
                    return found
    return None


@functools.cache
def places() -> Places:
    """Return the province and district names (read once per process)."""
    path = _data_dir() / "parser_legacy.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulesError(E022.format(package=PACKAGE, error=f"{path}: {exc}")) from exc
    provinces: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for key, province in data["DICT_PROVINCE"].items():
        short = clean(province["provinceShort"]).text
        provinces[fold(short)] = short
        by_key[key] = short
    districts: dict[str, tuple[str, str] | None] = {}
    for key, units in data["DICT_PROVINCE_DISTRICT"].items():
        for unit in units.values():
            name = clean(unit["districtShort"]).text
            folded = fold(name)
            value = (name, by_key[key])
            districts[folded] = value if districts.get(folded, value) == value else None
    return Places(provinces, districts, {unmarked(name): name for name in provinces.values()})


def unmarked(name: str) -> str:
    """Return a name as a host spells it: no marks, no spaces, lower case ("Hà Tĩnh" -> "hatinh")."""
    letters = unicodedata.normalize("NFD", name.lower().replace("đ", "d"))
    return "".join(c for c in letters if c.isalnum() and not unicodedata.combining(c))

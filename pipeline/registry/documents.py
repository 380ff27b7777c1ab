"""Which document each DOC_REF of one record denotes: a key made of its code and its issuer's scope.

A code such as ``08-CT/TU`` or ``96/KH-UBND`` is reused by every provincial committee, so the key
of a local code is the code plus its scope: the province (and, for a district body, the district)
named by the issuer's text, else the record's own place, else open. An open key is the record's
alone: two records citing ``08-CT/TU`` with no known province are never merged. Central codes
(``/TW``, ``NĐ-CP``, ``QĐ-TTg``, ministries) and laws by name are one document nationwide; a law's
key holds its year of issue when known, since a new law takes its predecessor's name. Within one
record, an open mention of a code joins the one scoped mention of that code, a law without a date
joins the one dated law of that name, and a number alone (``Chỉ thị số 08``) joins the one
document of that type and number cited with its full code.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.core.budget import timed
from pipeline.registry.cues import is_central_issuer, is_district_issuer, org_key, rules
from pipeline.registry.known import is_known_name, law_name, law_of_code, law_version, name_key, short_name
from pipeline.registry.places import fold, places

CENTRAL = "TW"
LEADING_NUMBER = timed(r"^0*(\d+)")
HEADER_CHARS = 300


@dataclass(frozen=True, slots=True)
class DocMention:
    """One DOC_REF of one record with the key of the document it denotes."""

    record: str
    entity: str
    start: int
    end: int
    key: str
    doc_type: str | None
    code: str | None          # the full code as written; None for a number alone or a name
    name: str | None
    issuer: str | None
    scope: str | None         # province, "province/district", "TW", or None when open
    issued: str | None
    published: str | None
    self_ref: bool


@dataclass(frozen=True)
class RecordPlace:
    """Where one record stands: its province and district, when known."""

    province: str | None
    district: str | None


def doc_id(key: str) -> str:
    """Return the stable id of a document key: ``D`` and the first 12 hex digits of its SHA-1."""
    return "D" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def normal_code(code: str) -> str:
    """Return a code in one spelling: the view's letters, upper case, no spaces, no leading zeros, and a joint
    circular's ``TTLT/`` written ``TTLT-``."""
    folded = "".join(fold(code).split()).upper().replace("TTLT/", "TTLT-")
    return LEADING_NUMBER.sub(r"\1", folded)


@functools.cache
def _type_codes() -> dict[str, str]:
    from pipeline.recognizers.doc_ref import DocRefRules

    return {fold(entry["value"]): entry["party_codes"][0] for entry in DocRefRules.load().doc_types.entries
            if entry.get("party_codes")}


def typed_code(code: str, doc_type: str | None) -> str:
    """Return a party code written without its type part (``Nghị quyết 15/HU``) with it (``15-NQ/HU``)."""
    match = rules().untyped_party_code.fullmatch(code)
    kind = _type_codes().get(fold(doc_type or ""))
    return f"{match.group('number')}-{kind}/{match.group('body')}" if match and kind else code


def _number(value: Any) -> str | None:
    match = LEADING_NUMBER.match(str(value or ""))
    return match.group(1) if match else None


def record_place(record: dict[str, Any]) -> RecordPlace:
    """Return the record's province and district: from ``place``, else its own header's issuer, else its text's
    first lines, else the province its ingest portal is configured with, else the one province its references'
    issuers name, else its portal's host name."""
    where = places()
    place = record.get("place")
    province, district = where.province_of(place), where.district_of(place)
    refs = [e for e in record.get("entities") or [] if e.get("label") == "DOC_REF"]
    own = [str((e.get("attrs") or {}).get("issuer") or "") for e in refs if (e.get("attrs") or {}).get("self")]
    header = str(record.get("text") or "")[:HEADER_CHARS]
    for source in [*own, header]:
        if not province:
            province = where.named_province(source)
        if not district and where.named_province(source) in (None, province):
            district = where.named_district(source)
    province = province or (record.get("portal") or {}).get("province")
    if not province:
        named = {where.named_province(str((e.get("attrs") or {}).get("issuer") or "")) for e in refs}
        named.discard(None)
        province = named.pop() if len(named) == 1 else None
    # a provincial portal's host names its province (hatinh.gov.vn)
    province = province or where.province_of_host(record.get("url"))
    if district and where.province_of(district) != province:
        district = None
    return RecordPlace(province, district)


def _scope(code: str, issuer: str | None, place: RecordPlace) -> str | None:
    where = places()
    named = where.named_province(issuer)
    province = named or place.province
    cues = rules()
    if not (cues.district_code.search(code) or is_district_issuer(issuer)):
        return province
    district = where.named_district(issuer) or (place.district if named in (None, place.province) else None)
    return f"{province}/{district}" if province and district else None


def _law_key(doc_type: str, name: str, year: Any, as_of: str | None) -> str:
    # a law's name is reused when a new law replaces it (Luật Tổ chức chính quyền địa phương of 2015 and of 2025):
    # its version is part of the key
    version = law_version(name, str(year) if year else None, as_of)
    return f"name|{CENTRAL}|{fold(doc_type)}|{name}" + (f"@{version}" if version else "")


def _first_key(record_id: str, attrs: dict[str, Any], issuer: str | None, issued: str | None,
               place: RecordPlace, written: str | None = None, as_of: str | None = None) -> str:
    doc_type = attrs.get("doc_type") or ""
    if attrs.get("code") and attrs.get("symbol"):
        code = typed_code(normal_code(str(attrs["code"])), doc_type)
        law = law_of_code(code)
        if law:
            return _law_key(doc_type, law[0], law[1], as_of)
        if rules().central_code.search(code) or is_central_issuer(issuer):
            return f"code|{CENTRAL}|{code}"
        scope = _scope(code, issuer, place)
        return f"code|{scope}|{code}" if scope else f"open|{record_id}|{code}"
    if attrs.get("name"):
        name = name_key(str(attrs["name"]))
        if rules().law_name.match(doc_type) or rules().law_name.match(str(attrs["name"])) \
                or is_central_issuer(issuer):
            year = str(issued or "")[:4] if str(issued or "")[:4].isdigit() else attrs.get("year") or written
            return _law_key(doc_type, law_name(name), year, as_of)
        if is_known_name(name):
            return f"name|{CENTRAL}|{fold(doc_type)}|{name}"
        scope = places().named_province(issuer) or place.province
        return f"name|{scope}|{fold(doc_type)}|{name}" if scope else f"open|{record_id}|{fold(doc_type)}|{name}"
    number = _number(attrs.get('number') or attrs.get('code'))
    return f"num|{record_id}|{fold(doc_type)}|{number}"


def scope_of(key: str) -> str | None:
    """Return the scope a document key holds (None for a key open to its record)."""
    kind, scope = key.split("|", 2)[:2]
    return scope if kind in ("code", "name") and scope != "None" else None


def _joined(record_id: str, attrs: dict, key: str, by_code: dict[str, set[str]], dated: dict[str, set[str]],
            published: str | None) -> str:
    """Return one mention's key after the record's other mentions of its code or law are known."""
    scope = scope_of(key)
    if key.startswith(f"open|{record_id}|") and key.count("|") == 2:
        found = by_code.get(key.rsplit("|", 1)[1], set())
        return next(iter(found)) if len(found) == 1 else key
    if key.startswith("code|") and scope not in (None, CENTRAL) and "/" not in str(scope) and not attrs.get("issuer"):
        # a district's record citing a code without its issuer: the one district document of that code it names
        # elsewhere ("Kế hoạch số 45/KH-UBND ngày … của UBND huyện", later "Kế hoạch số 45/KH-UBND")
        found = {k for k in by_code.get(key.rsplit("|", 1)[1], set()) if str(scope_of(k)).startswith(f"{scope}/")}
        return next(iter(found)) if len(found) == 1 else key
    if key in dated and len(dated[key]) == 1:
        return next(iter(dated[key]))
    if key.startswith(f"name|{CENTRAL}|") and "@" not in key:
        version = law_version(key.split("|", 3)[3], None, published)
        return f"{key}@{version}" if version else key
    return key


def _join_within_record(record_id: str, mentions: list[tuple[dict, str]], published: str | None) -> list[str]:
    """Return each mention's final key: open codes, numbers alone and laws without a year join the record's
    one match; a law without a year and without such a match is the version passed by ``published``."""
    by_code: dict[str, set[str]] = {}
    dated: dict[str, set[str]] = {}
    for _, key in mentions:
        if key.startswith("code|"):
            by_code.setdefault(key.rsplit("|", 1)[1], set()).add(key)
        elif key.startswith(f"name|{CENTRAL}|") and "@" in key:
            dated.setdefault(key.rsplit("@", 1)[0], set()).add(key)
    final = [_joined(record_id, attrs, key, by_code, dated, published) for attrs, key in mentions]
    by_number: dict[tuple[str, str | None], set[str]] = {}
    for (attrs, _), key in zip(mentions, final, strict=True):
        if attrs.get("symbol") and not key.startswith("num|"):
            by_number.setdefault((fold(attrs.get("doc_type") or ""), _number(attrs.get("number"))), set()).add(key)
    for n, (attrs, key) in enumerate(mentions):
        if key.startswith("num|"):
            wanted = (fold(attrs.get("doc_type") or ""), _number(attrs.get("number") or attrs.get("code")))
            found = by_number.get(wanted, set())
            # a number alone joins the record's one full code; else a central document known by its number
            known_as = short_name(*wanted) if wanted[1] else None
            final[n] = next(iter(found)) if len(found) == 1 else \
                f"name|{CENTRAL}|{wanted[0]}|{known_as}" if known_as and not found else key
    return final


def document_mentions(record: dict[str, Any], place: RecordPlace | None = None) -> list[DocMention]:
    """Return every DOC_REF of a record with the key of the document it denotes, in text order."""
    record_id = str(record["id"])
    place = place or record_place(record)
    issued_by = {f["args"].get("document"): f.get("values") or {} for f in record.get("facts") or []
                 if f.get("type") == "document_issued" and isinstance(f.get("args"), dict)}
    refs = sorted((e for e in record.get("entities") or [] if e.get("label") == "DOC_REF"),
                  key=lambda e: (e.get("start") or 0, e.get("end") or 0))
    text = str(record.get("text") or "")

    def written_year(entity: dict[str, Any]) -> str | None:
        found = rules().law_year.match(text[int(entity.get("end") or 0):int(entity.get("end") or 0) + 20])
        return found.group("year") if found else None

    def date_of(entity: dict[str, Any]) -> str | None:
        issued = (entity.get("attrs") or {}).get("issued") or issued_by.get(entity.get("id"), {}).get("issued")
        year = written_year(entity)
        return str(issued) if issued else f"{year}-12-31" if year else None

    # "Luật sửa đổi … của Luật X ngày …": the date is the outer law's, and X is the version that law amended
    nested: dict[Any, str | None] = {}
    outer: dict[str, Any] = {"end": -1}
    for entity in sorted(refs, key=lambda e: (e.get("start") or 0, -(e.get("end") or 0))):
        if (entity.get("end") or 0) <= outer["end"]:
            nested[entity.get("id")] = date_of(outer)
        else:
            outer = entity
    firsts = []
    for entity in refs:
        attrs = entity.get("attrs") or {}
        values = issued_by.get(entity.get("id"), {})
        issuer = attrs.get("issuer") or values.get("issuer")
        inside = entity.get("id") in nested
        issued = None if inside else attrs.get("issued") or values.get("issued")
        # the record's date decides a version only after the record's own dated versions (_join_within_record)
        as_of = nested[entity.get("id")] if inside else None
        # a year written after a law inside an amending law is the amending law's
        year = None if inside else written_year(entity)
        firsts.append((attrs, _first_key(record_id, attrs, issuer, issued, place, year, as_of or None)))
    keys = _join_within_record(record_id, firsts, record.get("published"))
    out = []
    for entity, (attrs, _), key in zip(refs, firsts, keys, strict=True):
        values = issued_by.get(entity.get("id"), {})
        out.append(DocMention(
            record=record_id, entity=str(entity.get("id")), start=int(entity.get("start") or 0),
            end=int(entity.get("end") or 0), key=key, doc_type=attrs.get("doc_type"),
            code=attrs.get("code") if attrs.get("symbol") else None, name=attrs.get("name"),
            issuer=attrs.get("issuer") or values.get("issuer"), scope=scope_of(key),
            issued=None if entity.get("id") in nested else attrs.get("issued") or values.get("issued"),
            published=record.get("published"),
            self_ref=bool(attrs.get("self"))))
    return out


LEVEL_WORDS = frozenset({"tỉnh", "huyện", "quận", "xã", "phố", "ủy", "thị", "tp", "tp."})


@functools.lru_cache(maxsize=65536)
def committee(issuer: str | None) -> str | None:
    """Return the issuing body in one spelling, without its place: "Ban Thường vụ Tỉnh uỷ Thái Bình" and
    "BAN THƯỜNG VỤ TỈNH ỦY" are both "Ban thường vụ tỉnh ủy"; "UBND tỉnh" is "Ủy ban nhân dân tỉnh"."""
    words = fold(issuer or "").split()
    where = places()
    for n in range(min(4, len(words) - 1), 0, -1):
        tail = " ".join(words[-n:])
        if words[-n - 1] in LEVEL_WORDS and (tail in where.provinces or tail in where.districts):
            words = words[:-n]
            break
    key = org_key(" ".join(words))
    return key[:1].upper() + key[1:] if key else None


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    # most mentions first, then the longest form (it says most), then the first in sort order
    return min(counts, key=lambda v: (-counts[v], -len(str(v)), str(v)))


def document_row(key: str, mentions: list[DocMention]) -> dict[str, Any]:
    """Return the documents_cited row of one document key from all the mentions that carry it."""
    published = sorted(m.published for m in mentions if m.published)
    own = [m for m in mentions if m.self_ref]
    issuer = _most_common(m.issuer for m in own) or _most_common(m.issuer for m in mentions)
    return {
        "id": doc_id(key), "key": key, "scope": scope_of(key),
        "doc_type": _most_common(m.doc_type for m in mentions),
        "code": _most_common(m.code for m in mentions), "name": _most_common(m.name for m in mentions),
        # the document's own header says best who issued it and when
        "issuer": issuer, "committee": committee(issuer),
        "issued": _most_common(m.issued for m in own) or _most_common(m.issued for m in mentions),
        "records": sorted({m.record for m in mentions}), "mentions": len(mentions),
        "first_cited": published[0] if published else None, "last_cited": published[-1] if published else None,
    }

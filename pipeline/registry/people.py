"""People across records: one name, compatible posts, one province = one person, with a timeline of posts.

Each record's persons (its clusters of PERSON mentions) become one ``PersonMention`` each, with
the record's province (``TW`` for holders of central posts and historical persons, ``?`` when
unknown), grouped by name. Within a name, mentions of one province whose posts share an
organisation (or a title) are one person; posts with nothing in common, or other provinces, stay
apart (two Nguyễn Văn An, a school head and a police chief). A mention of unknown province joins
the one person whose posts it shares; a mention without any post joins the one person of its
province when there is exactly one, and stands alone otherwise.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.rules import load_rules
from pipeline.registry.cues import is_central_issuer, org_key, rules
from pipeline.registry.documents import RecordPlace
from pipeline.registry.places import fold

OPEN = "?"
NATIONAL = "TW"


@functools.cache
def historical_names() -> frozenset[str]:
    """Return the folded names of historical persons (rules/person.yaml): one person nationwide each."""
    return frozenset(fold(form) for form in load_rules("person").lexicon_list("historical_persons"))


@dataclass(frozen=True, slots=True)
class Post:
    """A position as written (title, organisation) and its folded key (head of the title, organisation)."""

    title: str
    org: str | None
    head: str
    org_key: str | None


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One person of one record: the record's cluster, its name, posts and mention spans."""

    record: str
    cluster: str
    name: str
    group: str
    province: str
    posts: tuple[Post, ...]
    spans: tuple[tuple[str, int, int], ...]   # (entity id, start, end)
    published: str | None
    historical: bool = False                   # a historical person (Hồ Chí Minh): one person, whatever the posts


@functools.lru_cache(maxsize=65536)
def make_post(title: str, org: str | None) -> Post:
    """Return a post with its keys: the title without its organisation ("Trưởng"), the organisation folded."""
    title_key, key = org_key(title) or "", org_key(org)
    head = title_key[: -len(key)].strip() if key and title_key.endswith(key) and title_key != key else title_key
    return Post(title=title, org=org, head=head, org_key=key)


def _posts(record: dict[str, Any], person: dict[str, Any], orgs: dict[str, str]) -> tuple[Post, ...]:
    """Return a person's posts: from its holds_position facts, then its titles the facts did not give."""
    posts: dict[tuple[str, str | None], Post] = {}
    for fact in record.get("facts") or []:
        values = fact.get("values") or {}
        if fact.get("type") == "holds_position" and values.get("cluster") == person.get("cluster") \
                and values.get("title"):
            post = make_post(str(values["title"]), values.get("org"))
            posts.setdefault((post.head, post.org_key), post)
    written = {org_key(p.title) for p in posts.values()}
    for title in person.get("titles") or []:
        post = make_post(str(title), orgs.get(str(title)))
        if org_key(post.title) not in written:   # the facts gave this title already, with its organisation
            posts.setdefault((post.head, post.org_key), post)
    return tuple(posts.values())


def person_mentions(record: dict[str, Any], place: RecordPlace) -> list[PersonMention]:
    """Return one mention per person cluster of a record, with its group key (name and province)."""
    entities = {e.get("id"): e for e in record.get("entities") or []}
    orgs = {str(e.get("text")): str((e.get("attrs") or {}).get("org")) for e in entities.values()
            if e.get("label") == "TITLE" and (e.get("attrs") or {}).get("org")}
    out = []
    for person in record.get("persons") or []:
        name = str(person.get("name") or "")
        if not name:
            continue
        posts = _posts(record, person, orgs)
        historical = fold(name) in historical_names()
        local = rules().local_post
        central = historical or (any(is_central_issuer(p.org or p.title) for p in posts)
                                 and not any(local.search(p.org or p.title) for p in posts))
        province = NATIONAL if central else (place.province or OPEN)
        spans = tuple((str(m), int(entities[m].get("start") or 0), int(entities[m].get("end") or 0))
                      for m in person.get("mentions") or [] if m in entities)
        out.append(PersonMention(record=str(record["id"]), cluster=str(person.get("cluster")), name=name,
                                 group=fold(name), province=province, posts=posts, spans=spans,
                                 published=record.get("published"), historical=historical))
    return out


@dataclass
class _Cluster:
    province: str
    members: list[PersonMention] = field(default_factory=list)
    orgs: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    bare_heads: set[str] = field(default_factory=set)   # heads of posts written without an organisation

    def fits(self, mention: PersonMention) -> bool:
        """Return whether a mention's posts share an organisation, or a title written alone, with this person's."""
        orgs = {p.org_key for p in mention.posts if p.org_key}
        heads = {p.head for p in mention.posts}
        bare = {p.head for p in mention.posts if not p.org_key}
        return bool(orgs & self.orgs or bare & self.heads or self.bare_heads & heads)

    def add(self, mention: PersonMention) -> None:
        """Add a mention to this person (returns nothing), with its organisations and titles."""
        self.members.append(mention)
        self.orgs |= {p.org_key for p in mention.posts if p.org_key}
        self.heads |= {p.head for p in mention.posts}
        self.bare_heads |= {p.head for p in mention.posts if not p.org_key}


def _order(mention: PersonMention) -> tuple[str, str, str]:
    return (mention.published or "9999", mention.record, mention.cluster)


def _home(clusters: list[_Cluster], by_province: dict[str, list[_Cluster]], mention: PersonMention) -> _Cluster | None:
    """Return the one person a mention of this name joins, or None when there is none or the choice is open."""
    if mention.province == OPEN:
        if not mention.posts:
            return None
        fitting = [c for c in clusters if c.fits(mention)]
        return fitting[0] if len(fitting) == 1 else None
    same = by_province.get(mention.province, [])
    if mention.posts:
        return next((c for c in same if c.fits(mention)), None)
    return same[0] if len(same) == 1 else None


def cluster_group(mentions: list[PersonMention]) -> list[list[PersonMention]]:
    """Return the people of one name: lists of mentions, earliest person first.

    Mentions with posts and a province come first: each joins the first person of its province
    whose posts it shares, else starts one. Then those whose province is unknown join the one
    person (of any province) whose posts they share. A mention without posts joins the one
    person of its province when there is exactly one; otherwise it stands alone.
    """
    if mentions and all(m.historical for m in mentions):
        return [sorted(mentions, key=_order)]
    clusters: list[_Cluster] = []
    by_province: dict[str, list[_Cluster]] = {}
    waves = (lambda m: bool(m.posts) and m.province != OPEN, lambda m: bool(m.posts) and m.province == OPEN,
             lambda m: not m.posts)
    for wave in waves:
        for mention in sorted((m for m in mentions if wave(m)), key=_order):
            home = _home(clusters, by_province, mention)
            if home is None:
                home = _Cluster(mention.province)
                clusters.append(home)
                by_province.setdefault(mention.province, []).append(home)
            home.add(mention)
    return [c.members for c in clusters]


def person_id(group: str, members: list[PersonMention], first: bool) -> str:
    """Return a person's stable id: the group's hash for its first person, with the earliest record for others."""
    anchor = "" if first else f"|{members[0].record}|{members[0].cluster}"
    return "P" + hashlib.sha1(f"{group}{anchor}".encode()).hexdigest()[:12]


def _display_name(members: list[PersonMention]) -> str:
    counts = Counter(m.name for m in members)
    # a name written in capitals is a byline's; the mixed-case spelling says more
    return min(counts, key=lambda n: (n.isupper(), -counts[n], n))


GroupRows = tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, list[PersonMention]]]


def people_rows(group: str, mentions: list[PersonMention]) -> GroupRows:
    """Return the people rows, the person_positions rows and each person's mentions, of one group."""
    people, positions = [], []
    members_of: dict[str, list[PersonMention]] = {}
    for n, members in enumerate(cluster_group(mentions)):
        pid = person_id(group, members, n == 0)
        members_of[pid] = members
        seen = sorted(m.published for m in members if m.published)
        by_post: dict[tuple[str, str | None], list[tuple[Post, PersonMention]]] = {}
        # a post written without its organisation ("PHÓ CHỦ TỊCH" over a signature) is the one with it, if any
        with_org: dict[str, tuple[str, str | None]] = {}
        for post in sorted((p for m in members for p in m.posts if p.org_key), key=lambda p: p.org_key or ""):
            with_org.setdefault(post.head, (post.head, post.org_key))
        for member in members:
            for post in member.posts:
                where = (post.head, post.org_key) if post.org_key else with_org.get(post.head, (post.head, None))
                by_post.setdefault(where, []).append((post, member))
        people.append({
            "id": pid, "group_key": group, "name": _display_name(members),
            "province": next((m.province for m in members if m.province != OPEN), OPEN),
            "titles": sorted({p.title for m in members for p in m.posts}),
            "orgs": sorted({p.org for m in members for p in m.posts if p.org}),
            "records": sorted({m.record for m in members}), "mentions": sum(len(m.spans) for m in members),
            "first_seen": seen[0] if seen else None, "last_seen": seen[-1] if seen else None})
        for (head, org), held in sorted(by_post.items(), key=lambda item: (item[0][0], item[0][1] or "")):
            dates = sorted(m.published for _, m in held if m.published)
            titles = Counter(p.title for p, _ in held)
            positions.append({
                "person_id": pid, "group_key": group, "post": f"{head}|{org or ''}",
                "title": min(titles, key=lambda t: (t.isupper(), -titles[t], t)),
                "org": next((p.org for p, _ in held if p.org), None),
                "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
                "records": sorted({m.record for _, m in held})})
    return people, positions, members_of

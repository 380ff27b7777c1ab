"""Small hand-made records for the registry tests: the text, and mentions placed where their text stands."""

from __future__ import annotations

from typing import Any


def record(rid: str, text: str, refs: list[tuple[str, dict[str, Any]]] = (), place: str | None = None,
           published: str | None = None, people: list[tuple[str, list[tuple[str, str | None]]]] = (),
           ) -> dict[str, Any]:
    """Return a record whose DOC_REFs (span text, attrs) and PERSONs (name, [(title, org)]) are found in ``text``,
    each list in order of appearance (each span searched after the end of the one before it)."""
    entities: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    persons: list[dict[str, Any]] = []
    cursor = 0
    for span, attrs in refs:
        start = text.index(span, cursor)
        cursor = start + len(span)
        entities.append({"id": f"T{len(entities) + 1}", "label": "DOC_REF", "start": start,
                         "end": start + len(span), "text": span, "attrs": attrs})
    cursor = 0
    for n, (name, posts) in enumerate(people, 1):
        start = text.index(name, cursor)
        cursor = start + len(name)
        eid = f"T{len(entities) + 1}"
        entities.append({"id": eid, "label": "PERSON", "start": start, "end": start + len(name), "text": name,
                         "attrs": {"name": name, "titles": [t for t, _ in posts], "cluster": f"P{n}"}})
        persons.append({"cluster": f"P{n}", "name": name, "titles": [t for t, _ in posts], "mentions": [eid]})
        for title, org in posts:
            values = {"person": name, "cluster": f"P{n}", "title": title}
            if org:
                values["org"] = org
            facts.append({"id": f"F{len(facts) + 1}", "type": "holds_position", "args": {}, "values": values})
    entities.sort(key=lambda e: e["start"])
    return {"id": rid, "text": text, "place": place, "published": published, "entities": entities,
            "facts": facts, "persons": persons}

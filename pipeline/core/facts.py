"""The fact types of a record: what each one links, what it states, and what makes two facts one.

One table (``FACT_TYPES``) is read by the linker (which builds facts), the record schema (a test
checks that ``pipeline/schema/record.schema.json`` says what ``fact_schema`` derives from it), the
scorer (identities and the values it checks), the gold builder (which values a gold fact may
state) and ``load`` (the fact tables' columns). This module needs nothing but the standard
library, so that ``corpus/build_gold.py`` runs on a bare Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ENTITY_ID = "^T\\d+$"


@dataclass(frozen=True)
class Field:
    """One value of a fact.

    ``kind`` is its JSON shape: ``text`` (a string copied from the document, which the gold
    builder looks for in the text), ``string``, ``number``, ``integer``, ``boolean``, ``enum``
    (one of ``choices``) or ``names`` (a list of strings copied from the text). ``gold`` says
    whether a gold file may state it (``cluster`` is the extractor's own id, never gold).
    """

    name: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    gold: bool = True
    description: str = ""


@dataclass(frozen=True)
class Arg:
    """One link of a fact to the record's entities: an entity id, or a list of them (``many``)."""

    name: str
    required: bool = True
    many: bool = False


@dataclass(frozen=True)
class FactType:
    """A kind of fact: its entity links, its values, its identity and how repeats are told apart.

    ``key`` names the values that say which fact it is (a predicted and a gold fact are paired on
    them); the other values are what is known of it and are scored one by one. ``distinct`` adds
    values that keep two facts of one key apart within a document (two rates of 100% that measure
    different things). ``single`` types occur at most once per document.
    """

    name: str
    description: str
    args: tuple[Arg, ...]
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    distinct: tuple[str, ...] = ()
    single: bool = False

    def field(self, name: str) -> Field:
        """Return the value field called ``name``; KeyError names the type when there is none."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no value {name!r}")

    @property
    def gold_required(self) -> frozenset[str]:
        """The values every gold fact of this type states."""
        return frozenset(f.name for f in self.fields if f.gold and f.required)

    @property
    def gold_optional(self) -> frozenset[str]:
        """The values a gold fact of this type may state."""
        return frozenset(f.name for f in self.fields if f.gold and not f.required)


FACT_TYPES: dict[str, FactType] = {t.name: t for t in (
    FactType(
        "document_issued", "A DOC_REF with its issuer and/or issue date.",
        (Arg("document"), Arg("date", required=False)),
        (Field("doc_type", "string", required=True), Field("code", "string"),
         Field("name", "string",
               description="The document's name, for a document cited by name (a law, a quoted project)."),
         Field("issuer", "text"), Field("issued", "string"),
         Field("self", "boolean", description="The document itself (its header's number, issuing body and dateline).")),
        key=("doc_type", "code"), distinct=("name",)),
    FactType(
        "holds_position", "A person (cluster) holds a position, at an organisation when the title names one.",
        (Arg("person"), Arg("title")),
        (Field("person", "text", required=True), Field("cluster", "string", required=True, gold=False),
         Field("title", "text", required=True), Field("org", "text")),
        key=("person", "title")),
    FactType(
        "figure", "A percentage with what it measures, its year and qualifier when the sentence says.",
        (Arg("percent"),),
        (Field("value", "number", required=True), Field("unit", "string", required=True),
         Field("year", "integer"), Field("qualifier", "string"), Field("metric", "text"),
         Field("kind", "enum", choices=("level", "change", "target")),
         Field("direction", "enum", choices=("up", "down")), Field("basis", "text")),
        key=("value", "unit", "year"), distinct=("metric",)),
    FactType(
        "model_run_by", "A MODEL and the unit that runs it.",
        (Arg("model"),),
        (Field("model", "text", required=True), Field("owner", "text", required=True)),
        key=("model",)),
    FactType(
        "campaign", "A CAMPAIGN, and who launched it when the text says.",
        (Arg("campaign"),),
        (Field("campaign", "text", required=True), Field("launched_by", "text")),
        key=("campaign",)),
    FactType(
        "event", "The article's main event as its lead states it: date, organiser, event, who chaired.",
        (Arg("date"), Arg("chair", required=False, many=True)),
        (Field("date", "string", required=True), Field("organiser", "text"), Field("event", "text"),
         Field("chair", "names")),
        key=(), single=True),
)}


def _field_schema(f: Field) -> dict[str, Any]:
    if f.kind == "enum":
        schema: dict[str, Any] = {"enum": list(f.choices)}
    elif f.kind == "names":
        schema = {"type": "array", "items": {"type": "string"}}
    else:
        schema = {"type": {"text": "string"}.get(f.kind, f.kind)}
    if f.description:
        schema["description"] = f.description
    return schema


def _arg_schema(a: Arg) -> dict[str, Any]:
    one = {"type": "string", "pattern": ENTITY_ID}
    return {"type": "array", "items": one} if a.many else one


def fact_schema(fact_type: FactType) -> dict[str, Any]:
    """Return the JSON Schema of one fact type's ``args`` and ``values``, with its description."""
    return {
        "description": fact_type.description,
        "properties": {
            "args": {"type": "object", "required": [a.name for a in fact_type.args if a.required],
                     "additionalProperties": False,
                     "properties": {a.name: _arg_schema(a) for a in fact_type.args}},
            "values": {"type": "object", "required": [f.name for f in fact_type.fields if f.required],
                       "additionalProperties": False,
                       "properties": {f.name: _field_schema(f) for f in fact_type.fields}},
        },
    }

"""A spaCy component: ``nlp.add_pipe("vnfacts")`` puts the mentions in ``doc.spans["vnfacts"]``.

Registered under the name ``vnfacts`` by importing this module, and for installed
packages through the ``spacy_factories`` entry point (pyproject.toml), so that
``spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})`` followed by
``nlp.add_pipe("vnfacts")`` works without importing anything. The extraction is the
record's: recognisers read the characters of ``doc.text``, whatever the tokenizer.

Each span's extensions: ``span._.vnfacts_attrs`` (the values: ``value``, ``code``,
``issuer``...) and ``span._.vnfacts_entity`` (the record's entity: id, exact ``start``,
``end`` and ``text``, attrs, source, rule_id). ``doc._.vnfacts`` holds the whole record
without the text (facts, persons...).

spaCy's conventions hold: tokens are split where a mention begins or ends inside one
(``83,62%.`` becomes ``83,62%`` and ``.``), so a span is exactly its mention, never takes in
the punctuation glued to a word, and ``alignment_mode="contract"`` never cuts a name; the
spans group keeps every mention, nested and overlapping ones too, and ``doc.ents`` holds the
non-overlapping ones (``spacy.util.filter_spans``: the longest first).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from pipeline.core.settings import Settings
from pipeline.stages.document import extract
from pipeline.stages.read import Document

for _name, _cls in (("vnfacts_attrs", Span), ("vnfacts_entity", Span), ("vnfacts", Doc)):
    if not _cls.has_extension(_name):
        _cls.set_extension(_name, default=None)

DEFAULT_CONFIG = {"span_key": "vnfacts", "published": None, "time_budget": 10.0, "alignment_mode": "expand",
                  "split_tokens": True, "set_ents": True}


def split_tokens(doc: Doc, offsets: Iterable[int]) -> int:
    """Split, in place, every token of ``doc`` that one of ``offsets`` falls strictly inside; return how
    many tokens were split. The text stays as it was; the pieces but the last have no trailing space."""
    cuts = sorted(set(offsets))
    split = 0
    with doc.retokenize() as retokenizer:
        for token in doc:
            start, end = token.idx, token.idx + len(token.text)
            inside = cuts[bisect_right(cuts, start):bisect_right(cuts, end - 1)]
            if not inside:
                continue
            bounds = [start, *inside, end]
            orths = [doc.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
            split += 1
    return split


class VnfactsComponent:
    """Runs the vnfacts extraction on a Doc's text and writes its mentions as spans."""

    def __init__(self, name: str, span_key: str, published: str | None, time_budget: float,
                 alignment_mode: str, split_tokens: bool = True, set_ents: bool = True) -> None:
        self.name = name
        self.span_key = span_key
        self.published = published
        self.settings = Settings(include_text=False, time_budget=time_budget)
        self.alignment_mode = alignment_mode
        self.split_tokens = split_tokens
        self.set_ents = set_ents

    def __call__(self, doc: Doc) -> Doc:
        published = doc.user_data.get("published", self.published)
        record = extract(Document(id="doc", text=doc.text, source="spacy", published=published), self.settings)
        if self.split_tokens:
            split_tokens(doc, (offset for e in record["entities"] for offset in (e["start"], e["end"])))
        spans = []
        for entity in record["entities"]:
            span = doc.char_span(entity["start"], entity["end"], label=entity["label"],
                                 alignment_mode=self.alignment_mode)
            if span is None:  # "strict" or "contract" alignment on tokens that cross the mention
                continue
            span._.vnfacts_attrs = entity["attrs"]
            span._.vnfacts_entity = entity
            spans.append(span)
        doc.spans[self.span_key] = SpanGroup(doc, name=self.span_key, spans=spans)
        if self.set_ents:
            # Overlapping mentions cannot all be entities; the longest of each overlap is.
            doc.ents = filter_spans(spans)
        doc._.vnfacts = record
        return doc


@Language.factory("vnfacts", default_config=DEFAULT_CONFIG)
def make_component(nlp: Language, name: str, span_key: str, published: str | None, time_budget: float,
                   alignment_mode: str, split_tokens: bool, set_ents: bool) -> VnfactsComponent:
    """Return the vnfacts component (the ``spacy_factories`` entry point names this factory).

    Config: ``span_key`` (default ``vnfacts``), ``published`` (YYYY-MM-DD dating partial
    dates; a Doc's ``doc.user_data["published"]`` overrides it), ``time_budget``
    (seconds a Doc may take, plus ``Settings.time_budget_per_100k`` per 100,000 characters),
    ``alignment_mode`` (``expand``, ``contract`` or ``strict``: how a mention maps to tokens;
    the exact offsets are in ``span._.vnfacts_entity``), ``split_tokens`` (split tokens at mention
    edges, so that every mode gives the exact mention; default true), ``set_ents`` (write the
    non-overlapping mentions to ``doc.ents``, replacing what was there; default true).
    """
    if alignment_mode not in ("expand", "contract", "strict"):
        raise ValueError(f"vnfacts: alignment_mode must be expand, contract or strict, not {alignment_mode!r}")
    return VnfactsComponent(name, span_key, published, time_budget, alignment_mode, split_tokens, set_ents)

"""What the cross-document scores count, one error at a time (``vnfacts evaluate --crossdoc-errors``).

The pairwise scores say how many mention pairs were missed or joined wrongly; this lists the clusters
behind them so that each class of error can be read. Every item is one JSON object with a ``kind``:

- ``split`` (documents or people): one gold cluster whose mentions the registry keeps in several
  clusters; ``parts`` holds each predicted cluster's key and mentions, ``pairs`` the gold pairs lost.
- ``merged``: one predicted cluster that holds mentions of several gold clusters; ``parts`` is per
  gold cluster, ``pairs`` the pairs joined wrongly.
- ``edge_missed``, ``edge_spurious``: a gold edge not predicted, a predicted edge not in the gold;
  an edge whose ends match but whose relation differs is one ``edge_relation`` item instead.

A mention is ``{"record", "start", "end", "text"}``; an edge's evidence adds ``before``, the 60
characters that precede it on its line, where relation cues stand.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.evaluation.crossdoc import (
    LABELS,
    CrossGold,
    Mention,
    document_map,
    predicted_clusters,
    predicted_edges,
    singleton,
)
from pipeline.registry.build import Registry, build

CONTEXT = 60
KINDS = ("split", "merged", "edge_relation", "edge_missed", "edge_spurious")


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


class _Texts:
    """Mention texts from the gold documents."""

    def __init__(self, gold_docs: list[dict[str, Any]]) -> None:
        self.texts = {str(doc["id"]): str(doc.get("text") or "") for doc in gold_docs}

    def mention(self, mention: Mention) -> dict[str, Any]:
        """Return a mention as record, start, end and its text."""
        record, start, end = mention
        return {"record": record, "start": start, "end": end, "text": self.texts.get(record, "")[start:end]}

    def evidence(self, mention: Mention | None) -> dict[str, Any] | None:
        """Return a mention with the characters before it on its line (``before``), or None."""
        if mention is None:
            return None
        text = self.texts.get(mention[0], "")
        line_start = text.rfind("\n", 0, mention[1]) + 1
        return {**self.mention(mention), "before": text[max(line_start, mention[1] - CONTEXT):mention[1]]}


def _cluster_errors(kind: str, gold: CrossGold, predicted: dict[str, list[Mention]], keys: dict[str, str],
                    texts: _Texts) -> list[dict[str, Any]]:
    gold_of = {m: gold.clusters[kind].get(m) or singleton(m) for m in gold.mentions[kind]}
    by_gold: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for cluster, mentions in predicted.items():
        for mention in sorted(m for m in mentions if m in gold_of):
            by_gold[gold_of[mention]][cluster].append(mention)
    out = []
    for gold_id, parts in sorted(by_gold.items()):
        if len(parts) > 1:
            sizes = [len(ms) for ms in parts.values()]
            out.append({"kind": "split", "of": kind, "gold": gold_id,
                        "pairs": _pairs(sum(sizes)) - sum(_pairs(n) for n in sizes),
                        "parts": [{"cluster": keys.get(c, c), "mentions": [texts.mention(m) for m in ms]}
                                  for c, ms in sorted(parts.items(), key=lambda item: item[1][0])]})
    for cluster, mentions in sorted(predicted.items()):
        per_gold: dict[str, list[Mention]] = defaultdict(list)
        for mention in sorted(m for m in mentions if m in gold_of):
            per_gold[gold_of[mention]].append(mention)
        if len(per_gold) > 1:
            sizes = [len(ms) for ms in per_gold.values()]
            out.append({"kind": "merged", "of": kind, "cluster": keys.get(cluster, cluster),
                        "pairs": _pairs(sum(sizes)) - sum(_pairs(n) for n in sizes),
                        "parts": [{"gold": g, "mentions": [texts.mention(m) for m in ms]}
                                  for g, ms in sorted(per_gold.items())]})
    return out


def _edge_errors(gold: CrossGold, registry: Registry, texts: _Texts) -> list[dict[str, Any]]:
    edges = predicted_edges(registry, document_map(gold, registry))
    predicted_by_ends = defaultdict(list)
    for edge in edges:
        predicted_by_ends[edge[:2]].append(edge)
    gold_by_ends = defaultdict(list)
    for edge in gold.edges:
        gold_by_ends[edge[:2]].append(edge)

    key_of = {row["id"]: row["key"] for row in registry.documents_cited}

    def found(edge: tuple[str, str, str]) -> dict[str, Any] | None:
        row = edges[edge]
        evidence = texts.evidence((row["record_id"], row["evidence_start"], row["evidence_end"]))
        return {**(evidence or {}), "citing_key": key_of.get(row["citing_id"]),
                "cited_key": key_of.get(row["cited_id"])}

    out = []
    for edge in sorted(gold.edges - set(edges)):
        others = [e for e in predicted_by_ends.get(edge[:2], []) if e not in gold.edges]
        item = {"from": edge[0], "to": edge[1], "relation": edge[2],
                "evidence": texts.evidence(gold.evidence.get(edge))}
        if others:
            out.append({"kind": "edge_relation", **item, "predicted": others[0][2],
                        "predicted_evidence": found(others[0])})
        else:
            out.append({"kind": "edge_missed", **item})
    for edge in sorted(set(edges) - gold.edges):
        if any(e not in edges for e in gold_by_ends.get(edge[:2], [])):
            continue   # listed above as edge_relation
        out.append({"kind": "edge_spurious", "from": edge[0], "to": edge[1], "relation": edge[2],
                    "evidence": found(edge)})
    return out


def crossdoc_errors(gold: CrossGold, gold_docs: list[dict[str, Any]],
                    records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return every split and merged cluster (documents, then people) and every wrong edge, as JSON objects."""
    registry = build(records)
    texts = _Texts(gold_docs)
    predicted = predicted_clusters(registry)
    keys = {cid: ms[0].key for cid, ms in registry.document_mentions.items() if ms}
    keys.update({pid: ms[0].group for pid, ms in registry.person_mentions.items() if ms})
    out = []
    for kind in LABELS:
        out.extend(_cluster_errors(kind, gold, predicted[kind], keys, texts))
    return out + _edge_errors(gold, registry, texts)

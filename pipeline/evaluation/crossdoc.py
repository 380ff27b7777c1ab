"""Score the registry against the cross-document gold (corpus/gold/crossdoc.json).

The gold is one JSON object: ``documents`` and ``people``, lists of clusters ``{"id", "mentions":
[{"doc", "start", "end"}, …]}`` (other keys such as ``code``, ``issuer``, ``scope``, ``name`` are
kept for readers and not scored), and ``edges``, a list of ``{"from", "to", "relation",
"evidence"}`` where ``from`` is a document cluster id or ``{"record": id}`` (an article without a
header of its own), ``to`` a cluster id, and either end may also be one mention (a singleton).

Mentions are (record id, start, end) of gold DOC_REF and PERSON spans; a gold mention listed in no
cluster is a cluster of its own. Document and person clusters are scored pairwise: a pair of
mentions is a true positive when the prediction and the gold both put them in one cluster. Only
predicted mentions that match a gold mention exactly take part on the predicted side (a missed
mention loses its gold pairs, a spurious one adds no pair), and the share of gold mentions matched
is reported beside. Edges are scored as sets of (citing, cited, relation), after each predicted
document is mapped to the gold cluster that holds most of its matched mentions; the same without
the relation is reported as ``edges_unlabelled``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import E062, E063, E064
from pipeline.evaluation.score import PRF
from pipeline.registry.build import Registry, build

Mention = tuple[str, int, int]
LABELS = {"documents": "DOC_REF", "people": "PERSON"}
RELATIONS = ("implements", "based_on", "amends", "replaces", "cites")


@dataclass(frozen=True)
class CrossGold:
    """The gold: cluster id of every listed mention per kind, and the edges as (from, to, relation)."""

    clusters: dict[str, dict[Mention, str]]           # kind -> mention -> cluster id
    mentions: dict[str, set[Mention]]                  # kind -> every gold mention of its label
    edges: set[tuple[str, str, str]]
    evidence: dict[tuple[str, str, str], Mention] = field(default_factory=dict)   # edge -> its evidence mention


@dataclass(frozen=True)
class CrossScore:
    """Pairwise scores of document and person clusters, edge scores, and gold mentions matched."""

    documents: PRF
    people: PRF
    edges: PRF
    edges_unlabelled: PRF
    matched: dict[str, tuple[int, int]]                # kind -> (gold mentions predicted, gold mentions)

    def to_dict(self) -> dict[str, Any]:
        """Return the scores as a JSON-ready dict."""
        return {"documents": self.documents.to_dict(), "people": self.people.to_dict(),
                "edges": self.edges.to_dict(), "edges_unlabelled": self.edges_unlabelled.to_dict(),
                "mentions_matched": {k: {"predicted": a, "gold": b} for k, (a, b) in self.matched.items()}}


def singleton(mention: Mention) -> str:
    """Return the cluster id of a gold mention listed in no cluster."""
    return f"S:{mention[0]}:{mention[1]}:{mention[2]}"


def _mention(item: Any, path: Path, where: str) -> Mention:
    try:
        return str(item["doc"]), int(item["start"]), int(item["end"])
    except (TypeError, KeyError, ValueError) as exc:
        raise ValueError(E062.format(path=path, error=f"{where}: a mention needs doc, start and end ({exc})")) from None


def _end(item: Any, ids: dict[str, str], path: Path, where: str, known: set[Mention]) -> str:
    """Return the cluster an edge's end names: a cluster id, {"record": id}, or one mention."""
    if isinstance(item, str):
        if item not in ids:
            raise ValueError(E064.format(path=path, where=where, id=item))
        return item
    if isinstance(item, dict) and "record" in item:
        return f"record:{item['record']}"
    mention = _mention(item, path, where)
    if mention not in known:
        raise ValueError(E063.format(path=path, where=where, doc=mention[0], start=mention[1], end=mention[2],
                                     label="DOC_REF", gold="the gold"))
    return singleton(mention)


def gold_mentions(gold_docs: Iterable[dict]) -> dict[str, set[Mention]]:
    """Return every gold DOC_REF and PERSON mention, per kind."""
    out: dict[str, set[Mention]] = {kind: set() for kind in LABELS}
    for doc in gold_docs:
        for entity in doc.get("entities") or []:
            for kind, label in LABELS.items():
                if entity.get("label") == label:
                    out[kind].add((str(doc["id"]), int(entity["start"]), int(entity["end"])))
    return out


def read_crossdoc(path: Path, gold_docs: list[dict]) -> CrossGold:
    """Read and check the cross-document gold; raise ValueError with a numbered message on the first fault."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(E062.format(path=path, error=str(exc).splitlines()[0])) from None
    if not isinstance(data, dict):
        raise ValueError(E062.format(path=path, error="it holds no JSON object"))
    known = gold_mentions(gold_docs)
    clusters: dict[str, dict[Mention, str]] = {}
    ids: dict[str, str] = {}
    for kind, label in LABELS.items():
        clusters[kind] = {}
        for n, item in enumerate(data.get(kind) or []):
            where = f"{kind}[{n}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) \
                    or not isinstance(item.get("mentions"), list):
                raise ValueError(E062.format(path=path, error=f"{where} needs an id and a list of mentions"))
            ids[item["id"]] = kind
            for mention in (_mention(m, path, where) for m in item["mentions"]):
                if mention not in known[kind]:
                    raise ValueError(E063.format(path=path, where=where, doc=mention[0], start=mention[1],
                                                 end=mention[2], label=label, gold="the gold"))
                clusters[kind][mention] = item["id"]
    edges = set()
    evidence = {}
    for n, item in enumerate(data.get("edges") or []):
        where = f"edges[{n}]"
        if not isinstance(item, dict) or item.get("relation") not in RELATIONS:
            raise ValueError(E062.format(path=path, error=f"{where} needs from, to and a relation of "
                                                          f"{', '.join(RELATIONS)}"))
        edge = (_end(item.get("from"), ids, path, where, known["documents"]),
                _end(item.get("to"), ids, path, where, known["documents"]), item["relation"])
        edges.add(edge)
        if isinstance(item.get("evidence"), dict):
            evidence[edge] = _mention(item["evidence"], path, where)
    return CrossGold(clusters, known, edges, evidence)


def pairwise(gold_of: dict[Mention, str], gold_all: set[Mention], predicted: dict[str, list[Mention]]) -> PRF:
    """Return pairwise counts: pairs both sides join, pairs predicted (matched mentions only), pairs in the gold."""
    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    gold_sizes = Counter(gold_of.get(m) or singleton(m) for m in gold_all)
    together: Counter[tuple[str, str]] = Counter()
    predicted_pairs = 0
    for cluster, mentions in predicted.items():
        matched = {m for m in mentions if m in gold_all}
        predicted_pairs += pairs(len(matched))
        for mention in matched:
            together[(cluster, gold_of.get(mention) or singleton(mention))] += 1
    tp = sum(pairs(n) for n in together.values())
    return PRF(tp, predicted_pairs, sum(pairs(n) for n in gold_sizes.values()))


def predicted_clusters(registry: Registry) -> dict[str, dict[str, list[Mention]]]:
    """Return the predicted document and person clusters as lists of (record, start, end), per kind."""
    documents = {cid: [(m.record, m.start, m.end) for m in ms] for cid, ms in registry.document_mentions.items()}
    people = {pid: [(m.record, s, e) for m in members for _, s, e in m.spans]
              for pid, members in registry.person_mentions.items()}
    return {"documents": documents, "people": people}


def _map_clusters(predicted: dict[str, list[Mention]], gold_of: dict[Mention, str],
                  gold_all: set[Mention]) -> dict[str, str]:
    mapped = {}
    for cluster, mentions in predicted.items():
        votes = Counter(gold_of.get(m) or singleton(m) for m in mentions if m in gold_all)
        if votes:
            mapped[cluster] = min(votes, key=lambda c: (-votes[c], c))
    return mapped


def _edge_prf(predicted: set[tuple[str, str, str]], gold: set[tuple[str, str, str]]) -> PRF:
    return PRF(len(predicted & gold), len(predicted), len(gold))


def predicted_edges(registry: Registry, to_gold: dict[str, str]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Return each predicted edge as (citing, cited, relation) in gold cluster ids, with its citations row."""
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in registry.citations:
        citing = to_gold.get(row["citing_id"]) if row["citing_id"] else f"record:{row['record_id']}"
        cited = to_gold.get(row["cited_id"])
        # an end that maps to no gold cluster can match nothing: it stays, named so that it cannot
        edges.setdefault((citing or f"unmatched:{row['citing_id']}", cited or f"unmatched:{row['cited_id']}",
                          row["relation"]), row)
    return edges


def document_map(gold: CrossGold, registry: Registry) -> dict[str, str]:
    """Return the gold document cluster each predicted document maps to (the one holding most of its mentions)."""
    return _map_clusters(predicted_clusters(registry)["documents"], gold.clusters["documents"],
                         gold.mentions["documents"])


def score_crossdoc(gold: CrossGold, records: list[dict[str, Any]]) -> CrossScore:
    """Return the cross-document scores of the predicted records against the gold."""
    registry = build(records)
    predicted = predicted_clusters(registry)
    scores = {kind: pairwise(gold.clusters[kind], gold.mentions[kind], predicted[kind]) for kind in LABELS}
    matched = {}
    for kind in LABELS:
        found = {m for ms in predicted[kind].values() for m in ms} & gold.mentions[kind]
        matched[kind] = (len(found), len(gold.mentions[kind]))
    edges = set(predicted_edges(registry, document_map(gold, registry)))
    unlabelled_pred = {(a, b) for a, b, _ in edges}
    unlabelled_gold = {(a, b) for a, b, _ in gold.edges}
    return CrossScore(documents=scores["documents"], people=scores["people"], edges=_edge_prf(edges, gold.edges),
                      edges_unlabelled=PRF(len(unlabelled_pred & unlabelled_gold), len(unlabelled_pred),
                                           len(unlabelled_gold)),
                      matched=matched)


def format_crossdoc(score: CrossScore, title: str = "") -> str:
    """Return the scores as a small text table."""
    lines = [title] if title else []
    lines.append(f"{'across records':<22} {'P':>6} {'R':>6} {'F1':>6} {'pred':>7} {'gold':>7}")
    for name, prf in (("document pairs", score.documents), ("person pairs", score.people),
                      ("edges (relation)", score.edges), ("edges (no relation)", score.edges_unlabelled)):
        lines.append(f"{name:<22} {prf.precision:>6.3f} {prf.recall:>6.3f} {prf.f1:>6.3f} "
                     f"{prf.n_pred:>7} {prf.n_gold:>7}")
    for kind, (found, total) in score.matched.items():
        lines.append(f"{kind} mentions predicted exactly: {found}/{total}")
    return "\n".join(lines)

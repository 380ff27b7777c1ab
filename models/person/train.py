"""Train the PERSON model on our corpus gold and write models/person/model.json and meta.json.

Every name candidate of every corpus document (pipeline/recognizers/person_features.py)
is an example, positive when a gold PERSON has exactly its span. A logistic regression
(scikit-learn) is fitted on the feature dicts; its weights are written as JSON, which the
pipeline reads without scikit-learn. Two held-out estimates go into meta.json:

- grouped cross-validation by document: the strict PERSON scores a document the model
  never saw gets, so the data card can say how much of the corpus score is memory;
- leave one sector out: for each sector, the model retrained without that sector's
  documents and scored on them, beside the full model's score on the same documents.

meta.json also records the SHA-256 of the training gold, of rules/person.yaml and of the
feature code, so a test can tell when either changed since the model was trained.

Usage: python models/person/train.py [--gold corpus/gold/gold.jsonl] [--folds 5] [--no-loso]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from pipeline.core.model import LinearModel, trained_with
from pipeline.recognizers import person
from pipeline.recognizers.base import Context
from pipeline.recognizers.person_features import PersonRules, candidates, features
from pipeline.stages.clean import clean
from pipeline.stages.segment import segment

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
C = 10.0  # chosen by leave-one-sector-out F1 over C in {0.3, 1, 3, 10, 30, 100}: 10 and 30 lead, 10 regularises more
THRESHOLD = 0.5


def contexts(gold_path: Path) -> list[tuple[dict[str, Any], Context]]:
    """Return each gold document with the context the recognisers see."""
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        view = clean(doc["text"])
        out.append((doc, Context(view=view, sentences=segment(view, words=False).sentences)))
    return out


def examples(docs: list[tuple[dict[str, Any], Context]]) -> tuple[list[dict[str, float]], list[int], list[int]]:
    """Return feature dicts, labels and document indices of every candidate."""
    rules = PersonRules.load()
    feats, labels, groups = [], [], []
    for n, (doc, ctx) in enumerate(docs):
        gold = {(e["start"], e["end"]) for e in doc["entities"] if e["label"] == "PERSON"}
        memo: dict[Any, Any] = {}
        for c in candidates(ctx, rules):
            feats.append(features(ctx, rules, c, memo))
            labels.append(int(ctx.view.raw_span(c.vstart, c.vend) in gold))
            groups.append(n)
    return feats, labels, groups


def fit(feats: Sequence[dict[str, float]], labels: Sequence[int], version: str) -> LinearModel:
    """Return the fitted model as the pipeline's LinearModel."""
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=C, max_iter=2000)
    clf.fit(x, labels)
    weights = {name: round(float(w), 6)
               for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True) if w}
    return LinearModel("person", version, weights, round(float(clf.intercept_[0]), 6), THRESHOLD)


def counts(model: LinearModel, docs: Sequence[tuple[dict[str, Any], Context]]) -> tuple[int, int, int]:
    """Return (gold, predicted, correct) strict PERSON counts of the recogniser with ``model`` on ``docs``."""
    gold_n = pred_n = tp = 0
    for doc, ctx in docs:
        gold = {(e["start"], e["end"]) for e in doc["entities"] if e["label"] == "PERSON"}
        pred = {(m.start, m.end) for m in person.find(ctx, model=model) if m.label == "PERSON"}
        gold_n, pred_n, tp = gold_n + len(gold), pred_n + len(pred), tp + len(gold & pred)
    return gold_n, pred_n, tp


def prf(gold: int, pred: int, correct: int) -> dict[str, float | int]:
    """Return precision, recall and F1 (4 decimals) with the counts they come from."""
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "gold": gold, "predicted": pred, "correct": correct}


def _subset(items: Sequence[Any], keep: set[int], groups: Sequence[int]) -> list[Any]:
    return [item for item, g in zip(items, groups, strict=True) if g in keep]


def cross_validation(docs: list[tuple[dict[str, Any], Context]], feats: list[dict[str, float]], labels: list[int],
                     groups: list[int], folds: int, version: str) -> dict[str, float | int]:
    """Return the strict PERSON scores of models that never saw the documents they score (by document)."""
    total = [0, 0, 0]
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(feats, labels, groups):
        model = fit([feats[i] for i in train_idx], [labels[i] for i in train_idx], version)
        held_out = sorted({groups[i] for i in test_idx})
        total = [a + b for a, b in zip(total, counts(model, [docs[i] for i in held_out]), strict=True)]
    return prf(*total)


def leave_one_sector_out(docs: list[tuple[dict[str, Any], Context]], feats: list[dict[str, float]],
                         labels: list[int], groups: list[int], full: LinearModel,
                         version: str) -> dict[str, dict[str, Any]]:
    """Return, per sector, the full model's score on its documents and the score of a model trained without them."""
    out: dict[str, dict[str, Any]] = {}
    sectors = sorted({str(doc.get("sector")) for doc, _ in docs})
    for sector in sectors:
        inside = {n for n, (doc, _) in enumerate(docs) if str(doc.get("sector")) == sector}
        outside = set(range(len(docs))) - inside
        model = fit(_subset(feats, outside, groups), _subset(labels, outside, groups), version)
        held = [docs[n] for n in sorted(inside)]
        out[sector] = {"documents": len(inside), "in_sector": prf(*counts(full, held)),
                       "left_out": prf(*counts(model, held))}
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "corpus" / "gold" / "gold.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-loso", action="store_true", help="Skip the leave-one-sector-out runs.")
    args = ap.parse_args(argv)
    gold_bytes = args.gold.read_bytes()
    hashes = trained_with()
    digest = hashlib.sha256(gold_bytes + "".join(hashes.values()).encode()).hexdigest()
    version = f"person-{date.today():%Y%m%d}-{digest[:8]}"
    docs = contexts(args.gold)
    feats, labels, groups = examples(docs)
    model = fit(feats, labels, version)
    (HERE / "model.json").write_text(json.dumps(
        {"version": model.version, "intercept": model.intercept, "threshold": model.threshold,
         "weights": dict(sorted(model.weights.items()))}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    meta: dict[str, Any] = {
        "version": version,
        "trained": date.today().isoformat(),
        "training_data": {"path": "corpus/gold/gold.jsonl", "sha256": hashlib.sha256(gold_bytes).hexdigest(),
                          "documents": len(docs), "candidates": len(labels), "positives": sum(labels),
                          "sectors": dict(sorted(_sector_counts(docs).items()))},
        "trained_with": hashes,
        "algorithm": f"sklearn.linear_model.LogisticRegression(C={C}) over DictVectorizer features",
        "scikit_learn": sklearn.__version__,
        "features": len(model.weights),
        "threshold": THRESHOLD,
        "cross_validation": {"folds": args.folds, "grouped_by": "document",
                             "person_strict": cross_validation(docs, feats, labels, groups, args.folds, version)},
        "training_set": prf(*counts(model, docs)),
    }
    if not args.no_loso:
        meta["leave_one_sector_out"] = leave_one_sector_out(docs, feats, labels, groups, model, version)
    (HERE / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(meta, ensure_ascii=False, indent=1))
    return 0


def _sector_counts(docs: list[tuple[dict[str, Any], Context]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for doc, _ in docs:
        out[str(doc.get("sector"))] = out.get(str(doc.get("sector")), 0) + 1
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

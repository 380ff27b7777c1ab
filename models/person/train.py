"""Train the PERSON model on our corpus gold and write models/person/model.json and meta.json.

Every name candidate of every corpus document (pipeline/recognizers/person_features.py)
is an example, positive when a gold PERSON has exactly its span. A logistic regression
(scikit-learn) is fitted on the feature dicts; its weights are written as JSON, which the
pipeline reads without scikit-learn. Grouped cross-validation by document reports the
strict PERSON scores a document the model never saw gets, so the data card can say how
much of the corpus score is memory.

Usage: python models/person/train.py [--gold corpus/gold/gold.jsonl] [--folds 5]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pipeline.stages.clean import clean  # noqa: E402
from pipeline.recognizers.base import Context  # noqa: E402
from pipeline.core.model import LinearModel  # noqa: E402
from pipeline.recognizers import person  # noqa: E402
from pipeline.recognizers.person_features import candidates, features  # noqa: E402
from pipeline.core.rules import load_rules  # noqa: E402
from pipeline.stages.segment import segment  # noqa: E402

HERE = Path(__file__).resolve().parent
C = 1.0
THRESHOLD = 0.5


def contexts(gold_path: Path) -> list[tuple[dict, Context]]:
    """Return each gold document with the context the recognisers see."""
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        view = clean(doc["text"])
        out.append((doc, Context(view=view, sentences=segment(view, words=False).sentences)))
    return out


def examples(docs: list[tuple[dict, Context]]) -> tuple[list[dict], list[int], list[int]]:
    """Return feature dicts, labels and document indices of every candidate."""
    rules = load_rules("person")
    feats, labels, groups = [], [], []
    for n, (doc, ctx) in enumerate(docs):
        gold = {(e["start"], e["end"]) for e in doc["entities"] if e["label"] == "PERSON"}
        memo: dict = {}
        for c in candidates(ctx, rules):
            feats.append(features(ctx, rules, c, memo))
            labels.append(int(ctx.view.raw_span(c.vstart, c.vend) in gold))
            groups.append(n)
    return feats, labels, groups


def fit(feats: list[dict], labels: list[int], version: str) -> LinearModel:
    """Return the fitted model as the pipeline's LinearModel."""
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    clf = LogisticRegression(C=C, max_iter=2000)
    clf.fit(x, labels)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if w}
    return LinearModel("person", version, weights, round(float(clf.intercept_[0]), 6), THRESHOLD)


def strict_scores(model: LinearModel, docs: list[tuple[dict, Context]]) -> dict[str, float]:
    """Return strict PERSON precision, recall and F1 of the recogniser with ``model`` on ``docs``."""
    tp = fp = fn = 0
    for doc, ctx in docs:
        gold = {(e["start"], e["end"]) for e in doc["entities"] if e["label"] == "PERSON"}
        pred = {(m.start, m.end) for m in person.find(ctx, model=model) if m.label == "PERSON"}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "gold": tp + fn, "predicted": tp + fp, "correct": tp}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "corpus" / "gold" / "gold.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    gold_bytes = args.gold.read_bytes()
    digest = hashlib.sha256(gold_bytes + (ROOT / "rules" / "person.yaml").read_bytes()).hexdigest()
    version = f"person-{date.today():%Y%m%d}-{digest[:8]}"
    docs = contexts(args.gold)
    feats, labels, groups = examples(docs)
    cv = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    tp_docs = []
    for train_idx, test_idx in GroupKFold(n_splits=args.folds).split(feats, labels, groups):
        model = fit([feats[i] for i in train_idx], [labels[i] for i in train_idx], version)
        held_out = sorted({groups[i] for i in test_idx})
        tp_docs.append(strict_scores(model, [docs[i] for i in held_out]))
    gold_total = sum(s["gold"] for s in tp_docs)
    pred_total = sum(s["predicted"] for s in tp_docs)
    tp_total = sum(s["correct"] for s in tp_docs)
    cv["precision"] = round(tp_total / pred_total, 4) if pred_total else 0.0
    cv["recall"] = round(tp_total / gold_total, 4) if gold_total else 0.0
    cv["f1"] = round(2 * cv["precision"] * cv["recall"] / (cv["precision"] + cv["recall"]), 4) \
        if cv["precision"] + cv["recall"] else 0.0
    model = fit(feats, labels, version)
    (HERE / "model.json").write_text(json.dumps(
        {"version": model.version, "intercept": model.intercept, "threshold": model.threshold,
         "weights": dict(sorted(model.weights.items()))}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    meta = {
        "version": version,
        "trained": date.today().isoformat(),
        "training_data": {"path": str(args.gold.relative_to(ROOT)), "sha256": hashlib.sha256(gold_bytes).hexdigest(),
                          "documents": len(docs), "candidates": len(labels), "positives": sum(labels)},
        "algorithm": f"sklearn.linear_model.LogisticRegression(C={C}) over DictVectorizer features",
        "scikit_learn": sklearn.__version__,
        "features": len(model.weights),
        "threshold": THRESHOLD,
        "cross_validation": {"folds": args.folds, "grouped_by": "document", "person_strict": cv},
        "training_set": strict_scores(model, docs),
    }
    (HERE / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(meta, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

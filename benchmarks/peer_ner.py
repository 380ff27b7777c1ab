"""PERSON side by side: underthesea's ner() (PER) and vnfacts on the same gold sets.

underthesea's tokens are found again in the text (it rewrites tone marks, so tokens are
searched in our normalised view and mapped back to raw offsets); a run of B-PER/I-PER
tokens is one PERSON span. Both systems are scored strictly by pipeline.evaluation.score.

Run: .venv/bin/python benchmarks/peer_ner.py [GOLD.jsonl ...]
(default: ../shared/gold/seeds.jsonl when present, and corpus/gold/gold.jsonl)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from underthesea import ner

from pipeline.evaluation.score import read_jsonl, score
from pipeline.stages.clean import clean
from pipeline.stages.document import extract
from pipeline.stages.read import Document
from pipeline.stages.segment import segment

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = [ROOT.parent / "shared" / "gold" / "seeds.jsonl", ROOT / "corpus" / "gold" / "gold.jsonl"]


def underthesea_people(text: str) -> list[dict]:
    """Return the PER spans underthesea's ner() finds, as PERSON entities with raw offsets."""
    view = clean(text)
    out: list[list[int]] = []
    for s, e in segment(view, words=False).sentences:
        cursor, run = s, None
        for token, _pos, _chunk, tag in ner(view.text[s:e]):
            at = view.text.find(token, cursor, e)
            if at < 0:
                run = None
                continue
            cursor = at + len(token)
            if tag == "B-PER" or (tag == "I-PER" and run is None):
                run = [at, cursor]
                out.append(run)
            elif tag == "I-PER" and run is not None:
                run[1] = cursor
            else:
                run = None
    entities = []
    for vs, ve in out:
        start, end = view.raw_span(vs, ve)
        entities.append({"start": start, "end": end, "label": "PERSON", "attrs": {}})
    return entities


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.gold or [p for p in DEFAULT_GOLD if p.exists()]
    print(f"{'gold set':<28}{'system':<24}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}{'seconds':>9}")
    for path in paths:
        gold = read_jsonl(path)
        runs = {}
        t0 = time.perf_counter()
        runs["underthesea ner() PER"] = [{"id": d["id"], "entities": underthesea_people(d["text"])} for d in gold]
        t1 = time.perf_counter()
        runs["vnfacts"] = [extract(Document(id=str(d["id"]), text=d["text"], source=str(path),
                                            published=d.get("published"))) for d in gold]
        t2 = time.perf_counter()
        seconds = {"underthesea ner() PER": t1 - t0, "vnfacts": t2 - t1}
        for system, pred in runs.items():
            prf = score(gold, pred, labels=["PERSON"]).labels["PERSON"].strict
            print(f"{path.name:<28}{system:<24}{prf.n_gold:>6}{prf.n_pred:>6}{prf.precision:>8.3f}"
                  f"{prf.recall:>8.3f}{prf.f1:>8.3f}{seconds[system]:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

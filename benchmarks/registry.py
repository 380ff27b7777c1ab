"""Time the registry (documents, citations, people across records) on synthetic records; print a table.

The records are the corpus's, copied under new ids with a province drawn for each copy (its
``place``) and its publication date moved by whole years, so that local codes and people spread
over many scopes as they would in a national dump. Run from the repository root:

    .venv/bin/python benchmarks/registry.py [--records 1000,10000,100000] [--load 5000] [--seed 17]

For each size it times ``build`` (what ``vnfacts resolve`` runs, without writing), and with
``--load N`` also ``vnfacts load`` of N records into DuckDB twice (the second run finds nothing
to change) and one more batch of 1% new records (the incremental update).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.batch.run import process
from pipeline.registry.build import build
from pipeline.registry.places import places
from pipeline.stages.read import read_inputs

ROOT = Path(__file__).resolve().parent.parent


def synthetic(corpus: list[dict[str, Any]], n: int, seed: int) -> Iterator[dict[str, Any]]:
    """Yield ``n`` records made from the corpus's, each with a new id, a drawn province and a shifted date."""
    rng = random.Random(seed)
    provinces = sorted(set(places().provinces.values()))
    for i in range(n):
        record = corpus[i % len(corpus)]
        copy = {**record, "id": f"{record['id']}-{i}", "place": rng.choice(provinces)}
        if record.get("published"):
            year = int(record["published"][:4]) - rng.randrange(0, 8)
            copy["published"] = f"{year}{record['published'][4:]}"
        yield copy


def peak_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", default="1000,10000,100000")
    parser.add_argument("--load", type=int, default=0, help="also time vnfacts load of this many records")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    corpus = [r for r in process(read_inputs([str(ROOT / "corpus" / "samples")])) if isinstance(r, dict)]
    print(f"corpus: {len(corpus)} records; {sum(len(r['entities']) for r in corpus)} entities")
    print(f"{'records':>8} {'doc mentions':>12} {'documents':>10} {'citations':>10} {'people':>8} "
          f"{'positions':>10} {'seconds':>8} {'rec/s':>8} {'peak MB':>8}")
    for n in (int(x) for x in args.records.split(",")):
        started = time.perf_counter()
        registry = build(synthetic(corpus, n, args.seed))
        seconds = time.perf_counter() - started
        mentions = sum(len(m) for m in registry.document_mentions.values())
        print(f"{n:>8} {mentions:>12} {len(registry.documents_cited):>10} {len(registry.citations):>10} "
              f"{len(registry.people):>8} {len(registry.person_positions):>10} {seconds:>8.1f} {n / seconds:>8.0f} "
              f"{peak_mb():>8.0f}")
    if args.load:
        _time_load(corpus, args.load, args.seed)


def _time_load(corpus: list[dict[str, Any]], n: int, seed: int) -> None:
    from pipeline.load.run import load

    with tempfile.TemporaryDirectory() as tmp:
        path, extra = Path(tmp) / "records.jsonl", Path(tmp) / "more.jsonl"
        records = list(synthetic(corpus, n + n // 100, seed))
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:n]), encoding="utf-8")
        extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[n:]), encoding="utf-8")
        url = f"duckdb:///{tmp}/registry.duckdb"
        print("\nvnfacts load into DuckDB (records, entities, facts and the registry tables)")
        print(f"{'run':<28} {'records':>8} {'seconds':>8}")
        for label, file in (("first load", path), ("same file again", path), ("1% new records", extra)):
            started = time.perf_counter()
            summary = load([str(file)], url)
            print(f"{label:<28} {summary.records:>8} {time.perf_counter() - started:>8.1f}")


if __name__ == "__main__":
    main()

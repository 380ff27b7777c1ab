"""Time `vnfacts load` of the corpus's records, copied under new ids, into DuckDB (and PostgreSQL); print a table.

Run: .venv/bin/python benchmarks/load.py [--copies 10,50] [--pg postgresql://USER@HOST:PORT/DB]
The PostgreSQL rows need a database the tables may be dropped from (default: $VNFACTS_TEST_PG).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from pipeline.batch.run import process
from pipeline.load.backends import connect
from pipeline.load.tables import TABLES
from pipeline.stages.read import read_inputs

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", default="10,50")
    parser.add_argument("--pg", default=os.environ.get("VNFACTS_TEST_PG"))
    args = parser.parse_args()
    from pipeline.load.run import load

    corpus = [r for r in process(read_inputs([str(ROOT / "corpus" / "samples")])) if isinstance(r, dict)]
    print(f"{'backend':<10} {'records':>8} {'entities':>9} {'first s':>8} {'rec/s':>7} {'again s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (int(c) for c in args.copies.split(",")):
            path = Path(tmp) / f"x{copies}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for i in range(copies):
                    for record in corpus:
                        fh.write(json.dumps({**record, "id": f"{record['id']}-{i}"}, ensure_ascii=False) + "\n")
            n, ents = copies * len(corpus), copies * sum(len(r["entities"]) for r in corpus)
            urls = [("duckdb", f"duckdb:///{tmp}/b{copies}.duckdb")] + ([("postgresql", args.pg)] if args.pg else [])
            for name, url in urls:
                if name == "postgresql":
                    db = connect(url)
                    for table in TABLES:
                        db.execute(f"DROP TABLE IF EXISTS {table.name} CASCADE")
                    db.close()
                started = time.perf_counter()
                load([str(path)], url)
                first = time.perf_counter() - started
                started = time.perf_counter()
                load([str(path)], url)
                again = time.perf_counter() - started
                print(f"{name:<10} {n:>8} {ents:>9} {first:>8.2f} {n / first:>7.0f} {again:>8.2f}")


if __name__ == "__main__":
    main()

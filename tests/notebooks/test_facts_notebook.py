"""notebooks/facts.ipynb runs on our corpus's records: figures per metric and place, positions per person."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOK = ROOT / "notebooks" / "facts.ipynb"


def _text(cell: dict) -> str:
    return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)


def test_the_facts_notebook_plots_figures_and_positions_over_time(tmp_path, gold_runs, monkeypatch):
    _, records = gold_runs("corpus")
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setenv("VNFACTS_RECORDS", str(path))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    dated = sum(1 for r in records for f in r["facts"]
                if f["type"] == "figure" and f["values"].get("metric") and f["values"].get("year"))
    assert _text(notebook.cells[2]).startswith(f"{dated} figures with a metric and a year, ")
    assert any("image/png" in o.get("data", {}) for o in notebook.cells[3].outputs)
    # The Hà Tĩnh thread: a district chairman in 2019 is the district's party secretary in 2022.
    rows = [" ".join(line.split()) for line in _text(notebook.cells[4]).splitlines()]
    assert any(row.endswith("Lê Hữu Thắng (?) Chủ tịch UBND huyện Can Lộc 2019 2019 1") for row in rows)
    assert any(row.endswith("Lê Hữu Thắng (?) Bí thư Huyện ủy Can Lộc 2022 2022 1") for row in rows)
    assert any("image/png" in o.get("data", {}) for o in notebook.cells[5].outputs)

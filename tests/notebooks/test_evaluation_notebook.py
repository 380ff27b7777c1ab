"""notebooks/evaluation.ipynb runs on our corpus's evaluation and writes nothing into the repo."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOK = ROOT / "notebooks" / "evaluation.ipynb"


def _repo_files() -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in ROOT.rglob("*")
            if p.is_file() and not {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis"} & set(p.parts)}


def test_notebook_runs_on_the_corpus_evaluation(tmp_path, gold_runs, monkeypatch):
    gold, pred = gold_runs("corpus")
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pred), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(ROOT / "corpus/gold/gold.jsonl"),
                                      "--pred", str(pred_file), "--json"])
    assert result.exit_code == 0, result.output
    evaluation = tmp_path / "evaluation.json"
    evaluation.write_text(result.stdout, encoding="utf-8")
    monkeypatch.setenv("VNFACTS_EVALUATION", str(evaluation))
    monkeypatch.setenv("VNFACTS_WORST", "3")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))

    before = _repo_files()
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert _repo_files() == before

    labels_table = notebook.cells[2].outputs[0]["data"]["text/plain"]
    assert labels_table.splitlines()[0].split() == ["gold", "pred", "strict_p", "strict_r", "strict_f1", "partial_f1"]
    assert "DOC_REF" in labels_table and "CAMPAIGN" in labels_table
    assert "DOC_REF" in notebook.cells[3].outputs[0]["data"]["text/plain"]
    assert any("image/png" in output.get("data", {}) for output in notebook.cells[4].outputs)

    worst = "".join(output.get("text", "") for output in notebook.cells[5].outputs).splitlines()
    scores = sorted(json.loads(result.stdout)["documents"], key=lambda d: (d["strict"]["f1"], -d["gold"], d["id"]))
    assert worst[0] == f"{len(gold)} documents; the 3 with the lowest strict F1:"
    assert [line.split()[0] for line in worst[2:]] == [d["id"] for d in scores[:3]]

    fact_table = notebook.cells[7].outputs[0]["data"]["text/plain"]
    assert fact_table.splitlines()[0].split() == ["gold", "pred", "precision", "recall", "f1", "all_values_f1"]
    figure_row = next(line for line in fact_table.splitlines() if line.startswith("figure"))
    assert figure_row.split()[1:3] == [str(json.loads(result.stdout)["facts"]["types"]["figure"]["n_gold"]),
                                       str(json.loads(result.stdout)["facts"]["types"]["figure"]["n_pred"])]
    assert any("image/png" in output.get("data", {}) for output in notebook.cells[8].outputs)

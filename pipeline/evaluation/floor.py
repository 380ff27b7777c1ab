"""The regression floor: per gold set and label, the strict F1 a change may not lose.

``corpus/gold/floor.json`` records, for each gold set, the file's SHA-256 and
every label's strict F1 when the floor was written. A check fails when a label
scores more than ``tolerance`` below its floor, or when the gold file's SHA-256
is not the recorded one (an edited gold makes the old floor meaningless, so the
floor is rewritten deliberately, in the same commit as the gold edit).

Gold set paths are relative to the repository root (``root``, by default the current
directory: the floor is a tool of the checkout); the seed gold lives beside
the repository (``../shared/gold/seeds.jsonl``) and may be absent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.evaluation.predict import run_extractor
from pipeline.evaluation.score import ordered_labels, read_jsonl, score

FLOOR_FILE = "corpus/gold/floor.json"
GOLD_SETS: dict[str, str] = {"corpus": "corpus/gold/gold.jsonl", "seeds": "../shared/gold/seeds.jsonl"}
TOLERANCE = 0.01
REWRITE = "make floor"


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def strict_f1(gold_docs: list[dict], pred_docs: list[dict]) -> dict[str, float]:
    """Return the strict F1 of every label the gold holds, rounded to 4 decimals."""
    return {label: round(ls.strict.f1, 4) for label, ls in score(gold_docs, pred_docs).labels.items()}


def read_floor(path: Path) -> dict[str, Any]:
    """Return the floor file's content; raises ``ValueError`` naming the file when it is malformed."""
    try:
        floor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: malformed JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(floor, dict) or not isinstance(floor.get("gold"), dict) or not isinstance(floor.get("f1"), dict):
        raise ValueError(f"{path}: a floor file holds 'gold' and 'f1' objects")
    return floor


def build_floor(entries: dict[str, tuple[str, str, int, dict[str, float]]],
                previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a floor file's content from ``{set: (path, sha256, documents, f1 per label)}``.

    Sets of ``previous`` not in ``entries`` (their gold was absent) are kept as they were.
    """
    gold: dict[str, Any] = {}
    f1: dict[str, Any] = {}
    for name, (path, sha, documents, scores) in entries.items():
        gold[name] = {"path": path, "sha256": sha, "documents": documents}
        f1[name] = {label: scores[label] for label in ordered_labels(scores)}
    for name, entry in (previous or {}).get("gold", {}).items():
        if name not in gold:
            gold[name] = entry
            f1[name] = previous["f1"].get(name, {})  # type: ignore[index]
    return {
        "about": f"strict F1 per label that a change may not lose by more than the tolerance; "
                 f"rewrite deliberately with `{REWRITE}` when the gold or the extractor changes on purpose",
        "tolerance": TOLERANCE,
        "gold": dict(sorted(gold.items())),
        "f1": dict(sorted(f1.items())),
    }


@dataclass(frozen=True)
class LabelCheck:
    """One label of one set against its floor."""

    set: str
    label: str
    floor: float
    now: float | None
    tolerance: float

    @property
    def ok(self) -> bool:
        """Return whether the label is at most ``tolerance`` below its floor."""
        return self.now is not None and self.now >= self.floor - self.tolerance - 1e-9

    def message(self) -> str:
        """Return a one-line verdict naming the set, the label and the numbers."""
        if self.now is None:
            return (f"{self.set} {self.label}: the gold no longer has this label (floor {self.floor:.4f}); "
                    f"rewrite the floor with `{REWRITE}`")
        verdict = "ok" if self.ok else "below the floor"
        return (f"{self.set} {self.label}: strict F1 {self.now:.4f}, floor {self.floor:.4f}, "
                f"difference {self.now - self.floor:+.4f} (tolerance {self.tolerance}): {verdict}")


def sha_problem(name: str, entry: dict, actual: str) -> str | None:
    """Return why a gold file's SHA-256 differs from the recorded one, or None when it matches."""
    if entry.get("sha256") == actual:
        return None
    return (f"{name}: {entry.get('path')} has SHA-256 {actual[:16]}…, but the floor was recorded for "
            f"{str(entry.get('sha256'))[:16]}…: the gold changed. Check the scores, then rewrite the floor "
            f"deliberately with `{REWRITE}` and commit it with the gold edit.")


def check_labels(name: str, floor: dict[str, Any], now: dict[str, float]) -> list[LabelCheck]:
    """Return one :class:`LabelCheck` per label the floor records for set ``name``."""
    tolerance = float(floor.get("tolerance", TOLERANCE))
    return [LabelCheck(name, label, float(value), now.get(label), tolerance)
            for label, value in floor["f1"].get(name, {}).items()]


def resolve_sets(overrides: dict[str, str] | None = None, root: Path | None = None) -> dict[str, tuple[str, Path]]:
    """Return ``{set: (recorded path, file to read)}``; ``overrides`` name other files to read."""
    overrides = overrides or {}
    root = root or Path.cwd()
    unknown = sorted(set(overrides) - set(GOLD_SETS))
    if unknown:
        raise ValueError(f"unknown gold set {unknown[0]!r}; the sets are {', '.join(GOLD_SETS)}")
    return {name: (rel, Path(overrides.get(name) or root / rel)) for name, rel in GOLD_SETS.items()}


def write_floor(overrides: dict[str, str] | None = None, root: Path | None = None,
                predict: Callable[[list[dict], str], list[dict]] = run_extractor) -> tuple[Path, list[str]]:
    """Score every gold set and write the floor file; return its path and one line per set.

    A set whose gold file is absent keeps its previous entry (said in its line).
    """
    root = root or Path.cwd()
    target = root / FLOOR_FILE
    previous = read_floor(target) if target.exists() else None
    entries, lines = {}, []
    for name, (rel, path) in resolve_sets(overrides, root).items():
        if not path.exists():
            lines.append(f"{name}: {path} is absent; its floor entry is kept as it was")
            continue
        gold = read_jsonl(path)
        f1 = strict_f1(gold, predict(gold, name))
        entries[name] = (rel, file_sha256(path), len(gold), f1)
        lines.append(f"{name}: {len(gold)} documents, " + ", ".join(f"{k} {v:.4f}" for k, v in f1.items()))
    target.write_text(json.dumps(build_floor(entries, previous), ensure_ascii=False, indent=2) + "\n",
                      encoding="utf-8")
    return target, lines


def check_floor(overrides: dict[str, str] | None = None, root: Path | None = None,
                predict: Callable[[list[dict], str], list[dict]] = run_extractor) -> tuple[list[str], bool]:
    """Check every present gold set against the floor file; return report lines and whether all pass."""
    root = root or Path.cwd()
    floor = read_floor(root / FLOOR_FILE)
    lines, passed = [], True
    for name, (_, path) in resolve_sets(overrides, root).items():
        if not path.exists():
            lines.append(f"{name}: {path} is absent; not checked")
            continue
        if name not in floor["gold"]:
            lines.append(f"{name}: no floor recorded; write one with `{REWRITE}`")
            passed = False
            continue
        problem = sha_problem(name, floor["gold"][name], file_sha256(path))
        if problem:
            lines.append(problem)
            passed = False
        gold = read_jsonl(path)
        for check in check_labels(name, floor, strict_f1(gold, predict(gold, name))):
            lines.append(check.message())
            passed = passed and check.ok
    return lines, passed

"""The trained PERSON model: a logistic regression over candidate features, read from models/.

The training script (``models/person/train.py``) fits it with scikit-learn and writes the
weights as JSON, so the pipeline scores candidates without scikit-learn or pickles and the
artifact stays readable and diffable.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import data as shipped
from pipeline.core.errors import E007, RulesError


@dataclass(frozen=True)
class LinearModel:
    """Weights of a binary logistic regression over named sparse features."""

    name: str
    version: str
    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        """Return the probability that the features describe a positive example."""
        get, total = self.weights.get, 0.0
        for name, value in features.items():  # summed in this order, as sum() did, for the same float
            total += get(name, 0.0) * value
        z = self.intercept + total
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@functools.cache
def load_model(name: str = "person", models_dir: Path | None = None) -> LinearModel:
    """Return the model ``<name>/model.json`` of ``models_dir`` (default: the shipped models), loaded once."""
    path = Path(models_dir or shipped.models_dir()) / name / "model.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LinearModel(name, str(data["version"]), {k: float(v) for k, v in data["weights"].items()},
                           float(data["intercept"]), float(data["threshold"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RulesError(E007.format(path=path, error=exc)) from exc


FEATURE_CODE = "pipeline.recognizers.person_features"
FEATURE_RULES = "person.yaml"


def trained_with() -> dict[str, str]:
    """Return the SHA-256 of what the PERSON model's features are computed from: its rule file and feature code.

    The training script records these in ``meta.json``; a test compares them with the
    files now, so a change to either without retraining is caught.
    """
    spec = importlib.util.find_spec(FEATURE_CODE)
    if spec is None or spec.origin is None:
        raise RulesError(f"cannot find the feature code {FEATURE_CODE}")
    return {f"rules/{FEATURE_RULES}": hashlib.sha256((shipped.rules_dir() / FEATURE_RULES).read_bytes()).hexdigest(),
            "pipeline/recognizers/person_features.py": hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()}


def model_meta(name: str = "person", models_dir: Path | None = None) -> dict[str, Any]:
    """Return the model's ``meta.json`` (training data, scores, and what it was trained with)."""
    path = Path(models_dir or shipped.models_dir()) / name / "meta.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise RulesError(E007.format(path=path, error=exc)) from exc

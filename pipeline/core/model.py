"""The trained PERSON model: a logistic regression over candidate features, read from models/.

The training script (``models/person/train.py``) fits it with scikit-learn and writes the
weights as JSON, so the pipeline scores candidates without scikit-learn or pickles and the
artifact stays readable and diffable.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

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
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
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

"""One settings object with shipped defaults; a user file overrides only what it sets."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.errors import E001, RulesError


@dataclass(frozen=True)
class Settings:
    """How an extraction runs."""

    words: bool = False         # a Doc, when one is asked for, gets underthesea words (slow) instead of simple tokens
    include_text: bool = True   # write the document text into each record
    time_budget: float = 10.0   # seconds every stage together may take on one document ...
    time_budget_per_100k: float = 10.0  # ... plus this many per 100,000 characters of it
    window: int = 200_000       # a longer text is analysed in windows of about this many characters

    def budget_for(self, length: int) -> float:
        """Return the seconds a document of ``length`` characters may take before it is rejected."""
        return self.time_budget + self.time_budget_per_100k * length / 100_000


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Return the defaults, updated by a YAML file's keys, then by non-None overrides."""
    settings = Settings()
    allowed = {f.name for f in fields(Settings)}
    if path:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for key in data:
            if key not in allowed:
                raise RulesError(E001.format(path=path, key=key, where="settings", allowed=", ".join(sorted(allowed))))
        settings = replace(settings, **data)
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

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
    pattern_timeout: float = 2.0  # seconds one pattern may run on one document


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

"""One settings object with shipped defaults; a user file overrides only what it sets."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline.core.errors import E001, E026, E027, E028, E029, RulesError


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


# What each setting accepts, by its default's type: (test, what the error calls it).
_KINDS: dict[type, tuple[Any, str]] = {
    bool: (lambda v: isinstance(v, bool), "true or false"),
    int: (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1_000, "a whole number of at least 1000"),
    float: (lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v < 1e9,
            "a number of seconds from 0 to 1e9"),
}


def _checked(path: str | Path, data: Any) -> dict[str, Any]:
    """The settings file's keys and values, each checked against its setting (a numbered error if wrong)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RulesError(E029.format(path=path, kind=type(data).__name__))
    allowed = {f.name: type(f.default) for f in fields(Settings)}
    for key, value in data.items():
        if key not in allowed:
            raise RulesError(E001.format(path=path, key=key, where="settings", allowed=", ".join(sorted(allowed))))
        test, kind = _KINDS[allowed[key]]
        if not test(value):
            raise RulesError(E028.format(path=path, key=key, kind=kind, value=value))
    return data


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Return the defaults, updated by a YAML file's keys, then by non-None overrides (``RulesError``
    with a numbered message when the file cannot be read, is not YAML, or sets a wrong key or value)."""
    settings = Settings()
    if path:
        try:
            source = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(E026.format(path=path, error=getattr(exc, "strerror", None) or exc)) from None
        try:
            data = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            raise RulesError(E027.format(path=path, error=str(exc).replace("\n", " "))) from None
        settings = replace(settings, **_checked(path, data))
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

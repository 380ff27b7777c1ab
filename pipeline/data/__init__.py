"""Data shipped with the package: ``pipeline.data.rules`` is the repository's ``rules/`` folder and
``pipeline.data.models`` its ``models/`` folder (mapped in ``pyproject.toml``), read with
``importlib.resources`` so that an installed wheel works exactly like the checkout."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path


@functools.cache
def rules_dir() -> Path:
    """Return the folder of the shipped rule files (``rules/`` in a checkout)."""
    return Path(str(resources.files("pipeline.data.rules")))


@functools.cache
def models_dir() -> Path:
    """Return the folder of the shipped models (``models/`` in a checkout)."""
    return Path(str(resources.files("pipeline.data.models")))

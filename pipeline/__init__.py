"""vnfacts: structured facts from Vietnamese government news and directives.

``extract``, ``extract_many`` and ``to_frames`` load on first use, so that importing the
package (the CLI does) stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract", "extract_many", "to_frames"]

_LAZY = {"extract": "pipeline.integrations.api", "extract_many": "pipeline.integrations.api",
         "to_frames": "pipeline.integrations.frames"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

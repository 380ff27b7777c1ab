"""Predictions for a gold set: the extractor's records for the gold documents' texts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def run_extractor(gold_docs: Iterable[dict], source: str) -> list[dict[str, Any]]:
    """Return the extractor's record for each gold document's text, in order."""
    from pipeline.stages.document import extract
    from pipeline.stages.read import Document

    return [extract(Document(id=str(d["id"]), text=d["text"], source=source, published=d.get("published")))
            for d in gold_docs]

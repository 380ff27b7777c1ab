"""The templates ship in the wheel: pyproject's package data names every file of pipeline/review/templates."""

from __future__ import annotations

import fnmatch
import tomllib

from dumps import ROOT


def test_package_data_holds_every_template():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    folder = ROOT / "pipeline" / "review"
    files = sorted(str(path.relative_to(folder)) for path in (folder / "templates").iterdir() if path.is_file())
    assert {"templates/review.html.j2", "templates/review.css", "templates/review.js"} <= set(files)
    assert [f for f in files if not any(fnmatch.fnmatch(f, glob) for glob in data["pipeline.review"])] == []

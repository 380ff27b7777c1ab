"""The rule files (YAML), shipped inside the package as ``pipeline.data.rules``; no code lives here."""

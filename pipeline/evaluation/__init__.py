"""Scoring against gold sets: mentions (``score``), facts (``facts``), error lists (``diagnose``),
per-document and per-group scores (``breakdown``), run comparisons (``compare``), inter-annotator
agreement (``agreement``) and the regression floor (``floor``); ``predict`` runs the extractor on gold texts."""

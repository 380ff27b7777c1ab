"""The fixture portal of the ingest tests (see ingest_site.py)."""

from ingest_site import site  # noqa: F401  (a pytest fixture)

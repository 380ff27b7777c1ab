"""Shared fixtures: four invented documents extracted once, and the databases (as in tests/load)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from pipeline.batch.run import process
from pipeline.stages.read import read_inputs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_HELP = ("PostgreSQL tests need a server: set VNFACTS_TEST_PG=postgresql://USER@HOST:PORT/DB "
           "(a role that may CREATE DATABASE); `bash .ci/run` starts a throwaway server and sets it")


@pytest.fixture(scope="session")
def fixture_records() -> dict[str, dict]:
    """The records of tests/registry/fixtures/*.txt by id: two Quảng Bình party documents, two news items."""
    return {r["id"]: r for r in process(read_inputs([str(FIXTURES)])) if isinstance(r, dict)}


@pytest.fixture(params=["duckdb", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL of each backend (a new PostgreSQL database per test, dropped after)."""
    if request.param == "duckdb":
        yield f"duckdb:///{tmp_path}/test.duckdb"
        return
    admin = os.environ.get("VNFACTS_TEST_PG")
    if not admin:
        if os.environ.get("CI"):
            pytest.fail("VNFACTS_TEST_PG is not set in CI: " + PG_HELP)
        pytest.skip(PG_HELP)
    import psycopg

    name = f"vnfacts_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin)
    yield urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""The databases the load tests run against: DuckDB always, PostgreSQL where VNFACTS_TEST_PG names a server."""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_HELP = ("PostgreSQL tests need a server: set VNFACTS_TEST_PG=postgresql://USER@HOST:PORT/DB "
           "(a role that may CREATE DATABASE); `bash .ci/run` starts a throwaway server and sets it")


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

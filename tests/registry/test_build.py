"""The registry as a whole: independent of record order, the highest version of a record counts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.registry.build import build


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)))
def test_tables_do_not_depend_on_the_order_of_records(fixture_records, order):
    records = list(fixture_records.values())
    assert build([records[i] for i in order]).tables() == build(records).tables()


def test_the_highest_version_of_a_record_counts_whatever_the_order(fixture_records):
    news = fixture_records["d_tin_le_thuy"]
    old = {**news, "version": 1, "persons": [], "entities": []}
    new = {**news, "version": 2}
    for records in ([old, new], [new, old]):
        assert [p["name"] for p in build(records).people] == ["Lê Minh Châu"]

"""The view's character folds and its identity offset map, made the fast way, equal the plain way."""

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.stages.clean import IDENTITY_MAX, OFFSET, _folded, _offset_maps, clean, default_normalizer

FOLDABLE = "".join(chr(k) for k in default_normalizer().folds)


@given(st.text(alphabet=FOLDABLE + "aĐđ ủy\n", max_size=80))
def test_folding_is_translate(text):
    norm = default_normalizer()
    assert _folded(text, norm) == text.translate(norm.folds)


@pytest.mark.parametrize("n", [0, 1, 7, IDENTITY_MAX - 1, IDENTITY_MAX, IDENTITY_MAX + 1])
def test_offset_maps_are_the_identity(n):
    starts, ends = _offset_maps(n)
    assert starts == array(OFFSET, range(n))
    assert ends == array(OFFSET, range(1, n + 1))


def test_a_curly_quote_and_a_long_dash_fold_in_place():
    view = clean("“Dân vận khéo” — năm 2024")
    assert view.text == '"Dân vận khéo" - năm 2024'
    assert view.raw_span(0, 1) == (0, 1)

"""The spaCy component: mentions in doc.spans['vnfacts'], values as span extensions, an entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points

import pytest
import spacy
from dumps import ROOT

import pipeline.integrations.spacy_component  # noqa: F401  registers the factory

CONFIG = {"nlp": {"tokenizer": {"use_pyvi": False}}}
TEXT = "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021, tỷ lệ đạt 83,62%. Sáng 3-6 , họp."


def _nlp(**config):
    nlp = spacy.blank("vi", config=CONFIG)
    nlp.add_pipe("vnfacts", config=config)
    return nlp


def test_spans_and_extensions():
    doc = _nlp(published="2021-09-01")(TEXT)
    spans = doc.spans["vnfacts"]
    # Whitespace tokens: "05-8-2021," expands to take its comma; the exact text is in the entity.
    assert [(s.label_, s.text) for s in spans] == [
        ("DOC_REF", "Chỉ thị số 08-CT/TU"), ("DATE", "05-8-2021,"), ("PERCENT", "83,62%."), ("DATE", "3-6")]
    assert [s._.vnfacts_entity["text"] for s in spans] == ["Chỉ thị số 08-CT/TU", "05-8-2021", "83,62%", "3-6"]
    assert spans[0]._.vnfacts_attrs["code"] == "08-CT/TU"
    assert spans[3]._.vnfacts_attrs == {"value": "2021-06-03", "year_inferred": True}
    assert doc._.vnfacts["id"] == "doc" and "text" not in doc._.vnfacts


def test_config_span_key_alignment_and_per_doc_date():
    nlp = _nlp(span_key="facts", alignment_mode="strict")
    doc = nlp.make_doc(TEXT)
    doc.user_data["published"] = "2020-01-01"
    doc = nlp(doc)
    assert [s.text for s in doc.spans["facts"]] == ["Chỉ thị số 08-CT/TU", "3-6"]
    assert doc.spans["facts"][1]._.vnfacts_attrs["value"] == "2020-06-03"
    assert nlp.config["components"]["vnfacts"] == {"factory": "vnfacts", "span_key": "facts", "published": None,
                                                   "time_budget": 10.0, "alignment_mode": "strict"}
    with pytest.raises(ValueError, match="alignment_mode must be expand, contract or strict"):
        _nlp(alignment_mode="loose")


def test_pipeline_round_trips_through_disk(tmp_path):
    _nlp(published="2021-09-01").to_disk(tmp_path / "nlp")
    doc = spacy.load(tmp_path / "nlp")(TEXT)
    assert len(doc.spans["vnfacts"]) == 4


def test_entry_point_table_lets_spacy_find_the_factory_without_an_import(tmp_path):
    """The pyproject table, installed as package metadata, is all spaCy needs to find the factory.

    A throw-away dist-info on the path carries the table as an installed package would;
    a fresh interpreter that never imports our module must then build the component.
    """
    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    assert table["spacy_factories"] == {"vnfacts": "pipeline.integrations.spacy_component:make_component"}
    info = tmp_path / "vnfacts_probe-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: vnfacts-probe\nVersion: 0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[spacy_factories]\n" + "".join(f"{k} = {v}\n" for k, v in table["spacy_factories"].items()), encoding="utf-8")
    code = ("import spacy\n"
            f"nlp = spacy.blank('vi', config={CONFIG!r})\n"
            "nlp.add_pipe('vnfacts')\n"
            "doc = nlp('Đạt 83,62% .')\n"
            "print([(s.label_, s.text) for s in doc.spans['vnfacts']])\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('PERCENT', '83,62%')]"
    # Once vnfacts is (re)installed from this pyproject, its metadata must say the same.
    installed = [ep for ep in entry_points(group="spacy_factories") if ep.dist and ep.dist.name == "vnfacts"]
    assert all(table["spacy_factories"].get(ep.name) == ep.value for ep in installed)

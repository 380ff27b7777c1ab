"""The spaCy component: mentions in doc.spans['vnfacts'], values as span extensions, an entry point."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points

import pytest
import spacy
from dumps import ROOT
from spacy import displacy

import pipeline.integrations.spacy_component  # noqa: F401  registers the factory
from pipeline.integrations.spacy_component import split_tokens

CONFIG = {"nlp": {"tokenizer": {"use_pyvi": False}}}
TEXT = "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021, tỷ lệ đạt 83,62%. Sáng 3-6 , họp."


def _nlp(**config):
    nlp = spacy.blank("vi", config=CONFIG)
    nlp.add_pipe("vnfacts", config=config)
    return nlp


def test_spans_and_extensions():
    doc = _nlp(published="2021-09-01")(TEXT)
    spans = doc.spans["vnfacts"]
    # Whitespace tokens are split at mention edges: "05-8-2021," gives "05-8-2021" and ",".
    assert [(s.label_, s.text) for s in spans] == [
        ("DOC_REF", "Chỉ thị số 08-CT/TU"), ("DATE", "05-8-2021"), ("PERCENT", "83,62%"), ("DATE", "3-6")]
    assert [s._.vnfacts_entity["text"] for s in spans] == ["Chỉ thị số 08-CT/TU", "05-8-2021", "83,62%", "3-6"]
    assert spans[0]._.vnfacts_attrs["code"] == "08-CT/TU"
    assert spans[3]._.vnfacts_attrs == {"value": "2021-06-03", "year_inferred": True}
    assert doc._.vnfacts["id"] == "doc" and "text" not in doc._.vnfacts


def test_config_span_key_alignment_and_per_doc_date():
    nlp = _nlp(span_key="facts", alignment_mode="strict")
    doc = nlp.make_doc(TEXT)
    doc.user_data["published"] = "2020-01-01"
    doc = nlp(doc)
    # Tokens split at mention edges: even "strict" finds "05-8-2021" (the token was "05-8-2021,").
    assert [s.text for s in doc.spans["facts"]] == ["Chỉ thị số 08-CT/TU", "05-8-2021", "83,62%", "3-6"]
    assert doc.spans["facts"][3]._.vnfacts_attrs["value"] == "2020-06-03"
    assert nlp.config["components"]["vnfacts"] == {"factory": "vnfacts", "span_key": "facts", "published": None,
                                                   "time_budget": 10.0, "alignment_mode": "strict",
                                                   "split_tokens": True, "set_ents": True}
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


NAMES = ("Hưởng ứng cuộc vận động “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”, "
         "đồng chí Nguyễn Văn Khải, Giám đốc Sở Y tế, phát biểu; tỷ lệ đạt 83,62%.")
MENTIONS = [("CAMPAIGN", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"), ("PERSON", "Hồ Chí Minh"),
            ("PERSON", "Nguyễn Văn Khải"), ("TITLE", "Giám đốc Sở Y tế"), ("PERCENT", "83,62%")]


@pytest.mark.parametrize("mode", ["expand", "contract", "strict"])
def test_spans_are_exactly_the_mentions_in_every_alignment_mode(mode):
    doc = _nlp(alignment_mode=mode)(NAMES)
    # No trailing punctuation ("Khải,", "83,62%."), and contract cuts no name.
    assert [(s.label_, s.text) for s in doc.spans["vnfacts"]] == MENTIONS
    assert [s.text for s in doc.spans["vnfacts"]] == [s._.vnfacts_entity["text"] for s in doc.spans["vnfacts"]]
    assert doc.text == NAMES and "".join(t.text_with_ws for t in doc) == NAMES
    assert [t.text for t in doc][-3:] == ["đạt", "83,62%", "."]


def test_without_splitting_the_tokenizers_tokens_decide():
    expand = _nlp(split_tokens=False)(NAMES)
    assert [s.text for s in expand.spans["vnfacts"]][2:] == ["Nguyễn Văn Khải,", "Giám đốc Sở Y tế,", "83,62%."]
    # This is what splitting prevents: "contract" drops the tokens "Khải," and "tế," and finds no "83,62%".
    contract = _nlp(split_tokens=False, alignment_mode="contract")(NAMES)
    assert [s.text for s in contract.spans["vnfacts"]][2:] == ["Nguyễn Văn", "Giám đốc Sở Y"]


def test_ents_hold_the_non_overlapping_mentions_and_the_group_keeps_all():
    doc = _nlp()(NAMES)
    assert len(doc.spans["vnfacts"]) == 5
    assert [(e.label_, e.text) for e in doc.ents] == [MENTIONS[0]] + MENTIONS[2:]
    assert [(e.label_, e.text) for e in _nlp(set_ents=False)(NAMES).ents] == []


def test_displacy_draws_the_spans_group_and_the_ents():
    doc = _nlp()(NAMES)
    spans = displacy.render(doc, style="span", options={"spans_key": "vnfacts"})
    labels = [label for label in spans.split() if label in {"CAMPAIGN", "PERSON", "TITLE", "PERCENT"}]
    assert labels == ["CAMPAIGN", "PERSON", "PERSON", "TITLE", "PERCENT"]
    ents = displacy.render(doc, style="ent")
    assert re.findall(r">([A-Z_]+)</span>", ents) == ["CAMPAIGN", "PERSON", "TITLE", "PERCENT"]
    assert ents.count('<mark class="entity"') == 4


def test_split_tokens_cuts_only_inside_tokens():
    doc = spacy.blank("vi", config=CONFIG)("Ông Khải, đạt 83,62%. Xong")
    assert split_tokens(doc, [4, 8, 9, 14, 20, 21]) == 2
    assert [(t.text, t.whitespace_) for t in doc] == [
        ("Ông", " "), ("Khải", ""), (",", " "), ("đạt", " "), ("83,62%", ""), (".", " "), ("Xong", "")]

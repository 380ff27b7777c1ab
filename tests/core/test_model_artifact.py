"""The PERSON model ships with what it was trained from, and is retrained when that changes."""

from __future__ import annotations

import hashlib

from dumps import ROOT

from pipeline.core.model import load_model, model_meta, trained_with


def test_the_model_was_trained_with_the_current_rules_and_feature_code():
    recorded = model_meta()["trained_with"]
    assert recorded == trained_with(), (
        "rules/person.yaml or pipeline/recognizers/person_features.py changed since the PERSON model "
        "was trained; retrain it with `make model` and commit model.json and meta.json")


def test_the_model_was_trained_on_the_committed_gold():
    meta = model_meta()
    gold = ROOT / meta["training_data"]["path"]
    assert meta["training_data"]["sha256"] == hashlib.sha256(gold.read_bytes()).hexdigest(), (
        "corpus/gold/gold.jsonl changed since the PERSON model was trained; retrain it with `make model`")


def test_model_json_and_meta_json_are_one_training_run():
    assert load_model("person").version == model_meta()["version"]

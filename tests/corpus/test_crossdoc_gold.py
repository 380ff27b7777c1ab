"""corpus/gold/crossdoc.json: the cross-document gold (issue 17) agrees with the mention gold.

Every clustered mention is a gold mention of the right label, no mention sits in two clusters, ids are
unique, every edge joins existing clusters (or a record) and carries a DOC_REF mention as evidence; and a
few decisions of docs/annotation.md ("Cross-document gold") hold on the corpus.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CROSSDOC = ROOT / "corpus" / "gold" / "crossdoc.json"
GOLD = ROOT / "corpus" / "gold" / "gold.jsonl"
RELATIONS = {"implements", "based_on", "amends", "replaces", "cites"}


@pytest.fixture(scope="module")
def cross() -> dict:
    return json.loads(CROSSDOC.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold() -> dict[str, dict]:
    return {d["id"]: d for d in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())}


def _spans(gold: dict[str, dict], label: str) -> dict[tuple[str, int, int], str]:
    """(record, start, end) -> text of every gold mention of one label."""
    return {(rid, e["start"], e["end"]): e["text"] for rid, d in gold.items()
            for e in d["entities"] if e["label"] == label}


def _key(m: dict) -> tuple[str, int, int]:
    return (m["doc"], m["start"], m["end"])


def _cluster_of(clusters: list[dict]) -> dict[tuple[str, int, int], str]:
    return {_key(m): c["id"] for c in clusters for m in c["mentions"]}


def _find(gold: dict[str, dict], prefix: str, label: str, text: str, nth: int = 0) -> tuple[str, int, int]:
    """The nth gold mention of a label and text in the one record whose id starts with prefix."""
    (rid,) = [r for r in gold if r.startswith(prefix)]
    hits = [(rid, e["start"], e["end"]) for e in gold[rid]["entities"]
            if e["label"] == label and " ".join(e["text"].split()) == text]
    return hits[nth]


def test_the_file_has_its_three_lists_and_nothing_else(cross):
    assert sorted(cross) == ["documents", "edges", "people"]
    assert all(sorted(c) == ["code", "id", "issued", "issuer", "mentions", "scope", "type"] for c in cross["documents"])
    assert all(sorted(p) == ["id", "mentions", "name", "province"] for p in cross["people"])
    assert all(sorted(e) == ["evidence", "from", "relation", "to"] for e in cross["edges"])


@pytest.mark.parametrize("part,label", [("documents", "DOC_REF"), ("people", "PERSON")])
def test_every_listed_mention_is_a_gold_mention_of_its_label(cross, gold, part, label):
    spans = _spans(gold, label)
    missing = [m for c in cross[part] for m in c["mentions"] if _key(m) not in spans]
    assert missing == []


def test_every_doc_ref_mention_of_the_gold_is_in_one_document_cluster(cross, gold):
    # Singletons are listed too, so that every cited document can be an edge's target.
    listed = Counter(_key(m) for c in cross["documents"] for m in c["mentions"])
    assert set(listed) == set(_spans(gold, "DOC_REF"))
    assert max(listed.values()) == 1


def test_no_person_mention_is_in_two_clusters_and_clusters_have_two_mentions(cross):
    listed = Counter(_key(m) for p in cross["people"] for m in p["mentions"])
    assert max(listed.values()) == 1
    assert min(len(p["mentions"]) for p in cross["people"]) >= 2


def test_ids_are_unique_and_numbered_by_kind(cross):
    ids = [c["id"] for c in cross["documents"]] + [p["id"] for p in cross["people"]]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("D") for i in ids[:len(cross["documents"])])
    assert all(i.startswith("P") for i in ids[len(cross["documents"]):])


def test_edges_join_existing_clusters_with_a_known_relation_and_doc_ref_evidence(cross, gold):
    docs = {c["id"] for c in cross["documents"]}
    cluster = _cluster_of(cross["documents"])
    doc_refs = _spans(gold, "DOC_REF")
    for e in cross["edges"]:
        assert e["relation"] in RELATIONS, e
        assert e["to"] in docs, e
        ev = _key(e["evidence"])
        assert ev in doc_refs, e
        if isinstance(e["from"], dict):
            assert e["from"] == {"record": e["evidence"]["doc"]}, e
        else:
            assert e["from"] in docs and e["from"] != e["to"], e
        # The evidence is a mention of one end of the edge (of the amending side for "được sửa đổi bởi").
        assert cluster[ev] in (e["to"], e["from"]), e


def test_one_edge_per_citing_and_cited_pair(cross):
    pairs = Counter((json.dumps(e["from"], sort_keys=True), e["to"]) for e in cross["edges"])
    assert max(pairs.values()) == 1


def test_a_provincial_directive_is_one_document_in_its_own_text_and_in_the_district_plan(cross, gold):
    cluster = _cluster_of(cross["documents"])
    header = _find(gold, "001_", "DOC_REF", "12-CT/TU")
    cited = _find(gold, "007_", "DOC_REF", "Chỉ thị số 12-CT/TU", 1)
    assert cluster[header] == cluster[cited]
    (doc,) = [c for c in cross["documents"] if c["id"] == cluster[header]]
    assert (doc["code"], doc["scope"], doc["issued"]) == ("12-CT/TU", "Quảng Bình", "2021-08-05")
    plan = cluster[_find(gold, "007_", "DOC_REF", "87-KH/HU")]
    rid, start, end = _find(gold, "007_", "DOC_REF", "Chỉ thị số 12-CT/TU")
    evidence = {"doc": rid, "start": start, "end": end}
    assert {"from": plan, "to": doc["id"], "relation": "implements", "evidence": evidence} in cross["edges"]


def test_one_party_code_in_two_provinces_is_two_documents(cross, gold):
    cluster = _cluster_of(cross["documents"])
    nghe_an = _find(gold, "002_", "DOC_REF", "96 /KH-UBND")
    dien_bien = _find(gold, "221_", "DOC_REF", "96/KH-UBND")
    assert cluster[nghe_an] != cluster[dien_bien]


def test_a_central_document_is_one_document_everywhere_and_a_number_alone_joins_it(cross, gold):
    cluster = _cluster_of(cross["documents"])
    full = _find(gold, "006_", "DOC_REF", "Chỉ thị 05 CT/TW")
    short = _find(gold, "006_", "DOC_REF", "Chỉ thị số 05")
    elsewhere = _find(gold, "001_", "DOC_REF", "Chỉ thị số 05-CT/TW")
    assert cluster[full] == cluster[short] == cluster[elsewhere]


def test_a_law_amended_by_name_gets_an_amends_edge_from_the_amending_law(cross, gold):
    cluster = _cluster_of(cross["documents"])
    amending = _find(gold, "174_", "DOC_REF", "Luật sửa đổi, bổ sung một số điều của Luật Di sản văn hóa")
    edges = [e for e in cross["edges"] if e["from"] == cluster[amending]]
    assert [e["relation"] for e in edges] == ["amends"]
    assert edges[0]["to"] == cluster[_find(gold, "174_", "DOC_REF", "Luật Di sản văn hóa")]


def test_historical_persons_are_one_person_and_namesakes_of_two_provinces_are_two(cross, gold):
    person = _cluster_of(cross["people"])
    hcm = [p for p in cross["people"] if p["name"] == "Hồ Chí Minh"]
    assert len(hcm) == 1 and hcm[0]["province"] is None
    assert len({m["doc"] for m in hcm[0]["mentions"]}) > 10
    bac_giang = _find(gold, "131_", "PERSON", "Hoàng Trọng Khiêm")
    quang_tri = _find(gold, "182_", "PERSON", "Hoàng Trọng Khiêm")
    assert person[bac_giang] != person[quang_tri]
    assert person[_find(gold, "010_", "PERSON", "Lê Thị Hoa")] == person[_find(gold, "019c", "PERSON", "Lê Thị Hoa")]


def _edge(cross: dict, frm: object, to: str) -> dict:
    (edge,) = [e for e in cross["edges"] if e["from"] == frm and e["to"] == to]
    return edge


def test_the_ha_tinh_thread_is_a_chain_from_the_politburo_to_a_district(cross, gold):
    # 147 (Tỉnh ủy plan) -> 48-NQ/TW; 148 (UBND tỉnh plan) -> 147; 149 (Can Lộc plan) -> 148.
    cluster = _cluster_of(cross["documents"])
    central = cluster[_find(gold, "147_", "DOC_REF", "Nghị quyết số 48-NQ/TW")]
    party = cluster[_find(gold, "147_", "DOC_REF", "126-KH/TU")]
    province = cluster[_find(gold, "148_", "DOC_REF", "241/KH-UBND")]
    district = cluster[_find(gold, "149_", "DOC_REF", "87/KH-UBND")]
    assert _edge(cross, party, central)["relation"] == "implements"
    assert _edge(cross, province, party)["relation"] == "implements"
    assert _edge(cross, district, province)["relation"] == "implements"
    assert _edge(cross, province, central)["relation"] == "implements"
    # The short form "Nghị quyết 48" of the news pages is the Politburo's resolution.
    assert cluster[_find(gold, "150b", "DOC_REF", "Nghị quyết 48")] == central
    assert {m["doc"] for c in cross["documents"] if c["id"] == central for m in c["mentions"]} >= {
        "147_ke_hoach_tinh_uy_ha_tinh_thuc_hien_nghi_quyet_48", "148_ke_hoach_ubnd_ha_tinh_kinh_te_nong_thon_pdf",
        "149_ke_hoach_ubnd_huyen_can_loc_kinh_te_nong_thon_pdf", "150a", "150b", "150d"}


def test_a_district_plan_named_in_a_provincial_article_is_that_district_s_plan_not_another_province_s(cross, gold):
    cluster = _cluster_of(cross["documents"])
    can_loc = cluster[_find(gold, "149_", "DOC_REF", "87/KH-UBND")]
    assert cluster[_find(gold, "150a", "DOC_REF", "Kế hoạch số 87/KH-UBND")] == can_loc
    assert cluster[_find(gold, "143_", "DOC_REF", "Kế hoạch số 87/KH-UBND")] != can_loc


def test_a_promoted_official_is_one_person_across_the_thread(cross, gold):
    person = _cluster_of(cross["people"])
    signer = person[_find(gold, "148_", "PERSON", "Trần Đình Khánh")]       # PHÓ CHỦ TỊCH, 2019
    chair = person[_find(gold, "150b", "PERSON", "Trần Đình Khánh")]        # Chủ tịch UBND tỉnh, 2022
    secretary = person[_find(gold, "150d", "PERSON", "Trần Đình Khánh")]    # Bí thư Tỉnh ủy, 2025
    assert signer == chair == secretary
    (khanh,) = [p for p in cross["people"] if p["id"] == signer]
    assert khanh["province"] == "Hà Tĩnh" and len({m["doc"] for m in khanh["mentions"]}) == 5

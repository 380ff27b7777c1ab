"""The run's overview: counts, figures by year and place, positions over time, scores, and their inline SVG."""

from __future__ import annotations

import re
from datetime import date

import pytest
from review_records import OVERVIEW_SCRIPT, OVERVIEW_TEXT, overview_gold, overview_records, write

from pipeline.evaluation.score import score
from pipeline.review import build_review, render
from pipeline.review.charts import PALETTE, UNPLACED, bar_chart, line_chart, nice_top, timeline
from pipeline.review.overview import NO_PLACE, Count, Held, Person, Point, Series, overview, place_of


def test_counts_of_mentions_per_label_and_facts_per_type():
    result = overview(overview_records())
    assert result.n_records == 4
    assert result.labels == (Count("DATE", 1), Count("PERCENT", 3), Count("PERSON", 3))
    assert result.facts == (Count("holds_position", 4), Count("figure", 7))


def test_figures_are_series_per_place_by_year_top_metrics_first():
    result = overview(overview_records())
    assert [(m.name, m.unit, m.n) for m in result.metrics] == [("Tỷ lệ hộ nghèo", "%", 4), ("độ che phủ rừng", "%", 2)]
    poverty, forest = result.metrics
    assert poverty.series == (Series("Hà Tĩnh", (Point(2023, 5.1, "b"),)),
                              Series("Nghệ An", (Point(2022, 4.5, "a"), Point(2023, 3.9, "a"))))
    assert forest.series == (Series(NO_PLACE, (Point(2021, 55.0, "c"),)), Series("Hà Tĩnh", (Point(2023, 57.0, "b"),)))
    assert result.unplotted_figures == 1
    assert [m.name for m in overview(overview_records(), top_metrics=1).metrics] == ["Tỷ lệ hộ nghèo"]


def test_positions_span_first_to_last_publication_date_top_persons_first():
    result = overview(overview_records())
    # Lê Văn An of record c (no place, no date, another post) is another person, with no dated position
    assert result.persons == (
        Person("Lê Văn An", "Nghệ An", 2, (Held("Chủ tịch UBND tỉnh", date(2023, 2, 10), date(2024, 5, 1), 2),)),
        Person(OVERVIEW_SCRIPT, "Hà Tĩnh", 1, (Held("Giám đốc Sở", date(2024, 5, 1), date(2024, 5, 1), 1),)),
    )
    assert result.undated_positions == 1
    assert [p.name for p in overview(overview_records(), top_persons=1).persons] == ["Lê Văn An"]


def test_scores_are_the_scorers_per_label_over_the_gold_given():
    assert overview(overview_records()).scores is None
    result = overview(overview_records(), [overview_gold()])
    expected = score([overview_gold()], overview_records())
    assert [(s.label, s.strict) for s in result.scores] == [(s.label, s.strict) for s in expected.labels.values()]
    assert [(s.label, round(s.strict.f1, 3)) for s in result.scores] == [("PERCENT", 0.5), ("PERSON", 1.0)]


def test_bar_chart_lengths_scale_to_the_largest_or_the_given_maximum():
    chart = bar_chart("t", [("A", 2, "2"), ("B", 1, "1")])
    assert (chart.width, chart.left, chart.height, chart.maximum) == (320, 60, 40, 2)
    assert [(b.name, b.y, b.length) for b in chart.bars] == [("A", 0, 204.0), ("B", 20, 102.0)]
    assert [b.length for b in bar_chart("t", [("A", 0.5, "0.500")], maximum=1.0).bars] == [102.0]
    assert bar_chart("t", [("A", 0, "0")]).bars[0].length == 0.0


@pytest.mark.parametrize(("value", "top"), [(0, 1.0), (2, 2), (3, 5), (7.5, 10), (130, 200), (0.04, 0.05)])
def test_nice_top(value, top):
    assert nice_top(value) == pytest.approx(top)


def test_line_chart_places_years_across_and_values_up_to_a_round_top():
    poverty = overview(overview_records()).metrics[0]
    chart = line_chart(poverty)
    assert (chart.left, chart.right, chart.top, chart.bottom, chart.width, chart.height) == (40, 486, 12, 162, 500, 188)
    assert [(t.at, t.text) for t in chart.x_ticks] == [(40.0, "2022"), (486.0, "2023")]
    # the largest figure is 5.1: the axis runs to 10, so y = 162 - 150 * value / 10
    assert [(t.at, t.text) for t in chart.y_ticks] == [(162.0, "0"), (124.5, "2.5"), (87.0, "5"), (49.5, "7.5"), (12.0, "10")]
    assert [(line.place, line.colour, line.points) for line in chart.lines] == [
        ("Hà Tĩnh", PALETTE[0], "486.0,85.5"), ("Nghệ An", PALETTE[1], "40.0,94.5 486.0,103.5")]
    forest = line_chart(overview(overview_records()).metrics[1])
    assert [t.text for t in forest.x_ticks] == ["2021", "2022", "2023"]
    # the figures of no place are grey; the colours of the places start over in each chart
    assert [(line.place, line.colour) for line in forest.lines] == [(NO_PLACE, UNPLACED), ("Hà Tĩnh", PALETTE[0])]


def test_a_single_year_gets_a_year_either_side():
    one = overview([overview_records()[0]]).metrics[0]
    assert [t.text for t in line_chart(one).x_ticks] == ["2022", "2023"]
    alone = overview([overview_records()[1]], top_metrics=1).metrics[0]
    chart = line_chart(alone)
    assert [t.text for t in chart.x_ticks] == ["2022", "2023", "2024"]
    assert chart.lines[0].points == "263.0,85.5"


def test_timeline_bars_run_from_first_to_last_date_on_a_shared_axis():
    chart = timeline(overview(overview_records()).persons)
    assert chart is not None
    assert (chart.left, chart.width, chart.height) == (216, 1000, 40)
    assert [(lane.person, lane.n_records, lane.y, lane.rows) for lane in chart.lanes] == [("Lê Văn An", 2, 0, 1), (OVERVIEW_SCRIPT, 1, 20, 1)]
    # the first title does not fit after its bar but inside it; the second fits neither, so goes before
    assert [(s.title, s.x, s.y, s.length, s.label_x, s.place) for s in chart.segments] == [
        ("Chủ tịch UBND tỉnh", 216.0, 0, 774.0, 220.0, "inside"), ("Giám đốc Sở", 990.0, 20, 4.0, 986.0, "before")]
    assert [t.text for t in chart.ticks] == ["2023-03", "2023-05", "2023-07", "2023-09", "2023-11", "2024-01",
                                             "2024-03", "2024-05"]
    assert timeline(()) is None


def test_timeline_of_a_few_days_is_widened_and_ticks_years_over_long_spans():
    one = Person("X", "?", 1, (Held("Y", date(2024, 1, 10), date(2024, 1, 10), 1),))
    short = timeline([one])
    assert short is not None and [t.text for t in short.ticks] == ["2024-01"]
    assert short.segments[0].x == pytest.approx(short.left + (1000 - short.left - 10) / 2)
    assert (short.segments[0].label_x, short.segments[0].place) == (short.segments[0].x + 8, "after")
    long = timeline([Person("X", "?", 2, (Held("Y", date(2019, 6, 1), date(2024, 1, 10), 2),))])
    assert long is not None and [t.text for t in long.ticks] == ["2020", "2021", "2022", "2023", "2024"]


@pytest.fixture
def page(tmp_path) -> str:
    return render(build_review(write(tmp_path / "r.jsonl", overview_records()), write(tmp_path / "g.jsonl", [overview_gold()])))


def _figure_html(html: str, kind: str) -> str:
    match = re.search(rf'<figure class="chart[^"]*" data-chart="{kind}">(.*?)</figure>', html, re.S)
    assert match, kind
    return match.group(1)


def test_the_svg_has_one_bar_per_label_with_its_count(page):
    rows = re.findall(r'<g class="bar-row" data-name="([^"]*)" data-value="([^"]*)"[^>]*>\s*<title>([^<]*)</title>',
                      _figure_html(page, "labels"))
    assert rows == [("DATE", "1", "DATE: 1"), ("PERCENT", "3", "PERCENT: 3"), ("PERSON", "3", "PERSON: 3")]
    facts = re.findall(r'data-name="([^"]*)" data-value="([^"]*)"', _figure_html(page, "facts"))
    assert facts == [("holds_position", "4"), ("figure", "7")]
    scores = re.findall(r'data-name="([^"]*)" data-value="([^"]*)"', _figure_html(page, "scores"))
    assert scores == [("PERCENT", "0.500"), ("PERSON", "1.000")]


def test_the_svg_draws_each_series_and_each_position(page):
    metrics = re.findall(r'<figure class="chart" data-chart="metric">', page)
    assert len(metrics) == 2
    first = _figure_html(page, "metric")
    assert re.findall(r'data-place="([^"]*)"', first) == ["Hà Tĩnh", "Nghệ An"]
    assert len(re.findall(r"<circle ", first)) == 3
    assert "<title>Nghệ An, 2022: 4.5% (a)</title>" in first
    positions = re.findall(r'<g class="position" data-title="([^"]*)">\s*<title>([^<]*)</title>', _figure_html(page, "timeline"))
    assert positions == [("Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh: 2023-02-10 to 2024-05-01, 2 records"),
                         ("Giám đốc Sở", "Giám đốc Sở: 2024-05-01 to 2024-05-01, 1 record")]


def test_a_name_holding_markup_stays_text_in_the_svg(page):
    chart = _figure_html(page, "timeline")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hùng" in chart
    assert "<script>alert" not in page
    assert page.count("<script") == 1  # the page's own


def test_the_page_names_no_external_resource(page):
    assert re.findall(r"https?:|//[a-z]|\burl\(|\bsrc=", page, re.I) == []
    assert re.findall(r'href="([^#][^"]*)"', page) == []


def test_without_figures_or_dated_positions_the_overview_says_so(tmp_path):
    bare = [{"id": "z", "text": OVERVIEW_TEXT, "entities": [], "facts": []}]
    html = render(build_review(write(tmp_path / "r.jsonl", bare)))
    assert "No figure states both a year and a metric." in html
    assert "No position is held in a record with a publication date." in html
    assert 'data-chart="scores"' not in html


def test_two_records_of_one_id_leave_the_run_scores_out_with_e066(tmp_path):
    first = overview_records()[0]
    path = write(tmp_path / "r.jsonl", [first, overview_records()[1], first])
    result = build_review(path, write(tmp_path / "g.jsonl", [overview_gold()]))
    assert result.warnings == [f"E066 {path}:3: record id 'a' was already on line 1; the overview's per-label scores "
                               "pair one record with each gold document, so they are left out (each document's own "
                               "scores are shown)"]
    assert result.overview.scores is None and len(result.pages) == 3
    html = render(result)
    assert 'data-chart="scores"' not in html and f'<p class="errors">E066 {path}:3:' in html


def test_facts_that_are_not_objects_are_counted_by_what_they_are_and_never_drawn():
    odd = {"id": "x", "published": "2024-01-01", "persons": ["P1", {"cluster": "P2", "name": "Lê Văn An"}], "facts": [
        "F1", {"type": "figure", "values": "92%"}, {"type": "holds_position", "values": {"person": 3, "title": "x"}}]}
    result = overview([odd, {"id": "y", "facts": {"type": "figure"}}])
    assert result.facts == (Count("holds_position", 1), Count("figure", 1))
    assert (result.metrics, result.persons, result.unplotted_figures) == ((), (), 0)


@pytest.mark.parametrize(("place", "text", "shown"), [
    ("Nghệ An", "", "Nghệ An"), ("Lệ Thủy", "", "Quảng Bình"), (" Xóm Mới ", "", "Xóm Mới"), (None, "", NO_PLACE),
    ("  ", "", NO_PLACE), (None, "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\nSố: 12/KH-UBND\n", "Nghệ An")],
    ids=["province", "district", "unknown", "none", "blank", "header"])
def test_a_figure_is_placed_in_the_province_of_its_record(place, text, shown):
    assert place_of({"id": "p", "place": place, "text": text, "entities": []}) == shown


def test_titles_spelled_with_old_tone_marks_are_one_position():
    record = {"id": "u", "published": "2024-03-01", "place": "Hà Tĩnh",
              "persons": [{"cluster": "P1", "name": "Đỗ Văn Tâm", "titles": [], "mentions": []}], "facts": [
        {"type": "holds_position", "values": {"person": "Đỗ Văn Tâm", "cluster": "P1", "title": "Tỉnh uỷ viên"}},
        {"type": "holds_position", "values": {"person": "Đỗ Văn Tâm", "cluster": "P1", "title": "TỈNH ỦY VIÊN"}}]}
    held = (Held("Tỉnh uỷ viên", date(2024, 3, 1), date(2024, 3, 1), 1),)
    assert overview([record]).persons == (Person("Đỗ Văn Tâm", "Hà Tĩnh", 1, held),)

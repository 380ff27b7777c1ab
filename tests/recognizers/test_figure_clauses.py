"""What a figure's clause ties it to (decision 9 of docs/annotation.md): year, kind, basis, metric.

Each case lists, per figure in text order, the values that decision settles; the texts are invented.
"""

from __future__ import annotations

import pytest
from recognizer_context import context, found

from pipeline.recognizers import percent


def _figures(text: str) -> list[tuple[str, dict]]:
    return [(span, attrs) for _, span, attrs in found(text, percent.find(context(text)))]


YEARS = [
    pytest.param("Theo báo cáo, 7 tháng đầu năm 2025, các cơ quan đã tiếp 1.326 lượt công dân; "
                 "tỷ lệ giải quyết đạt 92,6%.", [None], id="a_period_of_a_year_gives_none"),
    pytest.param("Tỷ lệ hồ sơ năm 2022 đạt 94,1%, năm 2023 đạt 97,35%, 10 tháng năm 2024 đạt 98,6%.",
                 [2022, 2023, None], id="a_nearer_period_hides_the_year_before_it"),
    pytest.param("Tỷ lệ hợp tác xã hoạt động hiệu quả năm 2024 đạt 71,3% (năm 2021 là 48,9%).",
                 [2024, 2021], id="the_year_in_parentheses_opens_the_next_figure"),
    pytest.param("So với năm 2022, giảm 38 vụ (giảm 8,44%).", [None], id="a_leading_comparison_is_no_year"),
    pytest.param("Lâm Đồng: 99,12% thí sinh đỗ tốt nghiệp THPT năm 2025\nTin khác", [2025],
                 id="the_year_closing_the_clause"),
    pytest.param("Xã bảo đảm trên 90% diện tích được cấp mã số trước ngày 30/9/2025.", [2025],
                 id="the_deadline_closing_the_clause"),
    pytest.param("Năm 2024, tỉnh hoàn thành 100% nội dung; kết quả có 82,5% quân số đạt khá, giỏi.", [2024, 2024],
                 id="a_framing_year_holds_across_semicolons"),
    pytest.param("Tỷ lệ gia đình văn hóa năm 2025 là 97,2%; tỷ lệ hộ nghèo giảm còn 0,62%.", [2025, None],
                 id="a_measures_own_year_stays_in_its_clause"),
    pytest.param("- Năm 2022: thu nhận 41.260 hồ sơ; tỷ lệ kích hoạt đạt 23,4%.", [2022], id="a_heading_year"),
    pytest.param("Từ tháng 9/2024, Mặt trận đã vận động; đến nay 100% hộ đã ký cam kết.", [None],
                 id="since_a_month_is_no_year"),
    pytest.param("Từ ngày 01/10/2021 đến ngày 31/7/2022, tòa án giải quyết 2.601 vụ, đạt 91,4%.", [None],
                 id="the_end_of_a_period_is_no_year"),
    pytest.param("Có trên 98% giáo viên đạt chuẩn theo Luật Giáo dục năm 2019.", [None], id="a_laws_year"),
    pytest.param("Thực hiện Đề án “Chuyển đổi số, định hướng đến năm 2030”, đến nay 100% trường dùng sổ điểm số.",
                 [None], id="a_year_inside_a_quoted_name"),
    pytest.param("Tỷ lệ hồ sơ đúng hạn đạt 99,17%, cao hơn cùng kỳ năm 2024 (96,85%).", [None, 2024],
                 id="the_year_before_a_figure_in_parentheses"),
    pytest.param("Thông tin mới nhất năm 2025\nQuảng Ngãi: 97,5% thôn có mô hình dân vận", [None],
                 id="a_headline_line_above_gives_none"),
]


@pytest.mark.parametrize("text, years", YEARS)
def test_year(text, years):
    assert [attrs.get("year") for _, attrs in _figures(text)] == years


KINDS = [
    pytest.param("Phấn đấu hằng năm 100% chi bộ hoàn thành tốt nhiệm vụ; 95% trở lên đảng viên hoàn thành nhiệm vụ.",
                 ["target", "target"], id="phan_dau_frames_the_sentence"),
    pytest.param("Sở kiểm tra tối thiểu 30% số công trình; UBND huyện kiểm tra ít nhất 20% số công trình.",
                 ["target", "target"], id="a_requirement_is_a_target"),
    pytest.param("Phấn đấu mỗi năm kéo giảm ít nhất 5% số người chết do tai nạn giao thông.", ["target"],
                 id="a_target_change_is_a_target"),
    pytest.param("Vốn các chương trình mục tiêu quốc gia mới đạt 28,7%.", ["level"], id="a_programme_name_is_no_cue"),
    pytest.param("Tỷ lệ về việc đạt 84,1% (vượt 0,6% chỉ tiêu Quốc hội giao), về tiền đạt 39,27%.",
                 ["level", "change", "level"], id="a_cue_in_a_closed_parenthesis"),
    pytest.param("Đảng ủy xã đã thực hiện đạt và vượt 9/12 chỉ tiêu; giá trị sản xuất tăng 6,2% so với cùng kỳ.",
                 ["change"], id="chi_tieu_as_a_noun_frames_nothing"),
]


@pytest.mark.parametrize("text, kinds", KINDS)
def test_kind(text, kinds):
    assert [attrs["kind"] for _, attrs in _figures(text)] == kinds


BASES = [
    pytest.param("So với năm 2022, giảm 38 vụ (giảm 8,44%), giảm 21 người chết (giảm 6,58%).",
                 ["So với năm 2022", "So với năm 2022"], id="a_leading_comparison"),
    pytest.param("Tai nạn giảm 11,2% về số vụ, giảm 8,76% về số người chết so với cùng kỳ.",
                 ["so với cùng kỳ", "so với cùng kỳ"], id="a_comparison_later_in_the_clause"),
    pytest.param("Giải ngân đạt 96,12% kế hoạch Thủ tướng Chính phủ giao.",
                 ["kế hoạch Thủ tướng Chính phủ giao"], id="a_plan_and_who_set_it"),
]


@pytest.mark.parametrize("text, bases", BASES)
def test_basis(text, bases):
    assert [attrs.get("basis") for _, attrs in _figures(text)] == bases


METRICS = [
    pytest.param("Năm 2022, tổng thu ngân sách do ngành Thuế quản lý đạt 22.418 tỷ đồng, bằng 141,2% dự toán "
                 "Trung ương giao, bằng 127,6% dự toán HĐND tỉnh giao.",
                 ["tổng thu ngân sách do ngành Thuế quản lý"] * 2, id="a_share_of_an_estimate_and_its_series"),
    pytest.param("Tổng thu đạt 94.812 tỷ đồng, bằng 117,4% dự toán. Cụ thể: năm 2020 đạt 15.732 tỷ đồng, "
                 "bằng 108,2% dự toán; năm 2021 đạt 17.604 tỷ đồng, bằng 116,9%.",
                 ["Tổng thu"] * 3, id="a_yearly_breakdown_continues_the_measure"),
    pytest.param("Theo báo cáo, năm 2024 tổng thu NSNN trên địa bàn ước đạt 4.815 tỷ đồng, bằng 104,6% dự toán.",
                 ["tổng thu NSNN trên địa bàn"], id="the_subject_after_a_leading_phrase"),
    pytest.param("Hải Dương: 99,8% thôn, khu dân cư đã có sóng 4G.", ["thôn, khu dân cư đã có sóng 4G"],
                 id="a_number_inside_a_word_ends_nothing"),
    pytest.param("Có 98,5% tổ chức cơ sở đảng đưa nội dung học tập và làm theo Bác vào sinh hoạt.",
                 ["tổ chức cơ sở đảng đưa nội dung học tập và làm theo Bác vào sinh hoạt"], id="lam_theo_Bac"),
    pytest.param("Tỷ lệ xã đạt chuẩn nông thôn mới đạt 58,9%; khu vực nông thôn mới đạt 40%.",
                 ["Tỷ lệ xã đạt chuẩn nông thôn mới", "khu vực nông thôn"], id="nong_thon_moi_or_moi_dat"),
    pytest.param("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm còn 2,81%.", ["Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều"],
                 id="theo_a_lower_case_standard_stays"),
    pytest.param("Kết quả có 62,2% là đoàn viên thanh niên.", ["đoàn viên thanh niên"], id="la_opens_no_measure"),
    pytest.param("Tỷ lệ trạm y tế có bác sĩ (thực hiện/kế hoạch) đạt 85,9%.", ["Tỷ lệ trạm y tế có bác sĩ"],
                 id="a_closing_parenthesis_stays_out"),
    pytest.param("Công suất sử dụng phòng đạt 62,5%, riêng tháng 8/2025 đạt trên 80%.",
                 ["Công suất sử dụng phòng", None], id="a_month_is_no_measure"),
]


@pytest.mark.parametrize("text, metrics", METRICS)
def test_metric(text, metrics):
    assert [attrs.get("metric") for _, attrs in _figures(text)] == metrics

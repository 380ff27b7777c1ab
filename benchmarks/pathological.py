"""Time extraction on hostile and dense inputs of growing size; print a table.

Bounded time means time grows linearly with the input: the CPU-seconds-per-100-KB column
must stay flat, and the ratio of the largest size's s/100KB to the smallest's must stay
near 1. Each row runs a worker's path (``extract_line``: the record's JSON line) in its own
child process (after a warm-up call that loads the rules and the model) under a hard
wall-clock limit, so a hang prints
``timeout`` and a ``BudgetExceeded`` (the E020 reject) prints ``budget``.

Peak memory ("peak MB") is how far the child's resident set rose above its size just before
the call (input already built, model loaded), in MB. On Linux the kernel's peak (``VmHWM``) is
reset first through ``/proc/self/clear_refs``, so the figure is the call's own peak; elsewhere
it is the growth of ``resource.getrusage(RUSAGE_SELF).ru_maxrss``, which reads 0 whenever the
warm-up's or the input's building peak was higher. The header says which was used. "worker MB"
is the child's whole peak resident set during the call (Linux only): the interpreter, the loaded
libraries, rules and model, the input text and the call's own peak.

Run: .venv/bin/python benchmarks/pathological.py [--sizes 100000,1000000,5000000]
     [--inputs names,dates] [--timeout 300]
Profile one row: .venv/bin/python benchmarks/pathological.py --profile names --size 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

PIECES = ["/", "-", "12", "Số ", "CT/", "TU ", "–", "%", ",5 ", "ngày 3-6 ", "Chỉ thị số 08-CT/TU "]

# Invented names and places: no real person is meant.
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lâm", "Trịnh", "Mai", "Tạ", "Quách", "Kiều", "Lưu"]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc", "Xuân", "Thu", "Kim", "Công",
           "Bá", "Đình", "Mạnh", "Hồng", "Thế", "Trọng"]
GIVENS = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Khánh",
          "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo",
          "Thắng", "Trung", "Tuấn", "Vân", "Vinh", "Yến", "Khải", "Lộc", "Nhàn", "Toàn", "Uyên", "Việt"]
PROVINCES = ["Hà Giang", "Quảng Ngãi", "Nghệ An", "Bình Định", "Lâm Đồng", "Hà Tĩnh", "Thái Bình",
             "Sóc Trăng", "Phú Yên", "Gia Lai", "Nam Định", "Tây Ninh", "Kon Tum", "Bắc Kạn"]
POSITIONS = ["Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy",
             "Trưởng Ban Dân vận Tỉnh ủy", "Giám đốc Sở Y tế", "Phó Giám đốc Sở Tài chính",
             "Chủ tịch HĐND huyện", "Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tuyên giáo Huyện ủy",
             "Chánh Văn phòng UBND tỉnh", "Phó Trưởng Đoàn ĐBQH tỉnh", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
             "Giám đốc Sở Kế hoạch và Đầu tư", "Tỉnh ủy viên", "Bí thư Huyện ủy", "Phó Chủ tịch HĐND tỉnh"]
HONORIFICS = ["Đồng chí", "Ông", "Bà", "Đ/c", "Thượng tá", "Tiến sĩ"]
ISSUERS = ["UBND tỉnh", "HĐND tỉnh", "Ban Thường vụ Tỉnh ủy", "Thủ tướng Chính phủ", "Bộ Y tế",
           "Sở Giáo dục và Đào tạo", "UBND huyện", "Ban Chấp hành Trung ương"]
KINDS = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Công văn", "CV"), ("Chỉ thị", "CT"), ("Nghị quyết", "NQ"),
         ("Thông báo", "TB"), ("Báo cáo", "BC"), ("Hướng dẫn", "HD")]
AGENCIES = ["UBND", "TU", "HU", "SYT", "BCĐ", "TTg", "BYT", "HĐND", "SGDĐT", "BDVTU"]
SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
INDICATORS = ["hộ dân sử dụng nước sạch", "trẻ em được tiêm chủng đầy đủ", "hồ sơ giải quyết đúng hạn",
              "xã đạt chuẩn nông thôn mới", "lao động qua đào tạo", "người dân tham gia bảo hiểm y tế",
              "thủ tục hành chính trực tuyến toàn trình", "học sinh tốt nghiệp THPT", "hộ nghèo giảm",
              "doanh nghiệp nộp thuế điện tử", "kế hoạch vốn đầu tư công giải ngân"]
MENU = ["Trang chủ", "Giới thiệu", "Tin tức", "Sự kiện", "Văn bản chỉ đạo", "Thư viện ảnh", "Liên hệ",
        "Hỏi đáp", "Sơ đồ cổng", "Tin liên quan", "Tin mới nhất", "Đọc nhiều", "Chia sẻ Zalo", "In bài viết"]
HEADLINES = ["Hội Nghị Sơ Kết Công Tác Dân Vận Quý II", "Tỉnh Ủy Làm Việc Với Đoàn Công Tác Trung Ương",
             "Ra Quân Tổng Vệ Sinh Môi Trường Đầu Năm", "Khai Mạc Hội Thi Tuyên Truyền Viên Giỏi",
             "Triển Khai Kế Hoạch Chuyển Đổi Số Năm 2024", "Trao Quà Cho Gia Đình Chính Sách",
             "Tổng Kết Phong Trào Thi Đua Yêu Nước", "Kiểm Tra Công Tác Phòng Chống Thiên Tai",
             "Đối Thoại Với Thanh Niên Về Khởi Nghiệp", "Bàn Giao Nhà Đại Đoàn Kết Cho Hộ Nghèo"]
ARTICLE = (
    "Sáng 12/6, tại Hội trường UBND tỉnh, Ban Chỉ đạo thực hiện Chương trình mục tiêu quốc gia xây dựng "
    "nông thôn mới tỉnh tổ chức hội nghị sơ kết 6 tháng đầu năm 2024. Đồng chí Trần Quốc Lộc, Phó Chủ tịch "
    "UBND tỉnh, Trưởng Ban Chỉ đạo chủ trì hội nghị. Theo báo cáo, thực hiện Quyết định số 318/QĐ-UBND ngày "
    "15/3/2024 của UBND tỉnh, đến nay toàn tỉnh có 96 xã đạt chuẩn nông thôn mới, chiếm 78,6% tổng số xã; "
    "tỷ lệ hộ dân sử dụng nước sạch đạt 92,4%, tăng 3,1% so với cùng kỳ. Thu nhập bình quân đầu người khu vực "
    "nông thôn đạt 48,2 triệu đồng/năm. Phát biểu kết luận, đồng chí Trần Quốc Lộc đề nghị các sở, ngành, "
    "địa phương tập trung rà soát các tiêu chí còn thiếu, hoàn thành kế hoạch trước ngày 30 tháng 11 năm 2024. "
)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


def _fill(size: int, make: Callable[[random.Random], str], seed: int = 1, sep: str = "") -> str:
    """Return ``make``'s pieces joined by ``sep`` until ``size`` characters, cut to exactly ``size``."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        piece = make(rng) + sep
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


def fragments(size: int, seed: int = 1) -> str:
    """Return one line of ``size`` characters made of reference and date fragments."""
    return _fill(size, lambda rng: rng.choice(PIECES), seed)


def slashes(size: int) -> str:
    """Return one line of alternating '/' and '-'."""
    return ("/-" * (size // 2 + 1))[:size]


def names(size: int) -> str:
    """Return one titled person per line: 'Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh Gia Lai;'."""
    return _fill(size, lambda rng: f"{rng.choice(HONORIFICS)} {_name(rng)}, {rng.choice(POSITIONS)} "
                                   f"{rng.choice(PROVINCES)};", sep="\n")


def titles(size: int) -> str:
    """Return long runs of position titles joined by commas, a paragraph per run of 20 to 60."""
    return _fill(size, lambda rng: ", ".join(rng.choice(POSITIONS) for _ in range(rng.randint(20, 60))) + ".",
                 sep="\n")


def bylines(size: int) -> str:
    """Return short lines of bare names, as an author or byline block (a blank line every 3 to 6)."""
    def block(rng: random.Random) -> str:
        return "\n".join(_name(rng) for _ in range(rng.randint(3, 6))) + "\n"
    return _fill(size, block, sep="\n")


def _reference(rng: random.Random) -> str:
    kind, code = rng.choice(KINDS)
    return (f"{kind} số {rng.randint(1, 3999)}/{code}-{rng.choice(AGENCIES)} ngày "
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12)}/{rng.randint(2015, 2025)} của {rng.choice(ISSUERS)}")


def references(size: int) -> str:
    """Return many 'Quyết định số 123/QĐ-UBND ngày 05/6/2024 của UBND tỉnh' items, ten to a sentence."""
    return _fill(size, lambda rng: "Căn cứ " + "; ".join(_reference(rng) for _ in range(10)) + ".", sep=" ")


def _date(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2000, 2030)
    return rng.choice([f"{d}/{m}/{y}", f"{d:02d}/{m:02d}/{y}", f"{d}-{m}-{y}", f"{d}.{m}.{y}", f"ngày {d}/{m}",
                       f"ngày {d} tháng {m} năm {y}", f"{d}-{m}", f"tháng {m}/{y}", f"tháng {m} năm {y}",
                       f"năm {y}", f"quý {rng.randint(1, 4)}/{y}", f"sáng {d}/{m}", f"chiều {d}-{m}",
                       f"từ ngày {d}/{m} đến ngày {d + 1}/{m}/{y}", f"{y}-{m:02d}-{d:02d}"])


def dates(size: int) -> str:
    """Return dense dates in many formats, a dozen to a short sentence."""
    return _fill(size, lambda rng: ", ".join(_date(rng) for _ in range(12)) + ".", sep=" ")


def percents(size: int) -> str:
    """Return dense percentages in sentences: 'tỷ lệ ... đạt 95,5%; ...'."""
    def sentence(rng: random.Random) -> str:
        items = [f"tỷ lệ {rng.choice(INDICATORS)} đạt {rng.randint(1, 99)},{rng.randint(0, 9)}%" if rng.random() < 0.7
                 else f"{rng.choice(INDICATORS)} tăng {rng.randint(1, 30)}% so với cùng kỳ" for _ in range(6)]
        return "Năm 2024, " + "; ".join(items) + "."
    return _fill(size, sentence, sep=" ")


def chrome(size: int) -> str:
    """Return portal chrome: menu bars and related-news lines (short capitalised headlines with dates)."""
    def piece(rng: random.Random) -> str:
        if rng.random() < 0.2:
            return " | ".join(rng.sample(MENU, 7))
        return f"{rng.choice(HEADLINES)} ({rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024)"
    return _fill(size, piece, sep="\n")


def cr_only(size: int) -> str:
    """Return ordinary article paragraphs whose line ends are a bare CR."""
    return _fill(size, lambda rng: ARTICLE.strip(), sep="\r")


def one_line(size: int) -> str:
    """Return a normal article text repeated with no line break at all."""
    return _fill(size, lambda rng: ARTICLE)


def corpus(size: int) -> str:
    """Return our corpus documents one after another: a long ordinary text (windows, memory)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    whole = "\n\n".join(texts) + "\n\n"
    return (whole * (size // len(whole) + 1))[:size]


INPUTS: dict[str, Callable[[int], str]] = {
    "fragments": fragments, "slashes": slashes, "names": names, "titles": titles, "bylines": bylines,
    "references": references, "dates": dates, "percents": percents, "chrome": chrome, "cr_only": cr_only,
    "one_line": one_line, "corpus": corpus}


CLEAR_REFS = "/proc/self/clear_refs"


def _memory_method() -> str:
    """How peak memory is measured here: 'VmHWM' (reset per call, Linux) or 'ru_maxrss' (growth)."""
    return "VmHWM" if os.access(CLEAR_REFS, os.W_OK) and os.path.exists("/proc/self/status") else "ru_maxrss"


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise KeyError(field)


def _maxrss_mb() -> float:
    import resource  # POSIX only; ru_maxrss is in KB on Linux

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_start(method: str) -> float:
    """Return the baseline (MB) for ``_peak_growth``, resetting the kernel's peak when it can."""
    if method == "VmHWM":
        with open(CLEAR_REFS, "w", encoding="ascii") as f:
            f.write("5")  # 5: reset the peak resident set size to the current one
        return _status_mb("VmRSS")
    return _maxrss_mb()


def _peak_growth(method: str, baseline: float) -> float:
    """Return how far the peak resident set rose above ``baseline`` (MB)."""
    return (_status_mb("VmHWM") if method == "VmHWM" else _maxrss_mb()) - baseline


def run_one(name: str, size: int) -> dict:
    """Build the input and time one document through a worker's path (``extract_line``: the record's
    line, made entity by entity) in this process; return the row."""
    from pipeline.core.budget import BudgetExceeded
    from pipeline.stages.document import extract_line, extract_text
    from pipeline.stages.read import Document

    extract_text(ARTICLE)  # warm-up: load the rules and the model outside the timing
    doc = Document(id=name, text=INPUTS[name](size), source=name)
    method = _memory_method()
    baseline = _peak_start(method)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        entities = sum(extract_line(doc).labels.values())
        status = "ok"
    except BudgetExceeded:
        status, entities = "budget", None
    # CPU seconds rank the rows: on a shared machine the wall clock also counts other programs' turns
    seconds, wall = time.process_time() - cpu, time.perf_counter() - started
    return {"input": name, "chars": size, "status": status, "entities": entities, "seconds": seconds,
            "wall": wall, "peak_mb": _peak_growth(method, baseline),
            "worker_mb": _status_mb("VmHWM") if method == "VmHWM" else None}


def run_child(name: str, size: int, timeout: float) -> dict:
    """Return ``run_one``'s row from a child process, or a 'timeout'/'error' row."""
    cmd = [sys.executable, __file__, "--child", name, "--size", str(size)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                                        os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"input": name, "chars": size, "status": "timeout", "entities": None, "seconds": timeout,
                "peak_mb": None}
    if proc.returncode != 0 or not out.strip():
        sys.stderr.write(err[-2000:])
        return {"input": name, "chars": size, "status": f"error{proc.returncode}", "entities": None,
                "seconds": None, "peak_mb": None}
    return json.loads(out.strip().splitlines()[-1])


def _cell(value: float | None, width: int, fmt: str = ".2f") -> str:
    return f"{'-' if value is None else format(value, fmt):>{width}}"


def print_row(row: dict) -> None:
    """Print one row of the main table."""
    seconds = row["seconds"]
    per = seconds / row["chars"] * 1e5 if seconds is not None else None
    # a timeout's or a budget reject's time is a lower bound: shown as '>seconds'
    bound = "" if row["status"] == "ok" or seconds is None else ">"
    print(f"{row['input']:<11} {row['chars']:>8} {row['status']:>8} {_cell(row['entities'], 8, 'd')} "
          f"{bound + format(seconds, '.2f') if bound else _cell(seconds, 8):>8} "
          f"{bound + format(per, '.3f') if bound else _cell(per, 8, '.3f'):>8} {_cell(row['peak_mb'], 8, '.1f')} "
          f"{_cell(row.get('wall'), 8)} {_cell(row.get('worker_mb'), 9, '.1f')}",
          flush=True)


def print_ratios(rows: list[dict], sizes: list[int]) -> None:
    """Print s/100KB per size for each input and its ratio to the smallest size (the linearity check)."""
    small, large = sizes[0], sizes[-1]
    heads = " ".join(f"{'@' + _label(s):>9}" for s in sizes)
    ratios = " ".join(f"{_label(s) + '/' + _label(small):>11}" for s in sizes[1:])
    print(f"\ns/100KB by size; ratio = s/100KB at a size / s/100KB at {_label(small)} "
          f"('{_label(large)} vs {_label(small)}' is the last column)")
    print(f"{'input':<11} {heads} {ratios}")
    by = {(r["input"], r["chars"]): r for r in rows}
    for name in dict.fromkeys(r["input"] for r in rows):
        per = {}
        for s in sizes:
            r = by.get((name, s))
            per[s] = (r["seconds"] / s * 1e5, r["status"]) if r and r["seconds"] is not None else (None, "-")
        cells = " ".join(f"{(format(per[s][0], '.3f') if per[s][1] == 'ok' else per[s][1]):>9}" for s in sizes)
        base = per[small][0] if per[small][1] == "ok" else None
        rat = []
        for s in sizes[1:]:
            v, status = per[s]
            # a timeout's or a budget reject's time is a lower bound: shown as '>ratio'
            cell = "-" if not base or v is None else f"{v / base:.2f}" if status == "ok" else f">{v / base:.1f}"
            rat.append(f"{cell:>11}")
        print(f"{name:<11} {cells} {' '.join(rat)}")


def _label(size: int) -> str:
    return f"{size / 1e6:g}MB" if size >= 1_000_000 else f"{size / 1e3:g}KB"


def profile(name: str, size: int, top: int) -> None:
    """Profile one ``extract_text`` call on input ``name`` of ``size`` (this process); print two top lists."""
    import cProfile
    import pstats

    from pipeline.core.budget import BudgetExceeded
    from pipeline.stages.document import extract_text

    extract_text(ARTICLE)
    text = INPUTS[name](size)
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    try:
        extract_text(text)
        status = "ok"
    except BudgetExceeded:
        status = "budget"
    prof.disable()
    print(f"# {name} {size} chars: {status} in {time.perf_counter() - started:.2f}s (under cProfile)")
    stats = pstats.Stats(prof)
    for key in ("cumulative", "tottime"):
        print(f"\n## sorted by {key}")
        stats.sort_stats(key).print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000,5000000", help="comma-separated sizes in characters")
    parser.add_argument("--inputs", default=",".join(INPUTS), help=f"comma-separated subset of: {', '.join(INPUTS)}")
    parser.add_argument("--timeout", type=float, default=300.0, help="hard wall-clock limit per row, seconds")
    parser.add_argument("--child", metavar="INPUT", help=argparse.SUPPRESS)
    parser.add_argument("--profile", metavar="INPUT", help="cProfile one run of INPUT at --size instead")
    parser.add_argument("--size", type=int, default=1_000_000, help="size for --profile")
    parser.add_argument("--top", type=int, default=30, help="rows per --profile list")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.size)))
        return
    if args.profile:
        profile(args.profile, args.size, args.top)
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    chosen = [n.strip() for n in args.inputs.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in INPUTS]
    if unknown:
        parser.error(f"unknown input(s) {', '.join(unknown)}; known: {', '.join(INPUTS)}")
    how = ("VmHWM (reset via /proc/self/clear_refs) minus VmRSS before" if _memory_method() == "VmHWM"
           else "growth of resource.getrusage ru_maxrss")
    print(f"peak MB = the call's peak resident set above its start: {how}; each row in a child process, "
          f"limit {args.timeout:g}s; 'timeout' = limit hit, 'budget' = BudgetExceeded (E020 reject)")
    print("seconds = CPU seconds of the call (its child process; the wall clock is the last column)")
    print(f"{'input':<11} {'chars':>8} {'status':>8} {'entities':>8} {'seconds':>8} {'s/100KB':>8} {'peak MB':>8} "
          f"{'wall s':>8} {'worker MB':>9}")
    rows = []
    for name in chosen:
        for size in sizes:
            row = run_child(name, size, args.timeout)
            rows.append(row)
            print_row(row)
    print_ratios(rows, sizes)


if __name__ == "__main__":
    main()

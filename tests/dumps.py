"""Small JSONL dumps for the batch-run tests: texts written by us, malformed lines where asked."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SHORT_TEXTS = [
    "Thực hiện Chỉ thị số 08-CT/TU ngày 05-8-2021 của Ban Thường vụ Thành ủy, tỷ lệ đạt 83,62%.",
    "Chiều 3-6, Sở Y tế tổ chức hội nghị triển khai Kế hoạch số 799/KH-SYT.",
    "Năm 2024, toàn tỉnh có 23 mô hình “Dân vận khéo”, tăng 12,5% so với năm trước.",
    "Ngày 15 tháng 3 năm 2025, đồng chí Trần Văn Bình, Chủ tịch UBND tỉnh, chủ trì cuộc họp.",
]


def write_dump(path: Path, n: int, bad: tuple[int, ...] = ()) -> Path:
    """Write a JSONL dump of ``n`` lines made from SHORT_TEXTS; the lines in ``bad`` are malformed."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(1, n + 1):
            if i in bad:
                fh.write("{not json\n")
            else:
                fh.write(json.dumps({"id": f"d{i}", "text": SHORT_TEXTS[i % len(SHORT_TEXTS)],
                                     "published": "2025-06-07"}, ensure_ascii=False) + "\n")
    return path

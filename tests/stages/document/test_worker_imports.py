"""A batch worker's path (extract_line) never builds a spaCy Doc, so it never loads spaCy."""

from __future__ import annotations

import subprocess
import sys


def test_extracting_a_record_line_leaves_spacy_unloaded_until_a_doc_is_asked_for():
    script = (
        "import sys\n"
        "from pipeline.stages.document import analyse, extract_line\n"
        "from pipeline.stages.read import Document\n"
        "line = extract_line(Document(id='a', text='Ông Nguyễn Văn An, Chủ tịch UBND tỉnh, dự.', source='t'))\n"
        "print(dict(line.labels), 'spacy' in sys.modules)\n"
        "doc = analyse(Document(id='b', text='Ông Nguyễn Văn An dự.', source='t')).doc\n"
        "print([s.text for s in doc.spans['vnfacts']], 'spacy' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["{'PERSON': 1, 'TITLE': 1} False", "['Nguyễn Văn An'] True"]

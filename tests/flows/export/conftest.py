"""One demo corpus per test session: `portal-corpus demo`, then one `import-text` run.

The import adds a record without a date (clean/import/unknown-date.jsonl), whose `editor` and
`duplicate_of` are null throughout its file: the case that breaks type inference.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from consolescript import run

# Before anything imports datasets or huggingface_hub: no hub, and a throw-away cache.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="portal-corpus-hf-")

IMPORTED_TEXT = (
    "本报讯 记者 王小明\n"
    "这是一段没有日期的测试正文，讲述了一个城市里的公交线路调整情况，市民可以通过多种方式查询。\n"
    "第二段说明调整将在下月开始实施，相关部门提醒大家提前做好出行安排。\n"
)


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a data dir holding the demo's corpus plus one imported text dump."""
    root = tmp_path_factory.mktemp("export-demo")
    data_dir, home = root / "data", root / "home"
    demo = run(["demo", "--data-dir", str(data_dir)], home)
    assert demo.returncode == 0, demo.stderr
    dump = root / "note.txt"
    dump.write_text(IMPORTED_TEXT, encoding="utf-8")
    imported = run(["import-text", str(dump), "--data-dir", str(data_dir)], home)
    assert imported.returncode == 0, imported.stderr
    assert (data_dir / "clean" / "import" / "unknown-date.jsonl").is_file()
    return data_dir

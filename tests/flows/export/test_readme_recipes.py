"""Every block of the README's analysis section runs as written on the demo corpus.

The shell blocks make the exports in a copy of the demo's data dir; each Python block runs in
its own interpreter there (as pasted into a fresh session), each SQL block in a fresh DuckDB
connection. The months they count are checked against the JSONL's `published_at` as written.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from consolescript import cli_env, script
from corpuslines import corpus_records

pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parents[3] / "README.md"
SECTION = "### Analysing the corpus"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
RECIPE_TIMEOUT_S = 120.0  # one block, its imports included
# Appended to each Python block: what it left under the names the README uses, as JSON.
REPORT = """
import json as _json
_out = {}
if "per_month" in globals():
    _rows = per_month.to_dicts() if hasattr(per_month, "to_dicts") else [
        {"site": site, "month": month, "len": int(n)} for (site, month), n in per_month.items()
    ]
    _out["per_month"] = {f"{r['site']} {r['month']}": r["len"] for r in _rows}
for _name in ("df", "ds", "table"):
    if _name in globals():
        _out[_name] = len(globals()[_name])
print(_json.dumps(_out))
"""


def section_blocks() -> list[tuple[str, str]]:
    """Return (language, code) of each fenced block in the README's analysis section."""
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n#", start + len(SECTION))
    return [(m[1], m[2]) for m in BLOCK.finditer(text[start : end if end > 0 else None])]


BLOCKS = section_blocks()


def ids(language: str) -> list[str]:
    return [f"{language}-{n}" for n, (lang, _) in enumerate(BLOCKS) if lang == language]


def blocks(language: str) -> list[str]:
    return [code for lang, code in BLOCKS if lang == language]


@pytest.fixture(scope="module")
def exported(demo_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the demo data dir in which the README's shell blocks have run."""
    data_dir = tmp_path_factory.mktemp("recipes") / "data"
    shutil.copytree(demo_corpus, data_dir)
    env = cli_env(data_dir.parent / "home")
    env["PATH"] = f"{Path(script()).parent}{os.pathsep}{env['PATH']}"
    for code in blocks("sh"):
        for command in code.splitlines():
            done = subprocess.run(
                shlex.split(command, comments=True), cwd=data_dir, env=env, capture_output=True,
                text=True, timeout=RECIPE_TIMEOUT_S, check=False,
            )  # fmt: skip
            assert done.returncode == 0, f"{command}: {done.stderr}"
    return data_dir


@pytest.fixture(scope="module")
def months(demo_corpus: Path) -> dict[str, int]:
    """Return originals per 'site YYYY-MM', the month of published_at as the page wrote it."""
    return dict(
        Counter(
            f"{r['site']} {r['published_at'][:7]}"
            for r in corpus_records(demo_corpus)
            if r["duplicate_of"] is None and r["published_at"]
        )
    )


def test_the_section_has_the_recipes_it_promises() -> None:
    languages = Counter(language for language, _ in BLOCKS)
    assert languages["sh"] >= 1 and languages["python"] >= 4 and languages["sql"] >= 2
    assert all("SET TimeZone" in code for code in blocks("sql"))


@pytest.mark.parametrize("code", blocks("python"), ids=ids("python"))
def test_python_recipe_runs_as_written(
    code: str, exported: Path, demo_corpus: Path, months: dict[str, int]
) -> None:
    env = cli_env(exported.parent / "home")
    done = subprocess.run(
        [sys.executable, "-c", code + REPORT], cwd=exported, env=env, capture_output=True,
        text=True, timeout=RECIPE_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    left: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert left, "the recipe leaves none of per_month, df, ds, table to check"
    if "per_month" in left:
        assert left["per_month"] == months
    for name in ("df", "ds", "table"):
        if name in left:
            assert left[name] == len(corpus_records(demo_corpus))


@pytest.mark.parametrize("code", blocks("sql"), ids=ids("sql"))
def test_sql_recipe_runs_as_written(
    code: str, exported: Path, months: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    monkeypatch.chdir(exported)
    rows = duckdb.connect().execute(code).fetchall()
    assert {f"{site} {month}": n for site, month, n in rows} == months

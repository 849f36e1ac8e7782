"""A command run from a folder holding packages named like ours builds its pages with our code.

The extraction workers' fork server starts as `python -c`, which puts the working directory
first on its path: a researcher's own `cleaners/` package there replaced ours in every worker.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from consolescript import RUN_TIMEOUT_S, cli_env, records, rejects, script
from threadpages import URL, page, table_posts

from tests.flows.cli.test_thread_import import write_warc


def test_packages_named_like_ours_in_the_working_dir_are_not_loaded(tmp_path: Path) -> None:
    work = tmp_path / "project"
    for name in ("cleaners", "flows"):  # a user's own packages, as common names go
        (work / name).mkdir(parents=True)
        (work / name / "__init__.py").write_text("OURS = False\n", encoding="utf-8")
    write_warc(work / "thread.warc.gz", [(URL, page(table_posts()).encode())])
    done = subprocess.run(
        [script(), "import-warc", "thread.warc.gz", "--data-dir", "data", "--workers", "2"],
        cwd=work, capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
        env=cli_env(tmp_path / "home"), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    day_rejects = [
        row
        for f in (work / "data" / "rejects").glob("*.jsonl")
        for row in rejects(work / "data", f.stem)
    ]
    assert day_rejects == []
    (record,) = records(work / "data")
    assert record["url"] == URL

"""The command line on bad input: one line on stderr, a non-zero exit code, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.cli.app import main

DEDUP = Path(__file__).resolve().parents[2] / "data" / "dedup"  # real-length article texts

GOOD_CONFIG = """
[[source]]
key = "alpha"
start = ["http://127.0.0.1:9/news/"]
schedule = "0 */6 * * *"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """Write a valid one-source config."""
    path = tmp_path / "sources.toml"
    path.write_text(GOOD_CONFIG, encoding="utf-8")
    return path


# {c} stands for --config with a good one-source file; {tmp} for a fresh folder.
BAD_INPUT = [
    pytest.param("crawl --config {tmp}/none.toml", "no such config file", id="crawl-no-config"),
    pytest.param("crawl --config {bad}", "not valid TOML", id="crawl-bad-toml"),
    pytest.param("crawl {c} --site nope", "no source 'nope'", id="crawl-unknown-site"),
    pytest.param("crawl {c} --task-runner gpu", "choose threads or dask", id="crawl-bad-runner"),
    pytest.param(
        "crawl {c} --dask-address tcp://h:1", "needs --task-runner dask", id="address-without-dask"
    ),
    pytest.param(
        "crawl {c} --task-runner dask --dask-address h:1", "expected tcp://", id="bad-address"
    ),
    pytest.param("crawl {c} --workers 0", "at least 1", id="zero-workers"),
    pytest.param("crawl --bogus", "No such option", id="unknown-option"),
    pytest.param("backfill {c} --site alpha", "needs one of", id="backfill-no-mode"),
    pytest.param(
        "backfill {c} --site alpha --pages 9-2", "1 <= A <= B", id="backfill-reversed-pages"
    ),
    pytest.param("backfill {c} --site alpha --pages x", "expected A-B", id="backfill-bad-pages"),
    pytest.param(
        "backfill {c} --site alpha --since 2024-13-01 --until 2024-12-31",
        "YYYY-MM-DD",
        id="backfill-bad-day",
    ),
    pytest.param(
        "backfill {c} --site alpha --since 2024-02-01 --until 2024-01-01",
        "is after",
        id="backfill-reversed-days",
    ),
    pytest.param(
        "backfill {c} --site alpha --since 2024-02-01", "go together", id="backfill-half-range"
    ),
    pytest.param(
        "backfill {c} --site alpha --pages 1-2 --urls {config}",
        "got --pages and --urls",
        id="backfill-two-modes",
    ),
    pytest.param("backfill {c} --urls {tmp}/none.txt", "no such file", id="backfill-no-url-file"),
    pytest.param("backfill {c} --pages 1-2", "needs --site", id="backfill-pages-without-site"),
    pytest.param(
        "backfill {c} --site nope --pages 1-2", "no source 'nope'", id="backfill-unknown-site"
    ),
    pytest.param("import-warc {tmp}/none.warc.gz", "no such WARC file", id="import-warc-missing"),
    pytest.param("import-warc {tmp}", "not a file", id="import-warc-folder"),
    pytest.param("import-warc", "Missing argument", id="import-warc-no-files"),
    pytest.param("import-text {tmp}/none.txt", "no such path", id="import-text-missing"),
    pytest.param("reclean --data-dir {tmp}/empty", "no raw/ folder", id="reclean-no-raw"),
    pytest.param("validate {tmp}/none.jsonl", "no such file or folder", id="validate-missing"),
    pytest.param("serve --config {tmp}/none.toml", "no such config file", id="serve-no-config"),
    pytest.param("stats --plot {tmp}/out.svg", "must end in .png", id="stats-bad-plot"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_input_is_one_line_and_exit_2(
    args: str, message: str, tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]\nkey=", encoding="utf-8")
    argv = args.format(tmp=tmp_path, c=f"--config {config}", config=config, bad=bad).split()
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err


def run_cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process with its own Prefect home (no test server, no profile)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    clean.update(PREFECT_HOME=str(cwd / "prefect-home"), **env)
    return subprocess.run(
        [sys.executable, "-m", "flows.cli.app", *args],
        capture_output=True, text=True, timeout=120, check=False, env=clean, cwd=cwd,
    )  # fmt: skip


def test_serve_without_a_server_says_what_to_do(config: Path, tmp_path: Path) -> None:
    done = run_cli(["serve", "--config", str(config)], tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert "prefect server start" in done.stderr


@pytest.mark.parametrize("command", ["validate", "stats"])
def test_commands_without_a_flow_never_import_prefect(command: str, tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    target = str(tmp_path / "clean") if command == "validate" else "--data-dir=" + str(tmp_path)
    probe = (
        "import sys\n"
        "from flows.cli.app import main\n"
        f"code = main([{command!r}, {target!r}])\n"
        "print('PREFECT' if any(m.split('.')[0] == 'prefect' for m in sys.modules) else 'CLEAN')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "CLEAN", done.stderr
    assert "Traceback" not in done.stderr


def run_without_api(probe: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a Python probe in a fresh interpreter with no Prefect API configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # no profile, so no API configured
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False,
        env=env,
    )  # fmt: skip


def test_without_an_api_a_flow_command_runs_without_prefect(tmp_path: Path) -> None:
    text = tmp_path / "notice.txt"
    text.write_text(
        "关于开展春季道路养护工作的通知\n"
        + "各区县交通运输部门要在四月底前完成辖区内重点路段的排查,并建立问题台账。" * 3,
        encoding="utf-8",
    )
    data = str(tmp_path / "data")
    probe = (
        "import sys\n"
        "from flows.cli.app import main\n"
        f"codes = [main(['import-text', {str(text)!r}, '--data-dir', {data!r}]),\n"
        f"         main(['reclean', '--data-dir', {data!r}])]\n"
        "print(codes, 'PREFECT' if any(m.split('.')[0] == 'prefect' for m in sys.modules)"
        " else 'CLEAN')\n"
    )
    done = run_without_api(probe, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "[0, 0] CLEAN", done.stderr
    assert "Traceback" not in done.stderr
    assert "portal-corpus import-text" in done.stdout and "portal-corpus reclean" in done.stdout


def test_a_pooled_import_leaves_the_cleaners_to_the_workers(tmp_path: Path) -> None:
    """The command's own process never loads the extractor or the MinHash library: its
    workers fork from a server that did, so the first page waits for one import, not two."""
    text = (DEDUP / "patrol.txt").read_text(encoding="utf-8").strip()
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    body = (
        '<html><head><meta charset="utf-8"><title>青川开展夏季治安整治行动</title></head>'
        f'<body><h1>青川开展夏季治安整治行动</h1><div class="content">{paragraphs}</div>'
        "</body></html>"
    ).encode()
    warc = tmp_path / "one.warc.gz"
    with warc.open("wb") as out:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warc_record(
            "https://news.qc.example.cn/yw/t1.html", "response", payload=BytesIO(body),
            length=len(body), http_headers=headers,
        ))  # fmt: skip
    data = str(tmp_path / "data")
    probe = (
        "import sys\n"
        "from flows.cli.app import main\n"
        f"code = main(['import-warc', {str(warc)!r}, '--data-dir', {data!r}, '--workers', '2'])\n"
        "print(code, sorted(m for m in ('datasketch', 'scipy', 'trafilatura',"
        " 'cleaners.assemble.from_html') if m in sys.modules))\n"
    )
    done = run_without_api(probe, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr
    records = (tmp_path / "data" / "clean").rglob("*.jsonl")
    assert sum(len(path.read_text("utf-8").splitlines()) for path in records) == 1


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in (
        "demo",
        "crawl",
        "backfill",
        "import-warc",
        "import-text",
        "reclean",
        "validate",
        "serve",
        "stats",
        "export",
    ):
        assert command in out


def test_demo_without_data_dir_leaves_the_folder_choice_to_the_demo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import flows.demo.run

    seen: list[Path | None] = []
    monkeypatch.delenv("PREFECT_API_URL", raising=False)

    def fake_run_demo(data_dir: Path | None, *, engine: str) -> int:
        seen.append(data_dir)
        assert engine == "plain"  # no API configured: the demo runs without Prefect
        return 0

    monkeypatch.setattr(flows.demo.run, "run_demo", fake_run_demo)
    assert main(["demo"]) == 0
    assert main(["demo", "--data-dir", "somewhere"]) == 0
    assert seen == [None, Path("somewhere")]

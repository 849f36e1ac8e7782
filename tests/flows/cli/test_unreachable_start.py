"""A start URL nothing listens at, as users meet it through the installed console script."""

from __future__ import annotations

from pathlib import Path

from consolescript import run
from liveprefect import free_port


def test_an_unreachable_start_url_says_once_what_failed(tmp_path: Path) -> None:
    port = free_port()  # closed: nothing listens there
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nkey = "closed"\nstart = ["http://127.0.0.1:{port}/news/"]\n'
        "allow_private = true\n",
        "utf-8",
    )
    done = run(["crawl", "--config", str(sources), "--data-dir", str(tmp_path / "d")],
               tmp_path / "home")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.count(f"cannot connect to 127.0.0.1:{port}") == 1, done.stderr
    assert "ConnectError" not in done.stderr, done.stderr
    assert "article family" not in done.stderr, done.stderr
    assert "see the log" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr

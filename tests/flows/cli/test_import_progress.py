"""The progress bars of import-warc and reclean, as a terminal shows them: bytes read of the
WARC files' size and records written, never a crawl's discovered or fetched pages.

A portal on 127.0.0.1 is crawled through the console script; its raw/ is then imported into a
fresh data dir, and recleaned, each in a pseudo-terminal (the bars are drawn on terminals only).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
from pathlib import Path

import pytest
from consolescript import cli_env, run, script
from crawlportal import PortalServer, config_toml, serve_portal
from rich.filesize import decimal
from threadpages import URL, page, table_posts

from tests.flows.cli.test_thread_import import write_warc

pytestmark = pytest.mark.slow

ROWS, COLUMNS = 40, 160  # the pseudo-terminal's size
ENDS_WITHIN_S = 300.0
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # cursor moves and colours between the frames
READ_CHUNK = 65536
TABLE_HEAD = re.compile(r"┃\s*count")  # the run's table, printed once the bars are gone


def on_terminal(args: list[str], home: Path) -> tuple[int, str]:
    """Run `portal-corpus ARGS` on a pseudo-terminal; return its exit code and screen text."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {**cli_env(home), "TERM": "xterm-256color", "COLUMNS": str(COLUMNS)}
    process = subprocess.Popen([script(), *args], stdin=follower, stdout=follower,
                               stderr=follower, env=env, start_new_session=True)  # fmt: skip
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, READ_CHUNK)
        except OSError:  # the terminal's other side closed: the command ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    code = process.wait(timeout=ENDS_WITHIN_S)
    return code, ANSI.sub(" ", shown.decode("utf-8", "replace"))


def test_import_and_reclean_show_bytes_read_of_the_warc_size(tmp_path: Path) -> None:
    home, crawled = tmp_path / "home", tmp_path / "crawled"
    portal = PortalServer(articles=8)
    with serve_portal(portal):
        (tmp_path / "sources.toml").write_text(config_toml(portal), encoding="utf-8")
        done = run(["crawl", "--config", str(tmp_path / "sources.toml"),
                    "--data-dir", str(crawled)], home)  # fmt: skip
        assert done.returncode == 0, done.stderr
    warcs = sorted((crawled / "raw").glob("*.warc.gz"))
    size = sum(p.stat().st_size for p in warcs)

    fresh = tmp_path / "fresh"
    code, screen = on_terminal(["import-warc", *map(str, warcs), "--data-dir", str(fresh)], home)
    assert code == 0, screen
    bars = TABLE_HEAD.split(screen)[0]  # what was shown before the run's table
    assert re.search(rf"read .* of {re.escape(decimal(size))}", bars), screen
    assert re.search(r"written .* records", bars), screen
    assert "discovered" not in bars and "fetched" not in bars, screen

    code, screen = on_terminal(["reclean", "--data-dir", str(crawled)], home)
    assert code == 0, screen
    bars = TABLE_HEAD.split(screen)[0]
    assert re.search(rf"read .* of {re.escape(decimal(size))}", bars), screen
    assert "discovered" not in bars and "fetched" not in bars, screen


def test_an_import_table_shows_no_fetch_rows(tmp_path: Path) -> None:
    warc, data_dir = tmp_path / "thread.warc.gz", tmp_path / "data"
    write_warc(warc, [(URL, page(table_posts()).encode())])
    done = run(["import-warc", str(warc), "--data-dir", str(data_dir)], tmp_path / "home")
    assert done.returncode == 0, done.stderr
    labels = [cell.strip() for line in done.stdout.splitlines() for cell in line.split("│")[1:2]]
    assert "written" in labels and "extracted" in labels, done.stdout
    assert not {"discovered", "fetched", "not_modified"} & set(labels), done.stdout

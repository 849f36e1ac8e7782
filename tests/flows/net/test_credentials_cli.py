"""A user and password in a URL are never sent and never stored, wherever the URL came from.

A link `http://user:secret@host/…` on a listing, or a redirect to one, is fetched without
them: no Authorization header leaves, and no record, reject, state row, WARC header or
request record holds the password.
"""

from __future__ import annotations

from pathlib import Path

from articlepages import article
from consolescript import records, run
from faultserver import page, redirect, servers
from warcio.archiveiterator import ArchiveIterator

SECRET = "s3cr3t-pw"


def what_we_wrote(data_dir: Path) -> str:
    """Return what the run itself wrote: corpus, rejects, state, and the WARCs' own headers
    and request records (the pages and headers a server sent are archived as it sent them)."""
    written = [p for p in data_dir.rglob("*") if p.is_file() and p.parent.name != "raw"]
    out = "".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(written))
    for path in sorted((data_dir / "raw").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                out += str(record.rec_headers)
                if record.rec_type == "request":
                    out += str(record.http_headers) + record.content_stream().read().decode()
    return out


def test_credentials_in_links_and_redirects_are_never_sent_or_stored(tmp_path: Path) -> None:
    with servers(1) as (log, [portal]):
        with_password = portal.url("/news/1.html").replace("://", f"://editor:{SECRET}@")
        listing = (
            f'<ul><li><a href="{with_password}">第1号通知</a></li>'
            f'<li><a href="{portal.url("/news/2.html")}">第2号通知</a></li></ul>'
        )
        portal.plan("/news/", page(f"<html><body>{listing}</body></html>"))
        portal.plan("/news/1.html", page(article(1)))
        moved = portal.url("/news/3.html").replace("://", f"://editor:{SECRET}@")
        portal.plan("/news/2.html", redirect(moved))
        portal.plan("/news/3.html", page(article(3)))
        config = tmp_path / "sources.toml"
        config.write_text(
            "[defaults]\ndelay_s = 0.0\nmax_attempts = 1\nobey_robots = false\n"
            "allow_private = true\n\n"
            f'[[source]]\nkey = "portal"\nstart = ["{portal.url("/news/")}"]\n'
            "article = '/news/\\d+\\.html$'\n",
            encoding="utf-8",
        )
        data_dir = tmp_path / "data"
        done = run(["crawl", "--config", str(config), "--data-dir", str(data_dir)],
                   tmp_path / "home")  # fmt: skip
        hits = log.of()
    assert done.returncode == 0, done.stderr
    assert {h.path for h in hits} >= {"/news/1.html", "/news/3.html"}
    assert [h.path for h in hits if "authorization" in {k.lower() for k in h.headers}] == []
    urls = sorted(str(r["url"]) for r in records(data_dir))
    assert urls == [portal.url("/news/1.html"), portal.url("/news/3.html")]
    assert SECRET not in what_we_wrote(data_dir)
    assert SECRET not in done.stdout + done.stderr

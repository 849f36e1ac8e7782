"""A site key read from a WARC header never names a file outside the data dir.

The `Portal-Corpus-Site` header of a response record becomes the record's `site`, and the site
names the folder under clean/ its record goes to. A WARC is untrusted input: a header holding a
path (`../../escape`, `/tmp/x`) is refused with its reason, for import-warc and reclean alike.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from consolescript import records, run
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEDUP = Path(__file__).resolve().parents[2] / "data" / "dedup"  # real-length article texts
GOOD_SITE = "county-news"


def article(title: str, text_file: str) -> bytes:
    """Return an article page built around a real-length text."""
    text = (DEDUP / text_file).read_text(encoding="utf-8").strip()
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><h1>{title}</h1><div class="content">{paragraphs}</div></body></html>'
    ).encode()


def write_warc(path: Path, sites: list[str]) -> None:
    """Write one article response per site header, each a different real text."""
    texts = sorted(p.name for p in DEDUP.glob("*.txt"))
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, site in enumerate(sites):
            body = article(f"第{n}号通知", texts[n % len(texts)])
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(writer.create_warc_record(
                f"https://news.example.cn/yw/t{n}.html", "response", payload=BytesIO(body),
                length=len(body), http_headers=http,
                warc_headers_dict={"Portal-Corpus-Site": site},
            ))  # fmt: skip


def files_outside(root: Path, data_dir: Path) -> list[str]:
    """Return every file under `root` that is not inside the data dir or the Prefect home."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file()
        and data_dir not in p.parents
        and "home" not in p.relative_to(root).parts
        and p.suffix != ".gz"
    )


@pytest.mark.parametrize(
    "bad_site",
    [
        pytest.param("../../escape", id="parent-dirs"),
        pytest.param("{tmp}/abs-escape", id="absolute"),
        pytest.param("a/../../../escape", id="nested"),
        pytest.param("Escape Site", id="not-a-key"),
    ],
)
def test_a_bad_site_header_is_refused_by_import_and_reclean(bad_site: str, tmp_path: Path) -> None:
    site = bad_site.format(tmp=tmp_path)
    data_dir, home = tmp_path / "deep" / "data", tmp_path / "home"
    warc = tmp_path / "hostile.warc.gz"
    write_warc(warc, [GOOD_SITE, site])

    imported = run(["import-warc", str(warc), "--data-dir", str(data_dir)], home)
    assert imported.returncode == 0, imported.stderr
    assert "Traceback" not in imported.stderr
    assert files_outside(tmp_path, data_dir) == []
    assert [r["site"] for r in records(data_dir)] == [GOOD_SITE]
    assert "warc_skipped_site" in imported.stdout  # the refused record is counted by reason

    recleaned = run(["reclean", "--data-dir", str(data_dir)], home)
    assert recleaned.returncode == 0, recleaned.stderr
    assert files_outside(tmp_path, data_dir) == []
    assert [r["site"] for r in records(data_dir)] == [GOOD_SITE]

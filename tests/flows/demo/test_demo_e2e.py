"""The demo end to end: crawl the sample portals through the crawl flow, check the corpus facts."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from flows.demo.portals import Expected, build_portals

MISSING = [
    m
    for m in ("flows.crawl.steps", "flows.crawl.buildpool", "flows.orchestrate.prefect_flows")
    if not importlib.util.find_spec(m)
]
if MISSING:
    pytest.skip(
        f"the demo crawls through {', '.join(MISSING)}, which is not in the package yet",
        allow_module_level=True,
    )

from flows.demo.run import DemoResult, run_demo  # noqa: E402

pytestmark = pytest.mark.slow

DEMO = build_portals()
IDS = [e.slug for e in DEMO.expected]
Corpus = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture(scope="module")
def demo_run(prefect_server: None, tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    """Run the demo once, through the Prefect crawl flow, into a fresh folder."""
    return run_demo(tmp_path_factory.mktemp("demo"), engine="flow", echo=False)


@pytest.fixture(scope="module")
def corpus(demo_run: DemoResult) -> Corpus:
    """Return the corpus records by (site, path)."""
    records: Corpus = {}
    for path in demo_run.corpus_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            parts = urlsplit(record["url"])
            key = (record["site"], parts.path + (f"?{parts.query}" if parts.query else ""))
            assert key not in records, f"written twice: {key}"
            records[key] = record
    return records


def _record(corpus: Corpus, fact: Expected) -> dict[str, Any]:
    """Return the record of a demo article, failing when there is none."""
    record = corpus.get((fact.site, fact.path))
    assert record is not None, f"no record for {fact.site} {fact.path}"
    return record


def test_demo_run_succeeds_and_its_corpus_validates(demo_run: DemoResult) -> None:
    assert demo_run.exit_code == 0
    assert demo_run.problems == ()
    assert demo_run.records == len(DEMO.expected)
    assert demo_run.duplicates == 1


def test_rejected_pages_leave_no_record_and_are_counted(
    demo_run: DemoResult, corpus: Corpus
) -> None:
    for rejected in DEMO.rejected:
        assert (rejected.site, rejected.path) not in corpus, rejected.why
    dropped = [(label, n) for label, n in demo_run.summary.rows if label.startswith(" ") and n]
    assert dropped, "the soft 404 and the topic page should show up as drops"


def test_robots_disallowed_page_is_never_requested(demo_run: DemoResult) -> None:
    for portal in DEMO.portals:
        asked = [h.path for h in demo_run.hits if h.site == portal.key]
        assert asked, portal.key
        for prefix in portal.disallowed:
            assert not [p for p in asked if p.startswith(prefix)]


@pytest.mark.parametrize("fact", DEMO.expected, ids=IDS)
def test_title_date_and_source(corpus: Corpus, fact: Expected) -> None:
    record = _record(corpus, fact)
    assert record["title"] == fact.title
    assert (record["published_at"] or "").startswith(fact.published)
    assert record["published_at"].endswith("+08:00")
    assert record["published_precision"] == fact.precision
    assert record["source"] == fact.source


@pytest.mark.parametrize("fact", DEMO.expected, ids=IDS)
def test_authors_and_editor(corpus: Corpus, fact: Expected) -> None:
    record = _record(corpus, fact)
    assert tuple(record["authors"]) == fact.authors
    assert record["editor"] == fact.editor


@pytest.mark.parametrize("fact", DEMO.expected, ids=IDS)
def test_text_is_clean(corpus: Corpus, fact: Expected) -> None:
    text = _record(corpus, fact)["text"]
    assert fact.check in text
    assert [c for c in fact.chrome if c in text] == []
    assert fact.title not in text.splitlines()
    assert "\ufffd" not in text


def test_republished_story_points_to_the_first_copy(corpus: Corpus) -> None:
    first, second = (corpus[key] for key in DEMO.republished)
    marks = {first["duplicate_of"], second["duplicate_of"]}
    assert marks in ({None, first["id"]}, {None, second["id"]})
    others = [r for k, r in corpus.items() if k not in DEMO.republished]
    assert all(r["duplicate_of"] is None for r in others)


def test_running_again_into_the_same_folder_adds_nothing(tmp_path: Path) -> None:
    first = run_demo(tmp_path, engine="plain", echo=False)
    again = run_demo(tmp_path, engine="plain", echo=False)
    if again.base_urls != first.base_urls:
        pytest.skip("the demo's ports were taken by another program: URLs changed between runs")
    assert first.exit_code == 0
    assert again.exit_code == 0
    assert again.records == first.records == len(DEMO.expected)
    assert again.summary.count("written") == 0
    assert again.problems == ()


# Charsets a record may name for each portal: GBK pages may be read with their superset GB18030.
ENCODINGS = {
    "andun": {"gbk", "gb18030"},
    "hxcb": {"gbk", "gb18030"},
    "tongqu": {"utf-8"},
    "qingluan": {"gbk", "gb18030"},
    "dongyue": {"gb18030"},
}


@pytest.mark.parametrize("site", sorted(ENCODINGS))
def test_records_name_the_charset_that_decoded_them(corpus: Corpus, site: str) -> None:
    encodings = {r["encoding"].lower() for (s, _), r in corpus.items() if s == site}
    assert encodings
    assert encodings <= ENCODINGS[site]


def test_every_record_points_at_its_response_in_the_raw_store(
    demo_run: DemoResult, corpus: Corpus
) -> None:
    for record in corpus.values():
        pointer = record["raw"]
        with (demo_run.data_dir / pointer["file"]).open("rb") as stream:
            stream.seek(pointer["offset"])
            warc = next(iter(ArchiveIterator(stream)))
            assert warc.rec_type == "response"
            assert warc.rec_headers.get_header("WARC-Target-URI") == record["url"]
            assert warc.rec_headers.get_header("Portal-Corpus-Site") == record["site"]
            assert warc.http_headers.get_header("Content-Encoding") is None
            assert warc.content_stream().read().lstrip()[:1] == b"<"  # stored decoded


def test_without_a_data_dir_the_demo_makes_a_fresh_folder_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_demo(engine="plain", echo=False, first_port=0)
    assert result.data_dir.parent == tmp_path
    assert result.data_dir.name.startswith("portal-corpus-demo-")
    assert result.exit_code == 0
    assert (result.data_dir / "clean").is_dir()

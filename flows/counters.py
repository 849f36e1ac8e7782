"""Run counters: every stage counts what it did, and a run ends with one table of them."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping

# The order in which the run table lists the stage counters; drop reasons follow.
ORDER = (
    "discovered",
    "fetched",
    "not_modified",
    "extracted",
    "dropped",
    "duplicates",
    "written",
)
WARC_BYTES = "warc_bytes"  # progress of import-warc and reclean: bytes of the WARC files read


class Counters:
    """Thread-safe named counts, drop counts per (stage, reason), and the sources that failed."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._drops: Counter[tuple[str, str]] = Counter()
        self._found: dict[str, Counter[str]] = {}  # per source: article links by reason taken
        self._refused: dict[str, Counter[str]] = {}  # per source: listing links by reason refused
        self._failed: set[str] = set()
        self._challenged: dict[str, Counter[int]] = {}  # per source: challenges by HTTP status
        self._scripted: dict[str, str] = {}  # per source: a listing with no link in its HTML
        self._progress: Counter[str] = Counter()  # shown while a run goes, not in its table
        self._totals: dict[str, int] = {}  # where each progress ends
        self._lock = threading.Lock()

    def source_failed(self, key: str) -> None:
        """Note a source that could not be crawled at all in this run (and count it)."""
        with self._lock:
            if key not in self._failed:
                self._failed.add(key)
                self._counts["sources_failed"] += 1

    def failed_sources(self) -> list[str]:
        """Return the keys of the sources that failed, sorted."""
        with self._lock:
            return sorted(self._failed)

    def challenged(self, site: str, status: int | None) -> None:
        """Count a page of a source that answered with a JavaScript challenge (and its status)."""
        with self._lock:
            self._challenged.setdefault(site, Counter())[status or 0] += 1
            self._counts["challenged"] += 1

    def challenge_warnings(self) -> list[str]:
        """Return one line per source whose pages answered with a JavaScript challenge."""
        with self._lock:
            counts = {site: Counter(c) for site, c in sorted(self._challenged.items())}
        lines = []
        for site, statuses in counts.items():
            codes = ", ".join(str(code) for code in sorted(statuses))
            lines.append(
                f"source {site!r}: {sum(statuses.values())} pages answered with a JavaScript "
                f"challenge (HTTP {codes}): they need a browser or the site's permission"
            )
        return lines

    def scripted_listing(self, site: str, url: str) -> None:
        """Note a source's listing that holds no article link in its HTML (drawn by script)."""
        with self._lock:
            self._scripted.setdefault(site, url)

    def add(self, name: str, n: int = 1) -> None:
        """Add n to the counter called `name`."""
        with self._lock:
            self._counts[name] += n

    def expect(self, name: str, total: int) -> None:
        """Set where the progress called `name` ends."""
        with self._lock:
            self._totals[name] = total

    def advance(self, name: str, n: int) -> None:
        """Move the progress called `name` on by n (a progress is no row of the run table)."""
        with self._lock:
            self._progress[name] += n

    def progress(self, name: str) -> tuple[int, int | None]:
        """Return how far the progress called `name` is, and where it ends (None: unknown)."""
        with self._lock:
            return self._progress[name], self._totals.get(name)

    def drop(self, stage: str, reason: str, n: int = 1) -> None:
        """Count a dropped document under its stage and reason (and under 'dropped')."""
        with self._lock:
            self._drops[(stage, reason)] += n
            self._counts["dropped"] += n

    def discovery(self, site: str, found: Mapping[str, int], refused: Mapping[str, int]) -> None:
        """Count a source's article links by the reason each was taken, and its refusals."""
        with self._lock:
            self._found.setdefault(site, Counter()).update(found)
            self._refused.setdefault(site, Counter()).update(refused)

    def articles_found(self) -> dict[str, int]:
        """Return how many article links each source's listings gave, per source walked."""
        with self._lock:
            return {site: sum(c.values()) for site, c in sorted(self._found.items())}

    def warnings(self) -> list[str]:
        """Return the lines worth a look: listings read without an article link, challenges."""
        failed = set(self.failed_sources())  # a source that read no listing is reported as failed
        with self._lock:
            scripted = dict(self._scripted)
        return [
            f"articles_found=0 for source {site!r}: "
            + (
                f"listing {scripted[site]} holds no article links in its HTML (its list is "
                "drawn by script)"
                if site in scripted
                else "no article family found on its listings"
            )
            for site, n in self.articles_found().items()
            if n == 0 and site not in failed
        ] + self.challenge_warnings()

    def merge(self, other: Counters) -> None:
        """Add another run's counts into these."""
        failed = other.failed_sources()
        with self._lock:
            self._counts.update(other._counts)
            self._drops.update(other._drops)
            for site, found in other._found.items():
                self._found.setdefault(site, Counter()).update(found)
            for site, refused in other._refused.items():
                self._refused.setdefault(site, Counter()).update(refused)
            for site, url in other._scripted.items():
                self._scripted.setdefault(site, url)
            for site, statuses in other._challenged.items():
                self._challenged.setdefault(site, Counter()).update(statuses)
            self._failed.update(failed)
            if self._failed:  # a source failing in both counts once
                self._counts["sources_failed"] = len(self._failed)

    def get(self, name: str) -> int:
        """Return the count called `name` (0 when never counted)."""
        return self._counts.get(name, 0)

    def drops(self) -> dict[tuple[str, str], int]:
        """Return the drop counts per (stage, reason)."""
        with self._lock:
            return dict(self._drops)

    def rows(self) -> list[tuple[str, int]]:
        """Return (label, count) rows: stage counters in ORDER, then each drop reason."""
        with self._lock:
            rows = [(name, self._counts.get(name, 0)) for name in ORDER]
            extra = sorted(k for k in self._counts if k not in ORDER)
            rows += [(name, self._counts[name]) for name in extra]
            rows += [
                (f"  dropped at {stage}: {reason}", n)
                for (stage, reason), n in sorted(self._drops.items())
            ]
            for site in sorted(self._found):
                rows += self._site_rows(site)
        return rows

    def _site_rows(self, site: str) -> list[tuple[str, int]]:
        """Return a source's discovery rows: articles found, by reason, then refusals."""
        found, refused = self._found[site], self._refused.get(site, Counter())
        rows = [(f"articles_found {site}", sum(found.values()))]
        rows += [(f"  {site} found by {reason}", n) for reason, n in sorted(found.items()) if n]
        rows += [(f"  {site} refused as {reason}", n) for reason, n in sorted(refused.items()) if n]
        return rows

    def as_dict(self) -> dict[str, object]:
        """Return the counts as plain JSON-able data."""
        with self._lock:
            return {
                **{name: self._counts.get(name, 0) for name in ORDER},
                **{k: v for k, v in self._counts.items() if k not in ORDER},
                "dropped_by_reason": {f"{s}:{r}": n for (s, r), n in sorted(self._drops.items())},
                "discovery_by_source": {
                    site: {
                        "found": dict(found),
                        "refused": dict(self._refused.get(site, Counter())),
                    }
                    for site, found in sorted(self._found.items())
                },
            }

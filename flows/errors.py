"""The exceptions of portal-corpus: one small tree.

PortalCorpusError            anything this package raises on purpose
 ├── ConfigError             sources.toml or a command-line value is wrong
 ├── FetchError              a URL could not be fetched (carries .url)
 ├── StoreError              raw/ or clean/ cannot be read or written as expected
 │    ├── WarcDamaged        a WARC file ends in damage (carries .path and .offset)
 │    ├── DiskFull           a write found no space left (carries .path)
 │    └── DataDirBusy        another command is writing to the data dir (exit code 75)
 └── ServerUnavailable       a Prefect server is needed and none answers

The CLI turns each into one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import errno

# what a write raises for want of room: the disk is full, a quota is used up, a file-size limit
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# sqlite3.Error.sqlite_errorname when the database cannot grow, or its WAL index cannot
SQLITE_NO_SPACE = frozenset({"SQLITE_FULL", "SQLITE_IOERR_SHMSIZE"})


class PortalCorpusError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class ConfigError(PortalCorpusError):
    """The configuration or a command-line value is wrong."""

    exit_code = 2


class FetchError(PortalCorpusError):
    """A URL could not be fetched."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class StoreError(PortalCorpusError):
    """The raw store or the corpus cannot be read or written as expected."""


class WarcDamaged(StoreError):
    """A WARC file is truncated or damaged after some good records."""

    def __init__(self, message: str, *, path: str, offset: int) -> None:
        super().__init__(message)
        self.path = path
        self.offset = offset


class DiskFull(StoreError):
    """A write found no space left on the device (or over a quota or file-size limit)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no space left on device while writing {path}")
        self.path = path


def is_no_space(exc: BaseException) -> bool:
    """Tell whether an exception says a write found no room (OSError or SQLite's own)."""
    if isinstance(exc, OSError):
        return exc.errno in NO_SPACE_ERRNOS
    return getattr(exc, "sqlite_errorname", None) in SQLITE_NO_SPACE


class DataDirBusy(StoreError):
    """Another process holds the data dir's writer lock."""

    exit_code = 75  # EX_TEMPFAIL (sysexits.h): a scheduler may simply try again later


class ServerUnavailable(PortalCorpusError):
    """A command needs a Prefect server and none answers."""

"""Turn an error raised deep inside a run into the one line a user reads, and its exit code.

A store error or a full disk often reaches the command line wrapped: in the ExceptionGroup of
a task group, or as the cause of another error raised while closing files. The chain is
searched for the first error of this package, else for a write that found no room.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from flows.errors import PortalCorpusError, is_no_space
from flows.store.state import STATE_FILE

DATA_DIR_OPTION = "--data-dir"
NO_SPACE_EXIT = 1


def chain(exc: BaseException) -> Iterator[BaseException]:
    """Yield an exception, the members of its groups, and what each was raised from or during."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [e for e in (current.__context__, current.__cause__) if e is not None]
        members = list(current.exceptions) if isinstance(current, BaseExceptionGroup) else []
        stack.extend(reversed([*members, *linked]))


def known_error(exc: BaseException, args: Sequence[str]) -> tuple[str, int] | None:
    """Return the line and exit code for an error the user can act on, None for a bug."""
    found = list(chain(exc))
    for error in found:
        if isinstance(error, PortalCorpusError):
            return str(error), error.exit_code
    for error in found:
        if is_no_space(error):
            return f"no space left on device while writing {_written(error, args)}", NO_SPACE_EXIT
    return None


def _written(error: BaseException, args: Sequence[str]) -> str:
    """Name what a failed write was writing: its file, else the state database of the run."""
    if isinstance(error, OSError) and error.filename:
        return str(error.filename)
    return str(_data_dir(args) / STATE_FILE)


def _data_dir(args: Sequence[str]) -> Path:
    """Return the data dir the command line names (the current folder by default)."""
    for n, arg in enumerate(args):
        if arg == DATA_DIR_OPTION and n + 1 < len(args):
            return Path(args[n + 1])
        if arg.startswith(DATA_DIR_OPTION + "="):
            return Path(arg.split("=", 1)[1])
    return Path()

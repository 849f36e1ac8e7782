"""Check and parse command-line values before any work starts: one ConfigError per problem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.errors import ConfigError

if TYPE_CHECKING:
    from typer._click.core import Command as TyperCommand

    from flows.config import Config
    from flows.export.selection import Selection

PAGE_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")  # "--pages 1-20", both ends included
DASK_ADDRESS = re.compile(r"^(tcp|tls|inproc|ucx)://\S+$")  # a scheduler address dask accepts


@dataclass(frozen=True, slots=True)
class RunnerChoice:
    """Where the records are built: local worker processes (threads), or a Dask cluster."""

    kind: str
    address: str | None
    workers: int | None

    @property
    def dask(self) -> bool:
        """Tell whether the records are built on Dask (a LocalCluster without an address)."""
        return self.kind == "dask"


def runner_choice(kind: str, address: str | None, workers: int | None) -> RunnerChoice:
    """Check the task-runner options."""
    if kind not in ("threads", "dask"):
        raise ConfigError(f"--task-runner {kind!r}: choose threads or dask")
    if address is not None and kind != "dask":
        raise ConfigError("--dask-address needs --task-runner dask")
    if address is not None and not DASK_ADDRESS.match(address):
        raise ConfigError(f"--dask-address {address!r}: expected tcp://host:port")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: must be at least 1")
    return RunnerChoice(kind, address, workers)


def backfill_plan(
    site: str | None, pages: str | None, since: str | None, until: str | None, urls: Path | None
) -> dict[str, Any]:
    """Check that exactly one backfill mode is given and parse it."""
    given = (("--pages", pages), ("--since/--until", since or until), ("--urls", urls))
    modes = [name for name, value in given if value]
    if len(modes) != 1:
        got = " and ".join(modes) if modes else "none"
        raise ConfigError(f"backfill needs one of --pages, --since/--until, --urls (got {got})")
    if urls is not None:
        if not urls.is_file():
            raise ConfigError(f"--urls {urls}: no such file")
        return {"urls": urls}
    if site is None:
        raise ConfigError("backfill by --pages or dates needs --site KEY")
    if pages is not None:
        return {"pages": _page_range(pages)}
    return {"dates": _date_range(since, until)}


def export_selection(
    sites: Sequence[str], since: str | None, until: str | None, originals_only: bool
) -> Selection:
    """Check the export's --site, --since and --until values and return its selection."""
    from flows.config import SOURCE_KEY  # pydantic: loaded by the commands that need it
    from flows.export.selection import Selection

    for key in sites:
        if not SOURCE_KEY.match(key):
            raise ConfigError(f"--site {key!r}: not a site key (a-z, 0-9, _ and -)")
    first = _day("--since", since) if since is not None else None
    last = _day("--until", until) if until is not None else None
    if first is not None and last is not None and last < first:
        raise ConfigError(f"--since {since} is after --until {until}")
    return Selection(frozenset(sites), first, last, originals_only)


def _page_range(text: str) -> tuple[int, int]:
    """Parse "A-B" into a range of listing pages."""
    match = PAGE_RANGE.match(text)
    if not match:
        raise ConfigError(f"--pages {text!r}: expected A-B, e.g. 1-20")
    first, last = int(match[1]), int(match[2])
    if first < 1 or last < first:
        raise ConfigError(f"--pages {text!r}: need 1 <= A <= B")
    return first, last


def _date_range(since: str | None, until: str | None) -> tuple[date, date]:
    """Parse --since and --until into two days, both included."""
    if since is None or until is None:
        raise ConfigError("--since and --until go together")
    first, last = _day("--since", since), _day("--until", until)
    if last < first:
        raise ConfigError(f"--since {since} is after --until {until}")
    return first, last


def _day(option: str, text: str) -> date:
    """Parse one YYYY-MM-DD day."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{option} {text!r}: expected a day as YYYY-MM-DD") from None


def load_sources(path: Path, sites: Sequence[str]) -> Config:
    """Load the sources file and check the asked sources exist."""
    from flows.config import load_config  # pydantic: only for the commands that need it

    config = load_config(path)
    for key in sites:
        config.get(key)
    if not config.source:
        raise ConfigError(f"{path}: no [[source]] tables")
    return config


def data_dir_check(value: Path | None) -> Path | None:
    """Refuse a --data-dir that is a file, or lies under one (a typer callback)."""
    if value is None:
        return None
    for folder in (value, *value.parents):
        if folder.exists():
            if not folder.is_dir():
                where = "a file" if folder == value else f"under the file {folder}"
                raise ConfigError(f"--data-dir {value}: {where}, not a folder")
            break
    return value


def require_paths(paths: Sequence[Path], *, kind: str, files_only: bool) -> None:
    """Fail on the first path that is missing (or not a file when files are needed)."""
    for path in paths:
        if not path.exists():
            raise ConfigError(f"{path}: no such {kind}")
        if files_only and not path.is_file():
            raise ConfigError(f"{path}: not a file")


def hide_flag_types(command: TyperCommand) -> TyperCommand:
    """Show flags without a value type in --help (a flag takes no value: `<bool>` misleads)."""
    from typer._click.core import Context
    from typer.core import TyperGroup

    context = Context(command, info_name=command.name)
    help_option = command.get_help_option(context)
    for param in [*command.params, *([help_option] if help_option else [])]:
        if getattr(param, "is_flag", False):
            param.metavar = ""
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            hide_flag_types(sub)
    return command

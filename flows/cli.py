"""The `portal-corpus` command line: parse, check the input, hand over to a flow or a report.

Every command imports what it needs inside its body, so `validate` and `stats` never load
Prefect, and a flow command starts the Prefect server while it loads the rest.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flows.errors import ConfigError, PortalCorpusError

if TYPE_CHECKING:
    from flows.config import Config
    from flows.embedded import EmbeddedServer

PROG = "portal-corpus"
USAGE_EXIT = 2  # what click and the errors tree use for a wrong command line or config
INTERRUPTED_EXIT = 130  # the shell's code for a run stopped by Ctrl-C
PAGE_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")  # "--pages 1-20", both ends included
PREFECT_QUIET = {
    # Prefect's console handler shows warnings only; the run logger still sends INFO to the API.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    # an offline corpus tool sends no usage reports
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # a slow machine may need longer than the default 20 s to boot the embedded server
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}
# imported on the main thread while the Prefect server boots on another core
CRAWL_MODULES = ("flows.crawl", "cleaners.article")
IMPORT_MODULES = ("flows.rebuild", "cleaners.article")

app = typer.Typer(
    name=PROG,
    help="Crawl Chinese news and government portals into a clean JSONL corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataDir = Annotated[
    Path, typer.Option("--data-dir", help="Folder holding raw/, clean/ and the state database.")
]
ConfigFile = Annotated[Path, typer.Option("--config", help="The sources file.")]


@app.command()
def demo(data_dir: DataDir = Path(".")) -> None:
    """Serve the bundled sample portals on 127.0.0.1, crawl them and print a report."""
    _quiet_prefect()
    from flows.demo.run import run_demo

    _exit(run_demo(data_dir))


@app.command()
def crawl(
    config: ConfigFile = Path("sources.toml"),
    data_dir: DataDir = Path("."),
    site: Annotated[
        list[str] | None, typer.Option("--site", help="Crawl only this source (repeatable).")
    ] = None,
    revalidate: Annotated[
        bool, typer.Option("--revalidate", help="Re-ask for known articles (conditional GET).")
    ] = False,
    task_runner: Annotated[str, typer.Option("--task-runner", help="threads or dask.")] = "threads",
    dask_address: Annotated[
        str | None, typer.Option("--dask-address", help="tcp://host:port of a Dask scheduler.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Extraction processes (default: all cores).")
    ] = None,
) -> None:
    """Fetch the new and changed articles of each source."""
    runner = _runner_choice(task_runner, dask_address, workers)
    loaded = _load(config, site or ())
    server = _start_prefect(*CRAWL_MODULES)
    from flows.flows import crawl_flow
    from flows.report import run_with_progress

    server.wait()
    summary = run_with_progress(
        "crawl",
        lambda counters: crawl_flow.with_options(task_runner=runner.build())(
            loaded,
            data_dir,
            sites=tuple(site or ()),
            revalidate=revalidate,
            workers=runner.workers,
            counters=counters,
        ),
    )
    _exit(summary)


@app.command()
def backfill(
    site: Annotated[str | None, typer.Option("--site", help="The source to backfill.")] = None,
    pages: Annotated[
        str | None, typer.Option("--pages", help="Listing pages A-B, e.g. 1-50.")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD.")] = None,
    urls: Annotated[
        Path | None, typer.Option("--urls", help="A file of article URLs, one per line.")
    ] = None,
    config: ConfigFile = Path("sources.toml"),
    data_dir: DataDir = Path("."),
    workers: Annotated[
        int | None, typer.Option("--workers", help="Extraction processes (default: all cores).")
    ] = None,
) -> None:
    """Fetch a source's older articles: by listing pages, by dates, or from a list of URLs."""
    plan = _backfill_plan(site, pages, since, until, urls)
    loaded = _load(config, (site,) if site else ())
    server = _start_prefect(*CRAWL_MODULES)
    from flows.flows import backfill_flow
    from flows.report import run_with_progress

    server.wait()
    summary = run_with_progress(
        "backfill",
        lambda counters: backfill_flow(
            loaded, data_dir, site=site, workers=workers, counters=counters, **plan
        ),
    )
    _exit(summary)


@app.command("import-warc")
def import_warc(
    files: Annotated[list[Path], typer.Argument(help="WARC files (.warc or .warc.gz).")],
    data_dir: DataDir = Path("."),
    config: Annotated[
        Path | None, typer.Option("--config", help="Sources file for site rules (optional).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Extraction processes (default: all cores).")
    ] = None,
    task_runner: Annotated[str, typer.Option("--task-runner", help="threads or dask.")] = "threads",
    dask_address: Annotated[
        str | None, typer.Option("--dask-address", help="tcp://host:port of a Dask scheduler.")
    ] = None,
) -> None:
    """Add the articles of existing WARC files to the corpus."""
    runner = _runner_choice(task_runner, dask_address, workers)
    _existing(files, kind="WARC file", files_only=True)
    loaded = _load(config, ()) if config is not None else None
    server = _start_prefect(*IMPORT_MODULES)
    from flows.flows import import_warc_flow
    from flows.report import run_with_progress

    server.wait()
    summary = run_with_progress(
        "import-warc",
        lambda counters: import_warc_flow.with_options(task_runner=runner.build())(
            tuple(files), data_dir, workers=workers, counters=counters, config=loaded
        ),
    )
    _exit(summary)


@app.command("import-text")
def import_text(
    paths: Annotated[list[Path], typer.Argument(help="Text files, or folders of .txt files.")],
    data_dir: DataDir = Path("."),
) -> None:
    """Clean already-extracted text dumps into the corpus."""
    _existing(paths, kind="path", files_only=False)
    server = _start_prefect(*IMPORT_MODULES)
    from flows.flows import import_text_flow
    from flows.report import run_with_progress

    server.wait()
    summary = run_with_progress(
        "import-text",
        lambda counters: import_text_flow(tuple(paths), data_dir, counters=counters),
    )
    _exit(summary)


@app.command()
def reclean(
    data_dir: DataDir = Path("."),
    config: Annotated[
        Path | None, typer.Option("--config", help="Sources file for site rules (optional).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Extraction processes (default: all cores).")
    ] = None,
) -> None:
    """Rebuild clean/ from raw/ without touching the network."""
    if not (data_dir / "raw").is_dir():
        raise ConfigError(f"{data_dir}: no raw/ folder to rebuild from")
    loaded = _load(config, ()) if config is not None else None
    server = _start_prefect(*IMPORT_MODULES)
    from flows.flows import reclean_flow
    from flows.report import run_with_progress

    server.wait()
    summary = run_with_progress(
        "reclean",
        lambda counters: reclean_flow(data_dir, config=loaded, workers=workers, counters=counters),
    )
    _exit(summary)


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A JSONL file or a folder of them.")] = Path("clean"),
) -> None:
    """Check a corpus against the record schema."""
    if not path.exists():
        raise ConfigError(f"{path}: no such file or folder")
    from flows.validate import run_validate

    _exit(run_validate(path))


@app.command()
def serve(
    config: ConfigFile = Path("sources.toml"),
    data_dir: DataDir = Path("."),
) -> None:
    """Create one Prefect deployment per source with its cron schedule, and serve them."""
    loaded = _load(config, ())
    _quiet_prefect(console="INFO")
    from flows.serve import serve_sources

    serve_sources(loaded, config_path=config.resolve(), data_dir=data_dir.resolve())


@app.command()
def stats(
    data_dir: DataDir = Path("."),
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw records per month to a PNG.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Show what the corpus holds, per source and month."""
    if plot is not None and plot.suffix.lower() != ".png":
        raise ConfigError(f"--plot {plot}: the file name must end in .png")
    from flows.stats import run_stats

    _exit(run_stats(data_dir, plot=plot, as_json=as_json))


class _Runner:
    """The task runner asked for on the command line, built once Prefect is imported."""

    def __init__(self, kind: str, address: str | None, workers: int | None) -> None:
        self.kind = kind
        self.address = address
        self.workers = workers

    def build(self) -> Any:
        """Return the Prefect task runner."""
        from flows.runners import make_task_runner

        return make_task_runner(self.kind, address=self.address, workers=self.workers)


def _runner_choice(kind: str, address: str | None, workers: int | None) -> _Runner:
    """Check the task-runner options."""
    if kind not in ("threads", "dask"):
        raise ConfigError(f"--task-runner {kind!r}: choose threads or dask")
    if address is not None and kind != "dask":
        raise ConfigError("--dask-address needs --task-runner dask")
    if address is not None and not re.match(r"^(tcp|tls|inproc|ucx)://\S+$", address):
        raise ConfigError(f"--dask-address {address!r}: expected tcp://host:port")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: must be at least 1")
    return _Runner(kind, address, workers)


def _backfill_plan(
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


def _load(path: Path, sites: Sequence[str]) -> Config:
    """Load the sources file and check the asked sources exist."""
    from flows.config import load_config

    config = load_config(path)
    for key in sites:
        config.get(key)
    if not config.source:
        raise ConfigError(f"{path}: no [[source]] tables")
    return config


def _existing(paths: Sequence[Path], *, kind: str, files_only: bool) -> None:
    """Fail on the first path that is missing (or not a file when files are needed)."""
    for path in paths:
        if not path.exists():
            raise ConfigError(f"{path}: no such {kind}")
        if files_only and not path.is_file():
            raise ConfigError(f"{path}: not a file")


def _quiet_prefect(console: str = "WARNING") -> None:
    """Set Prefect's logging defaults before it is imported; the user's settings win."""
    for name, value in PREFECT_QUIET.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", console)


def _start_prefect(*preload: str) -> _ServerStart:
    """Start the Prefect server in the background; meanwhile import the command's modules
    and start the extraction workers' fork server (it imports the cleaners on the other core).
    """
    _quiet_prefect()
    from flows.embedded import spawn_server

    server = _ServerStart(spawn_server())
    for module in preload:
        importlib.import_module(module)
    _warm_workers()
    return server


def _warm_workers() -> None:
    """Start the fork server of the extraction workers, with the cleaners loaded."""
    import multiprocessing
    from multiprocessing import forkserver

    from flows.process import MP_CONTEXT, PRELOAD

    if MP_CONTEXT == "forkserver":
        multiprocessing.get_context(MP_CONTEXT).set_forkserver_preload(list(PRELOAD))
        forkserver.ensure_running()


class _ServerStart:
    """Import Prefect and boot its embedded server on a thread while the command loads."""

    def __init__(self, spawned: EmbeddedServer | None) -> None:
        import threading

        self._spawned = spawned
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="prefect-start", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from flows.runners import start_server

            start_server(self._spawned)
        except BaseException as exc:  # handed to the main thread by wait()
            self._error = exc

    def wait(self) -> None:
        """Block until the server answers; re-raise what went wrong."""
        self._thread.join()
        if self._error is not None:
            raise self._error


def _exit(result: object) -> None:
    """Exit with the code a runner returned (an int, or a summary with .exit_code)."""
    for problem in getattr(result, "problems", ()):
        print(f"{PROG}: error: {problem}", file=sys.stderr)
    code = result if isinstance(result, int) else getattr(result, "exit_code", 0)
    if code:
        raise typer.Exit(int(code))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; print known errors as one line and return the exit code."""
    from typer._click.exceptions import ClickException
    from typer.main import get_command

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = get_command(app).main(args=args, prog_name=PROG, standalone_mode=False)
    except PortalCorpusError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ClickException as exc:
        where = exc.ctx.command_path if getattr(exc, "ctx", None) else PROG  # type: ignore[attr-defined]
        if exc.format_message():  # empty when the help was shown for a bare command
            print(f"{where}: error: {exc.format_message()} (see --help)", file=sys.stderr)
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        print(f"{PROG}: interrupted; everything written so far is kept", file=sys.stderr)
        return INTERRUPTED_EXIT
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The `portal-corpus` command line: parse, check the input, hand over to a flow or a report.

Every command imports what it needs inside its body; the commands that write to the data dir
hand over to `flows.cli.launch`, which runs them plainly or as a Prefect flow run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from flows.cli.args import (
    backfill_plan,
    data_dir_check,
    export_selection,
    hide_flag_types,
    load_sources,
    require_paths,
    runner_choice,
)
from flows.cli.launch import PROG, exit_with, quiet_prefect, run_command
from flows.errors import ConfigError, PortalCorpusError
from flows.orchestrate.cluster import LOCAL_DASK_WORKERS

LOCAL_WORKERS = f"{LOCAL_DASK_WORKERS} workers"  # said in --help: a LocalCluster's size

INTERRUPTED_EXIT = 130  # the shell's code for a run stopped by Ctrl-C
# imported while Prefect starts; the cleaners load in the workers' fork server, not here
CRAWL_MODULES = ("flows.orchestrate.crawldriver",)
IMPORT_MODULES = ("flows.crawl.imports",)

app = typer.Typer(
    name=PROG,
    help="Crawl Chinese news and government portals into a clean JSONL corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        help="Folder holding raw/, clean/ and the state database.",
        callback=data_dir_check,
    ),
]
ConfigFile = Annotated[Path, typer.Option("--config", help="The sources file.")]
RulesFile = Annotated[
    Path | None, typer.Option("--config", help="Sources file for site rules (optional).")
]
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help=f"Extraction processes (default: all cores; a local Dask cluster: {LOCAL_WORKERS}).",
    ),
]
TaskRunner = Annotated[str, typer.Option("--task-runner", help="threads or dask.")]
Wait = Annotated[
    bool, typer.Option("--wait", help="Queue behind a command already writing to the data dir.")
]
DaskAddress = Annotated[
    str | None, typer.Option("--dask-address", help="tcp://host:port of a Dask scheduler.")
]


@app.command()
def demo(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Where to write the corpus (default: a fresh folder).",
            callback=data_dir_check,
        ),
    ] = None,
) -> None:
    """Serve the bundled sample portals on 127.0.0.1, crawl them and print a report."""
    from flows.demo.run import run_demo
    from flows.orchestrate.embedded import configured_api_url

    if configured_api_url():  # a flow run on the configured server; else no Prefect at all
        quiet_prefect()
        exit_with(run_demo(data_dir, engine="flow"))
    else:
        exit_with(run_demo(data_dir, engine="plain"))


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
    task_runner: TaskRunner = "threads",
    dask_address: DaskAddress = None,
    workers: Workers = None,
    wait: Wait = False,
) -> None:
    """Fetch the new and changed articles of each source."""
    runner = runner_choice(task_runner, dask_address, workers)
    loaded = load_sources(config, site or ())
    run_command(
        "crawl", CRAWL_MODULES, (data_dir, wait), loaded, data_dir, sites=tuple(site or ()),
        revalidate=revalidate, workers=runner.workers, dask=runner.dask,
        dask_address=runner.address,
    )  # fmt: skip


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
    workers: Workers = None,
    wait: Wait = False,
) -> None:
    """Fetch a source's older articles: by listing pages, by dates, or from a list of URLs."""
    plan = backfill_plan(site, pages, since, until, urls)
    loaded = load_sources(config, (site,) if site else ())
    run_command(
        "backfill", CRAWL_MODULES, (data_dir, wait), loaded, data_dir, site=site,
        workers=workers, **plan,
    )  # fmt: skip


@app.command("import-warc")
def import_warc(
    files: Annotated[list[Path], typer.Argument(help="WARC files (.warc or .warc.gz).")],
    data_dir: DataDir = Path("."),
    config: RulesFile = None,
    workers: Workers = None,
    task_runner: TaskRunner = "threads",
    dask_address: DaskAddress = None,
    wait: Wait = False,
) -> None:
    """Add the articles of existing WARC files to the corpus."""
    runner = runner_choice(task_runner, dask_address, workers)
    require_paths(files, kind="WARC file", files_only=True)
    loaded = load_sources(config, ()) if config is not None else None
    run_command(
        "import-warc", IMPORT_MODULES, (data_dir, wait), tuple(files), data_dir,
        workers=runner.workers, config=loaded, dask=runner.dask, dask_address=runner.address,
    )  # fmt: skip


@app.command("import-text")
def import_text(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Text files, JSONL files with a text field, or folders of them."),
    ],
    data_dir: DataDir = Path("."),
    wait: Wait = False,
) -> None:
    """Clean already-extracted text dumps into the corpus."""
    require_paths(paths, kind="path", files_only=False)
    run_command("import-text", IMPORT_MODULES, (data_dir, wait), tuple(paths), data_dir)


@app.command()
def reclean(
    data_dir: DataDir = Path("."),
    config: RulesFile = None,
    workers: Workers = None,
    task_runner: TaskRunner = "threads",
    dask_address: DaskAddress = None,
    wait: Wait = False,
) -> None:
    """Rebuild clean/ from raw/ without touching the network."""
    runner = runner_choice(task_runner, dask_address, workers)
    if not (data_dir / "raw").is_dir():
        raise ConfigError(f"{data_dir}: no raw/ folder to rebuild from")
    loaded = load_sources(config, ()) if config is not None else None
    run_command(
        "reclean", IMPORT_MODULES, (data_dir, wait), data_dir, config=loaded,
        workers=runner.workers, dask=runner.dask, dask_address=runner.address,
    )  # fmt: skip


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A JSONL file or a folder of them.")] = Path("clean"),
) -> None:
    """Check a corpus against the record schema."""
    if not path.exists():
        raise ConfigError(f"{path}: no such file or folder")
    from flows.inspect.validate import run_validate

    exit_with(run_validate(path))


@app.command()
def serve(
    config: ConfigFile = Path("sources.toml"),
    data_dir: DataDir = Path("."),
) -> None:
    """Create one Prefect deployment per source with its cron schedule, and serve them."""
    loaded = load_sources(config, ())
    quiet_prefect(console="INFO")
    from flows.orchestrate.serve import serve_sources

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
    from flows.inspect.stats_report import run_stats

    exit_with(run_stats(data_dir, plot=plot, as_json=as_json))


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", help="parquet (a dataset by site) or jsonl (one file).")
    ],
    data_dir: DataDir = Path("."),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder (parquet) or file (jsonl), replaced whole "
            "(default: corpus_parquet or corpus.jsonl).",
        ),
    ] = None,
    site: Annotated[
        list[str] | None, typer.Option("--site", help="Export only this source (repeatable).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="First publication day, YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last publication day, YYYY-MM-DD.")
    ] = None,
    originals_only: Annotated[
        bool, typer.Option("--originals-only", help="Leave out records with duplicate_of.")
    ] = False,
) -> None:
    """Write the corpus as a typed Parquet dataset or one JSONL file, for analysis tools."""
    selection = export_selection(site or (), since, until, originals_only)
    from flows.export.run import DEFAULT_OUT, check_request, run_export

    target = out if out is not None else DEFAULT_OUT.get(fmt, Path(fmt))
    check_request(data_dir, fmt, target, selection)
    exit_with(run_export(data_dir, fmt, target, selection))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; print known errors as one line and return the exit code."""
    from typer._click.exceptions import ClickException
    from typer.main import get_command

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        command = hide_flag_types(get_command(app))
        code = command.main(args=args, prog_name=PROG, standalone_mode=False)
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
    except Exception as exc:  # wrapped in a task group, or raised while closing files
        from flows.cli.failure import known_error

        known = known_error(exc, args)
        if known is None:
            raise
        print(f"{PROG}: error: {known[0]}", file=sys.stderr)
        return known[1]
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())

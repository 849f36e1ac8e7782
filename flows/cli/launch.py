"""Run a checked command: hold the data dir, warm the workers, go through Prefect if configured.

With a Prefect API configured (PREFECT_API_URL, or the active profile's), a command is a flow
run there, with its task runs and artifacts; without one it runs the same plain steps and never
imports Prefect. The runner's result becomes the exit code and its warnings lines on stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from pathlib import Path

    from flows.store.datalock import Holder

PROG = "portal-corpus"
PREFECT_QUIET = {
    # Prefect's console handler shows warnings only; the run logger still sends INFO to the API.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    # an offline corpus tool sends no usage reports
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def run_command(
    command: str, preload: Sequence[str], writes: tuple[Path, bool], *args: object,
    **kwargs: object,
) -> None:  # fmt: skip
    """Take the data dir (`writes`: the dir, and whether to wait for it), then run a command
    with progress bars and its table: a Prefect flow run when an API is configured, else the
    same plain steps without Prefect."""
    from flows.store.datalock import DataDirLock

    data_dir, wait = writes
    with DataDirLock(data_dir, wait=wait, on_wait=_say_waiting):
        _run_locked(command, preload, *args, **kwargs)


def _say_waiting(holder: Holder) -> None:
    """Tell the user whose run this one queues behind."""
    print(f"{PROG}: waiting for {holder.describe()} to finish", file=sys.stderr)


def _run_locked(command: str, preload: Sequence[str], *args: object, **kwargs: object) -> None:
    """Run a command as it is, or as a flow run when an API is configured (the data dir held)."""
    from flows.orchestrate import commands
    from flows.orchestrate.embedded import configured_api_url

    if not kwargs.get("dask"):
        _warm_workers()  # first: the fork server loads the cleaners on the other core meanwhile
    if kwargs.get("dask_address"):  # before any work: a scheduler that is down is one line
        from flows.orchestrate.cluster import check_scheduler

        check_scheduler(str(kwargs["dask_address"]))
    call: Callable[..., object] = getattr(commands, command.replace("-", "_"))
    if configured_api_url():
        call = _as_flow_run(call, _PrefectStart(), preload)
    from flows.orchestrate.report import run_with_progress

    exit_with(run_with_progress(command, lambda counters: call(*args, counters=counters, **kwargs)))


def _as_flow_run(
    command: Callable[..., object], prefect: _PrefectStart, preload: Sequence[str]
) -> Callable[..., object]:
    """Load the command's modules while Prefect loads; return it as a flow on the thread runner."""
    for module in preload:
        importlib.import_module(module)
    prefect_flows = importlib.import_module("flows.orchestrate.prefect_flows")
    from flows.orchestrate.runners import make_task_runner

    prefect.wait()
    flow = prefect_flows.as_flow(command)
    return flow.with_options(task_runner=make_task_runner())  # type: ignore[no-any-return]


def quiet_prefect(console: str = "WARNING") -> None:
    """Set Prefect's logging defaults before it is imported; the user's settings win."""
    for name, value in PREFECT_QUIET.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", console)


def _warm_workers() -> None:
    """Start the fork server of the extraction workers, with the cleaners loaded."""
    from multiprocessing import forkserver

    from flows.crawl.buildpool import MP_CONTEXT, prepare_forkserver

    if MP_CONTEXT == "forkserver":
        prepare_forkserver()
        forkserver.ensure_running()


class _PrefectStart:
    """Import Prefect and check the configured server on a thread while the command loads."""

    def __init__(self) -> None:
        import threading

        quiet_prefect()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="prefect-start", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            from flows.orchestrate.runners import start_server

            start_server()
        except BaseException as exc:  # handed to the main thread by wait()
            self._error = exc

    def wait(self) -> None:
        """Block until the server answers; re-raise what went wrong."""
        self._thread.join()
        if self._error is not None:
            raise self._error


def exit_with(result: object) -> None:
    """Exit with the code a runner returned (an int, or a summary with .exit_code)."""
    for warning in getattr(result, "warnings", ()):
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    for problem in getattr(result, "problems", ()):
        print(f"{PROG}: error: {problem}", file=sys.stderr)
    code = result if isinstance(result, int) else getattr(result, "exit_code", 0)
    if code:
        raise typer.Exit(int(code))

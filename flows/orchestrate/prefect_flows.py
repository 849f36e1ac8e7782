"""The commands as Prefect flows: the same drivers, their steps run as task runs.

`as_flow` makes any command of commands.py a flow; its PrefectExecutor runs each step the
driver hands it as a task run (a batch: a source's discovery, a few dozen URLs, one WARC
file; never one page, so Prefect's cost per task run stays a small share of the work). Only
network steps retry. Each run ends with a table artifact of its counts and a markdown artifact
of its rejects by reason. The tasks run on threads in this process; the records are built by
the run's pool, as on the plain path.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from prefect import Flow, Task, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.counters import Counters
from flows.orchestrate import commands
from flows.orchestrate.report import (
    RunFailed,
    RunSummary,
    artifact_rows,
    rejects_markdown,
    summarize,
)

P = ParamSpec("P")
T = TypeVar("T")

IO_RETRIES = 2  # network steps only: a listing or batch fetch that failed as a whole
IO_RETRY_DELAYS_S = [10.0, 60.0]  # give a struggling host time before the next try
EXECUTOR_PARAMETER = "executor"  # a command's executor: chosen by as_flow, not a flow parameter


def _opaque(value: T) -> T:
    """Hand a value to a task as it is: Prefect neither walks nor hashes it."""
    return cast(T, quote(value))


def finish(command: str, counters: Counters, problems: Sequence[str] = ()) -> RunSummary:
    """Publish a run's counts and rejects as artifacts and log them; return its summary.

    A run with problems (a damaged file, a page whose worker died) raises RunFailed after
    that, so its flow run ends Failed while the command still shows its table.
    """
    key = command.replace("_", "-")
    create_table_artifact(
        table=artifact_rows(counters), key=f"{key}-counts", description=f"Counts of {command}"
    )
    create_markdown_artifact(
        markdown=rejects_markdown(command, counters),
        key=f"{key}-rejects",
        description=f"Rejects of {command} by reason",
    )
    summary = summarize(command, counters, problems=problems)
    logger = get_run_logger()
    logger.info("%s: %s", command, ", ".join(f"{k.strip()} {n}" for k, n in summary.rows))
    for problem in (*summary.warnings, *summary.problems):
        logger.warning("%s", problem)
    if summary.problems:
        raise RunFailed(summary)
    return summary


class PrefectExecutor:
    """Run each step as a task run of the current flow run; network steps retry."""

    def __init__(self) -> None:
        self._tasks: dict[tuple[Callable[..., Any], bool], Task[Any, Any]] = {}

    def _task(self, step: Callable[..., Any], *, retried: bool = False) -> Task[Any, Any]:
        """Return the task that runs a step, named after it."""
        key = (step, retried)
        if key not in self._tasks:
            self._tasks[key] = task(
                name=step.__name__.strip("_").replace("_", "-"),
                cache_policy=NO_CACHE,
                retries=IO_RETRIES if retried else 0,
                retry_delay_seconds=IO_RETRY_DELAYS_S if retried else None,
            )(step)
        return self._tasks[key]

    async def run_io(
        self, step: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a network step as a retried task."""
        call = self._task(step, retried=True)
        return cast(T, await call(*_quoted(args), **_quoted_kw(kwargs)))

    async def run_in_thread(self, step: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Submit a blocking step to the flow's task runner; wait for it off the event loop."""
        future = self._task(step).submit(*_quoted(args), **_quoted_kw(kwargs))
        return cast(T, await asyncio.to_thread(future.result))

    def run(self, step: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking step as a task."""
        return cast(T, self._task(step)(*_quoted(args), **_quoted_kw(kwargs)))

    def note(self, message: str) -> None:
        """Send the message to the flow run's log."""
        get_run_logger().info("%s", message)

    def finish(self, command: str, counters: Counters, problems: Sequence[str] = ()) -> RunSummary:
        """Publish the run's artifacts; return its summary, or fail the flow run."""
        return finish(command, counters, problems)


def _quoted(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_opaque(a) for a in args)


def _quoted_kw(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: _opaque(v) for k, v in kwargs.items()}


def as_flow(command: Callable[..., RunSummary]) -> Flow[..., RunSummary]:
    """Return a command as a flow: the same driver, each of its steps a task run."""

    def run(*args: Any, **kwargs: Any) -> RunSummary:
        return command(*args, executor=PrefectExecutor(), **kwargs)

    signature = inspect.signature(command)
    shown = [p for p in signature.parameters.values() if p.name != EXECUTOR_PARAMETER]
    run.__signature__ = signature.replace(parameters=shown)  # type: ignore[attr-defined]
    run.__name__ = run.__qualname__ = f"{command.__name__}_flow"
    run.__doc__ = command.__doc__
    return flow(name=command.__name__.replace("_", "-"), validate_parameters=False)(run)


crawl_flow = as_flow(commands.crawl)
backfill_flow = as_flow(commands.backfill)
import_warc_flow = as_flow(commands.import_warc)
import_text_flow = as_flow(commands.import_text)
reclean_flow = as_flow(commands.reclean)


@flow(name="scheduled-crawl")
def scheduled_crawl(config_path: str, data_dir: str, sites: list[str]) -> None:
    """Load the sources file and crawl the given sources: what a deployment runs on schedule."""
    from flows.config import load_config

    crawl_flow(load_config(Path(config_path)), Path(data_dir), sites=tuple(sites))

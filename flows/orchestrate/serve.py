"""Scheduled crawls: one Prefect deployment per source, on its cron in its time zone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from flows.config import Config, Source
from flows.errors import ServerUnavailable

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

DEPLOYMENT_PREFIX = "crawl-"  # deployment names: crawl-<source key>
TAGS = ("portal-corpus",)
NO_SERVER = (
    "portal-corpus serve needs a running Prefect server, and PREFECT_API_URL is not set: "
    "run `prefect server start` in another terminal, then "
    "`prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


def build_deployments(
    config: Config, *, config_path: Path, data_dir: Path
) -> list[RunnerDeployment]:
    """Return one deployment of the scheduled crawl per source, with its cron and time zone."""
    return [_deployment(source, config, config_path, data_dir) for source in config.source]


def _deployment(
    source: Source, config: Config, config_path: Path, data_dir: Path
) -> RunnerDeployment:
    """Build the deployment that crawls one source on its schedule."""
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from flows.orchestrate.prefect_flows import scheduled_crawl

    timezone = source.timezone or config.defaults.timezone
    schedules = [Cron(source.schedule, timezone=timezone)] if source.schedule else []
    deployment = scheduled_crawl.to_deployment(
        name=f"{DEPLOYMENT_PREFIX}{source.key}",
        schedules=schedules,
        parameters={
            "config_path": str(config_path),
            "data_dir": str(data_dir),
            "sites": [source.key],
        },
        description=f"Crawl {source.name or source.key}: new and changed articles.",
        tags=[*TAGS, source.key],
        # the run imports the installed package by module path, never a file by its path
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    return cast("RunnerDeployment", deployment)  # the sync form: called outside an event loop


def require_server() -> str:
    """Return the configured Prefect API URL, or raise ServerUnavailable with what to do.

    A configured server that does not answer yet is no error: the supervisor says so on one
    line per contact and serves once it answers.
    """
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise ServerUnavailable(NO_SERVER)
    return str(url)


def serve_sources(config: Config, *, config_path: Path, data_dir: Path) -> None:
    """Register every source's deployment with the Prefect server and run them when due."""
    url = require_server()
    from flows.orchestrate.serve_supervisor import Supervisor

    deployments = build_deployments(config, config_path=config_path, data_dir=data_dir)
    Supervisor(deployments, url).run()

"""The deployments `portal-corpus serve` registers: one per source, on its cron and time zone."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import parse_config
from flows.orchestrate.serve import build_deployments

CONFIG = {
    "defaults": {"timezone": "Asia/Shanghai"},
    "source": [
        {"key": "alpha", "start": ["http://127.0.0.1:9/a/"], "schedule": "0 */6 * * *"},
        {
            "key": "beta",
            "start": ["http://127.0.0.1:9/b/"],
            "schedule": "30 7 * * 1-5",
            "timezone": "Europe/Berlin",
        },
        {"key": "gamma", "start": ["http://127.0.0.1:9/c/"]},
    ],
}


@pytest.fixture(scope="module")
def deployments() -> dict[str, object]:
    """Build the deployments of a three-source config, by name."""
    config = parse_config(CONFIG)
    built = build_deployments(
        config, config_path=Path("/srv/corpus/sources.toml"), data_dir=Path("/srv/corpus")
    )
    return {d.name: d for d in built}


def test_one_deployment_per_source(deployments: dict[str, object]) -> None:
    assert sorted(deployments) == ["crawl-alpha", "crawl-beta", "crawl-gamma"]


@pytest.mark.parametrize(
    ("name", "cron", "timezone"),
    [
        ("crawl-alpha", "0 */6 * * *", "Asia/Shanghai"),
        pytest.param("crawl-beta", "30 7 * * 1-5", "Europe/Berlin", id="source-time-zone-wins"),
    ],
)
def test_schedule_has_the_source_cron_and_time_zone(
    deployments: dict[str, object], name: str, cron: str, timezone: str
) -> None:
    deployment = deployments[name]
    (schedule,) = deployment.schedules  # type: ignore[attr-defined]
    assert schedule.schedule.cron == cron
    assert schedule.schedule.timezone == timezone
    assert schedule.active is not False


def test_a_source_without_schedule_gets_a_manual_deployment(
    deployments: dict[str, object],
) -> None:
    assert not deployments["crawl-gamma"].schedules  # type: ignore[attr-defined]


def test_deployment_runs_the_scheduled_crawl_of_its_source(
    deployments: dict[str, object],
) -> None:
    deployment = deployments["crawl-beta"]
    assert deployment.flow_name == "scheduled-crawl"  # type: ignore[attr-defined]
    assert deployment.parameters == {  # type: ignore[attr-defined]
        "config_path": "/srv/corpus/sources.toml",
        "data_dir": "/srv/corpus",
        "sites": ["beta"],
    }
    assert "beta" in deployment.tags  # type: ignore[attr-defined]


def test_deployment_loads_the_flow_by_module_path(deployments: dict[str, object]) -> None:
    entrypoint = deployments["crawl-alpha"].entrypoint  # type: ignore[attr-defined]
    assert entrypoint == "flows.orchestrate.prefect_flows.scheduled_crawl"

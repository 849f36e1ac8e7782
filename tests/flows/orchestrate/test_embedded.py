"""When a command boots its own Prefect server: only when no API is configured anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.orchestrate.embedded import configured_api_url

PROFILES = """
active = "{active}"

[profiles.ephemeral]

[profiles.team]
PREFECT_API_URL = "http://10.0.0.5:4200/api"
"""


@pytest.mark.parametrize(
    ("env_url", "active", "expected"),
    [
        ("http://127.0.0.1:4200/api", "ephemeral", "http://127.0.0.1:4200/api"),
        pytest.param(None, "team", "http://10.0.0.5:4200/api", id="profile-url"),
        pytest.param(None, "ephemeral", None, id="profile-without-url"),
        pytest.param("http://127.0.0.1:9/api", "team", "http://127.0.0.1:9/api", id="env-wins"),
    ],
)
def test_configured_api_url(
    env_url: str | None,
    active: str,
    expected: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "profiles.toml").write_text(PROFILES.format(active=active), encoding="utf-8")
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    if env_url is None:
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
    else:
        monkeypatch.setenv("PREFECT_API_URL", env_url)
    assert configured_api_url() == expected


def test_no_profiles_file_means_no_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "absent"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    assert configured_api_url() is None

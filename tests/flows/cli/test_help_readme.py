"""`--help` of the installed console script and the README's command line say the same.

For every command: the options the README's synopsis lists are those `--help` shows; its
argument is required or optional in both, and `--help`'s words for it are in the synopsis's
comment; every default `--help` states is in the README's table of defaults.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from consolescript import cli_env, script

README = Path(__file__).resolve().parents[3] / "README.md"
COMMANDS = ("demo", "crawl", "backfill", "import-warc", "import-text", "reclean", "validate",
            "serve", "stats", "export")  # fmt: skip
HELP_WIDTH = "400"  # wide enough that no help row wraps
SECTION = "## The command line"
OPTION = re.compile(r"--[a-z][a-z-]*")
HELP_ROW = re.compile(r"^│\s+(?:\*\s+)?(\S+)\s+(?:<[^>]+>\s+)?(.*?)\s*│$")  # name, help text
DEFAULT = re.compile(r"[\[(]default: ([^\])]+)[\])]")
USAGE_ARG = re.compile(r"\[OPTIONS\] +([\[{]\S+)")  # `[path]` optional, `{files}...` required
DEFAULTS_ROW = re.compile(r"^\| (.+?) \| (.+?) \|$")
ARGUMENT = re.compile(r"^\[?[A-Z]+\]?(\.\.\.)?$")  # PATH, [PATH], FILE...


@dataclass(frozen=True)
class Help:
    """What `CMD --help` shows: options with their texts, and the argument if any."""

    options: dict[str, str]
    argument: tuple[bool, str] | None  # optional, help text


def command_help(command: str, home: Path) -> Help:
    """Run `portal-corpus COMMAND --help` and read its rows."""
    env = {**cli_env(home), "COLUMNS": HELP_WIDTH, "TERM": os.environ.get("TERM", "dumb")}
    done = subprocess.run([script(), command, "--help"], capture_output=True, text=True,
                          env=env, timeout=120, check=True)  # fmt: skip
    rows = [m.groups() for line in done.stdout.splitlines() if (m := HELP_ROW.match(line))]
    options = {name: text for name, text in rows if name.startswith("--") and name != "--help"}
    usage = USAGE_ARG.search(done.stdout)
    argument = None
    if usage is not None:
        name = usage.group(1).strip("[]{}.")
        text = next(text for row, text in rows if row.strip(".") == name)
        argument = (usage.group(1).startswith("["), text)
    return Help(options, argument)


def section() -> str:
    """Return the README's section on the command line."""
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    return text[start : text.index("\n## ", start + len(SECTION))]


def synopsis(command: str) -> list[str]:
    """Return the synopsis lines of a command: its own line and the indented ones after it."""
    lines = section().split("```")[1].splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"portal-corpus {command} "))
    more = []
    for line in lines[first + 1 :]:
        if not line.startswith(" "):
            break
        more.append(line)
    return [lines[first], *more]


def defaults_table() -> dict[str, str]:
    """Return the README's defaults table: option (or `CMD's NAME`) to its default, unquoted."""
    rows = (DEFAULTS_ROW.match(line) for line in section().splitlines())
    return {m.group(1).replace("`", ""): m.group(2).replace("`", "") for m in rows if m}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_and_readme_agree(command: str, tmp_path: Path) -> None:
    shown = command_help(command, tmp_path / "home")
    lines = synopsis(command)
    code = [line.split("  #")[0] for line in lines]
    assert set(OPTION.findall(" ".join(code))) == set(shown.options), lines
    table = defaults_table()
    for option, text in shown.options.items():
        for default in DEFAULT.findall(text):
            assert default in table.get(option, ""), f"{option}: {default!r} not in the table"
    first = code[0].removeprefix(f"portal-corpus {command}").split()[:1]
    written = first[0] if first and ARGUMENT.match(first[0]) else None  # it comes first
    if shown.argument is None:
        assert written is None, lines
        return
    optional, text = shown.argument
    assert written is not None, f"{command}: the README shows no argument"
    assert written.startswith("[") == optional, lines
    comment = lines[0].split("#", 1)[1] if "#" in lines[0] else ""
    said = DEFAULT.sub("", text).replace("[required]", "").strip().rstrip(".")
    assert said.lower() in comment.lower(), f"{command}: {said!r} not in {comment!r}"
    for default in DEFAULT.findall(text):
        assert default in table.get(f"{command}'s {written.strip('[]')}", ""), default

"""Every CLI command is documented: it has help text and `--help` works (a sqlite-utils habit)."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from kexie.cli import app


def _commands() -> list[tuple[str, Any]]:
    """All leaf commands with their full names, walking sub-groups."""
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(cmd: Any, prefix: list[str]) -> None:
        sub_commands = getattr(cmd, "commands", None)  # a group (typer may bundle its own click)
        if sub_commands:
            for name, sub in sub_commands.items():
                walk(sub, [*prefix, name])
        else:
            found.append((" ".join(prefix), cmd))

    walk(root, [])
    return found


def test_there_are_commands() -> None:
    names = [n for n, _ in _commands()]
    assert "demo" in names


@pytest.mark.parametrize("name,cmd", _commands(), ids=[n for n, _ in _commands()])
def test_command_has_help(name: str, cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"`kexie {name}` has no help text"
    result = CliRunner().invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output

"""Each command of ``medoffice`` has its page on the docs site, and its help points at it."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import click
import pytest
from click.testing import CliRunner

from medoffice.cli import main

ROOT: Final = Path(__file__).resolve().parents[2]
SITE: Final = "https://medoffice.readthedocs.io/en/latest"
COMMANDS: Final = main.list_commands(click.Context(main))


@pytest.mark.parametrize("name", COMMANDS)
def test_the_command_has_a_page_rendering_its_help(name: str) -> None:
    """docs/cli/NAME.md renders the command with sphinx-click, and the CLI guide lists it."""
    page = (ROOT / "docs" / "cli" / f"{name}.md").read_text(encoding="utf-8")
    assert f".. click:: medoffice_cli_commands:{name}\n" in page
    assert f"cli/{name}\n" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_the_help_ends_with_the_page_on_the_docs_site(name: str) -> None:
    """``medoffice NAME --help`` ends with the address of the command's page."""
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(f"Documentation: {SITE}/cli/{name}.html")


def _subcommands() -> list[tuple[str, str]]:
    context = click.Context(main)
    found: list[tuple[str, str]] = []
    for name in COMMANDS:
        command = main.get_command(context, name)
        if isinstance(command, click.Group):
            found.extend((name, sub) for sub in command.list_commands(context))
    return found


@pytest.mark.parametrize(("group", "name"), _subcommands())
def test_a_subcommand_help_ends_with_its_place_on_the_page(group: str, name: str) -> None:
    """``medoffice GROUP NAME --help`` ends with the address of its section of the page."""
    result = CliRunner().invoke(main, [group, name, "--help"])
    assert result.exit_code == 0, result.output
    address = f"{SITE}/cli/{group}.html#medoffice-{group}-{name}"
    assert result.output.rstrip().endswith(f"Documentation: {address}")


def test_no_help_points_at_a_file_of_the_repository() -> None:
    """A wheel user has no docs/ folder: help text points at the docs site instead."""
    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert command is not None
        commands = [command, *getattr(command, "commands", {}).values()]
        for each in commands:
            assert "docs/" not in (each.help or "") + (each.epilog or ""), each.name

"""``medoffice examples``: the example files shipped inside the package, listed and copied.

The files live in the installed package (``medoffice/examples/``), so a wheel user has them too:
``medoffice examples list`` says what each one is and which command reads it, and
``medoffice examples copy DIR`` writes them (the folders' READMEs included) under ``DIR``:
``medoffice examples copy examples`` gives the layout the guides' commands use
(``medoffice slots examples/scheduling/practice.toml ...``). A copy never
overwrites a file unless ``--force`` is given, and checks every target before writing any.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Final

import attrs
import click
from rich.table import Table

from medoffice.cli._output import (
    OutputFormat,
    emit_json,
    format_option,
    handle_bad_input,
    print_table,
    table_format_option,
)
from medoffice.kernel import InvalidArgument

__all__ = ["CATALOGUE", "Example", "command", "example_files"]


@attrs.frozen
class Example:
    """One example file: its path under ``examples/``, what it is, what reads it."""

    name: str
    description: str
    command: str

    def to_dict(self) -> dict[str, str]:
        """The example as JSON-ready fields."""
        return {"name": self.name, "description": self.description, "command": self.command}


#: Every example data file shipped, in the order ``examples list`` shows them.
CATALOGUE: Final = (
    Example(
        "scheduling/practice.toml",
        "a small family practice: providers, rooms, weekly templates, booked appointments",
        "medoffice slots",
    ),
    Example(
        "scheduling/requests.json",
        "a batch of visit requests to place in that practice, one pinning a room",
        "medoffice slots allocate",
    ),
    Example(
        "claims/clean_medicare_visit.json",
        "a clean Medicare office visit: 4 diagnoses, 3 lines",
        "medoffice claims check",
    ),
    Example(
        "claims/claim_with_problems.json",
        "a claim with eight coding problems the checker finds",
        "medoffice claims check",
    ),
    Example(
        "claims/pediatric_well_child.json",
        'a commercial well-child visit in the {"claims": [...]} wrapper',
        "medoffice claims check",
    ),
    Example(
        "claims/profile.toml",
        "a rule profile: severities, a payer-type layer, a payer's filing limit",
        "medoffice claims check --profile",
    ),
    Example(
        "credentials/roster.json",
        "a staff roster: licences, DEA and CLIA, life-support and HIPAA training, enrolments",
        "medoffice credentials status|alerts|requirement",
    ),
    Example(
        "budget/practice.json",
        "a practice's chart of accounts, budget and posted actuals for a fiscal year",
        "medoffice budget variance|forecast|beancount",
    ),
    Example(
        "authorizations/requirements.toml",
        "a payer requirement profile: services needing prior authorization or a referral",
        "load_payer_requirements (medoffice.adapters.formats.payer_requirements)",
    ),
)


def _root() -> Traversable:
    return files("medoffice").joinpath("examples")


def example_files() -> Iterator[tuple[PurePosixPath, Traversable]]:
    """Every file shipped under ``examples/`` (READMEs included), by its relative path."""

    def walk(
        folder: Traversable, prefix: PurePosixPath
    ) -> Iterator[tuple[PurePosixPath, Traversable]]:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.startswith((".", "__")):
                continue
            if entry.is_dir():
                yield from walk(entry, prefix / entry.name)
            else:
                yield prefix / entry.name, entry

    yield from walk(_root(), PurePosixPath())


@click.group(
    name="examples",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/examples.html",
)
def command() -> None:
    """The example files shipped with medoffice: list them, copy them to a folder."""


@command.command(
    name="list",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/examples.html#medoffice-examples-list",
)
@table_format_option
def list_examples(output_format: OutputFormat) -> None:
    """Each example file: its name, what it is, the command (or function) that reads it."""
    if output_format is OutputFormat.JSON:
        emit_json([example.to_dict() for example in CATALOGUE])
        return
    table = Table()
    table.add_column("example", no_wrap=True)  # a name is copied from here: never cut
    table.add_column("what it is")
    table.add_column("read by")
    for example in CATALOGUE:
        table.add_row(example.name, example.description, example.command)
    print_table(table)


@command.command(
    name="copy",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/examples.html#medoffice-examples-copy",
)
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="overwrite files that already exist")
@format_option
@handle_bad_input
def copy_examples(directory: Path, force: bool, output_format: OutputFormat) -> None:  # noqa: FBT001
    """Write the example files under DIRECTORY, never over a file without --force."""
    target = directory
    planned = [(target.joinpath(*relative.parts), source) for relative, source in example_files()]
    if directory.exists() and not directory.is_dir():
        raise InvalidArgument(f"{directory}: not a folder")
    for path, _ in planned:
        if path.exists() and (path.is_dir() or not force):
            problem = "is a folder" if path.is_dir() else "exists (--force overwrites it)"
            raise InvalidArgument(f"{path}: {problem}")
    for path, source in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.read_bytes())
    written = [str(path) for path, _ in planned]
    if output_format is OutputFormat.JSON:
        emit_json({"folder": str(target), "files": written})
        return
    click.echo(f"{len(written)} files written under {target}")

"""``medoffice codes inspect DIR``: which CMS reference files a folder holds, and their state.

Every file under DIR (recursively) that medoffice recognises by its header is loaded and listed
with its kind, version or quarter, row count and problems, so that a download can be checked
before anything relies on it. Exit 0 when every file loaded cleanly, 1 when a file has problems,
2 when DIR cannot be read.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from medoffice.adapters.reference import FileInspection, inspect_directory
from medoffice.cli._output import (
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    handle_bad_input,
    print_table,
    table_format_option,
)

__all__ = ["command"]


def _table(found: tuple[FileInspection, ...]) -> Table:
    table = Table(title="Reference files")
    table.add_column("file", overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("quarter", no_wrap=True)
    table.add_column("rows", justify="right", no_wrap=True)
    table.add_column("state", no_wrap=True)
    for item in found:
        if item.error is not None:
            state = "cannot load"
        elif item.problems:
            state = f"{len(item.problems)} problem(s)"
        else:
            state = "ok"
        table.add_row(
            item.path,
            "?" if item.kind is None else item.kind.value,
            ", ".join(item.quarters or item.versions),
            str(item.rows),
            state,
        )
    return table


def _details(found: tuple[FileInspection, ...]) -> list[str]:
    lines = []
    for item in found:
        if item.error is not None:
            lines.append(f"{item.path}: cannot load: {item.error}")
        lines.extend(f"{item.path}:{p.line}: {p.rule}: {p.message}" for p in item.problems)
    return lines


@click.command(
    name="inspect",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/codes.html#medoffice-codes-inspect",
)
@click.argument("directory", type=click.Path(path_type=Path))
@table_format_option
@handle_bad_input
def command(directory: Path, output_format: OutputFormat) -> None:
    """List the reference files in DIRECTORY with kind, version, rows and problems."""
    found = inspect_directory(directory)
    failed = any(not item.ok for item in found)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "directory": str(directory),
                "ok": not failed,
                "files": [item.to_dict() for item in found],
            }
        )
    else:
        out = console()
        if found:
            print_table(_table(found), out)
            for line in _details(found):
                out.print(line, markup=False)
        else:
            out.print(f"no reference files recognised under {directory}")
    raise SystemExit(EXIT_FINDINGS if failed else EXIT_OK)

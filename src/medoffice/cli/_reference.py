"""``medoffice reference list|fetch|import|verify``: the local store of official reference data.

- ``list``: what is installed, which dates of service each release answers for, and the gaps
  around the day (``--on``, default today, UTC);
- ``fetch SET [--period P]``: download the official files the shipped manifest names, check
  them and install them atomically (exit 2 with one line when the network or the file fails);
- ``import PATH``: a zip or folder downloaded by hand, each file recognised by its content;
- ``verify``: re-hash and re-load everything; exit 1 with a finding per problem.

The store is ``--store``, else ``MEDOFFICE_REFERENCE_STORE``, else the user data folder.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from rich.table import Table

from medoffice.cli._output import (
    DAY,
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    format_option,
    handle_bad_input,
    print_table,
    table_format_option,
)

__all__ = ["command"]


def _today() -> date:
    from medoffice.adapters.clock import SystemClock  # noqa: PLC0415

    return SystemClock().now().date()


store_option = click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="the reference store folder (default: MEDOFFICE_REFERENCE_STORE, else the user data "
    "folder)",
)


@click.group(
    name="reference",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/reference.html",
)
def command() -> None:
    """The local store of official reference data: list, fetch, import, verify."""


def _span(first: date, last: date) -> dict[str, str]:
    return {"first": first.isoformat(), "last": last.isoformat()}


@command.command(
    name="list",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/reference.html#medoffice-reference-list",
)
@store_option
@click.option("--on", "on", type=DAY, help="the day to show answers and gaps around")
@table_format_option
@handle_bad_input
def list_command(store: Path | None, on: date | None, output_format: OutputFormat) -> None:
    """Show the installed releases, the dates each covers, and the gaps."""
    from medoffice.adapters.reference._store import ReferenceStore  # noqa: PLC0415
    from medoffice.adapters.reference._store_coverage import store_coverage  # noqa: PLC0415

    day = on or _today()
    found = store_coverage(ReferenceStore.open(store), on=day)
    if output_format is OutputFormat.JSON:
        emit_json(found.to_dict())
        return
    out = console()
    out.print(f"Reference store: {found.store}")
    table = Table(title="Installed releases")
    for column in ("set", "period", "release", "obtained", "dates of service"):
        table.add_column(column)
    for entry in found.releases:
        table.add_row(
            entry["set"],
            entry["period"],
            entry["label"],
            entry["obtained"],
            f"{entry['effective']['first']} .. {entry['effective']['last']}",
        )
    print_table(table, out)
    gaps = Table(title=f"Answers on {day.isoformat()} and gaps from {found.window[0]}")
    for column in ("set", f"answers on {day.isoformat()}", "gaps", "install with"):
        gaps.add_column(column)
    for name, answer in found.answers.items():
        spans = ", ".join(f"{g['first']} .. {g['last']}" for g in found.gaps[name]) or "none"
        gaps.add_row(name, answer or "NOTHING INSTALLED", spans, found.commands.get(name, ""))
    out.print(gaps)


def _progress_bar(*, shown: bool) -> tuple[contextlib.AbstractContextManager[Any], Any]:
    """A download progress bar on standard error, for people at a terminal only."""
    errors = Console(stderr=True)
    if not shown or not errors.is_terminal:
        return contextlib.nullcontext(), None
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=errors,
        transient=True,
    )
    task = bar.add_task("downloading", total=None)

    def report(done: int, total: int | None) -> None:
        bar.update(task, completed=done, total=total)

    return bar, report


@command.command(
    name="fetch",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/reference.html#medoffice-reference-fetch",
)
@click.argument("reference_set", metavar="SET")
@click.option("--period", help="FY2027, FY2027-APRIL or a quarter like 2026Q4 (default: latest)")
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="a fetch manifest to use instead of the shipped one (a mirror)",
)
@store_option
@format_option
@handle_bad_input
def fetch_command(
    reference_set: str,
    period: str | None,
    manifest: Path | None,
    store: Path | None,
    output_format: OutputFormat,
) -> None:
    """Download, check and install the official release files of SET."""
    from medoffice.adapters.reference._store import ReferenceStore  # noqa: PLC0415
    from medoffice.adapters.reference._store_fetch import (  # noqa: PLC0415
        FetchManifest,
        fetch_release,
    )
    from medoffice.adapters.reference._store_model import Period, ReferenceSet  # noqa: PLC0415

    wanted = _reference_set(reference_set, ReferenceSet)
    bar, report = _progress_bar(shown=output_format is OutputFormat.TABLE)
    with bar:
        result = fetch_release(
            ReferenceStore.open(store),
            wanted,
            None if period is None else Period.parse(period),
            manifest=FetchManifest.read(manifest),
            progress=report,
            today=_today(),
        )
    if output_format is OutputFormat.JSON:
        emit_json({"changed": result.changed, "release": result.release.to_dict()})
    else:
        verb = "installed" if result.changed else "already installed"
        console().print(f"{result.release.label}: {verb}")


def _reference_set(text: str, kinds: Any) -> Any:
    try:
        return kinds(text.lower())
    except ValueError:
        names = ", ".join(k.value for k in kinds)
        raise click.BadParameter(f"{text!r} is not a reference set ({names})") from None


@command.command(
    name="import",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/reference.html#medoffice-reference-import",
)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--period", help="the period, when the files do not say it (FY2027, 2026Q4)")
@store_option
@format_option
@handle_bad_input
def import_command(
    path: Path, period: str | None, store: Path | None, output_format: OutputFormat
) -> None:
    """Install the official files of a zip or folder downloaded by hand."""
    from medoffice.adapters.reference._store import ReferenceStore  # noqa: PLC0415
    from medoffice.adapters.reference._store_import import import_path  # noqa: PLC0415
    from medoffice.adapters.reference._store_model import Period  # noqa: PLC0415

    result = import_path(
        ReferenceStore.open(store),
        path,
        period=None if period is None else Period.parse(period),
        today=_today(),
    )
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "installed": [r.to_dict() for r in result.installed],
                "skipped": list(result.skipped),
            }
        )
        return
    out = console()
    for release in result.installed:
        out.print(f"installed {release.set} {release.period}: {release.label}")
    if result.skipped:
        shown = ", ".join(result.skipped[:5]) + (", ..." if len(result.skipped) > 5 else "")
        out.print(f"skipped {len(result.skipped)} files medoffice does not read: {shown}")


@command.command(
    name="verify",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/reference.html#medoffice-reference-verify",
)
@store_option
@format_option
@handle_bad_input
def verify_command(store: Path | None, output_format: OutputFormat) -> None:
    """Re-hash and re-load every installed release; exit 1 with a finding per problem."""
    from medoffice.adapters.reference._store import ReferenceStore  # noqa: PLC0415
    from medoffice.adapters.reference._store_load import verify_store  # noqa: PLC0415

    opened = ReferenceStore.open(store)
    report = verify_store(opened)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "store": str(opened.root),
                "releases": len(opened.releases()),
                **report.to_dict(),
            }
        )
    else:
        out = console()
        for finding in report:
            out.print(f"{finding.rule} {finding.path}: {finding.message}")
        out.print(f"{len(opened.releases())} releases checked, {len(report)} problems")
    sys.exit(EXIT_OK if report.ok else EXIT_FINDINGS)

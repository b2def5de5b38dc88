"""The table output of ``medoffice claims check``, and its progress display (for people).

Imported only when a person is looking: the JSON output and a run whose standard error is not
a terminal never load rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final, TypeVar

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from medoffice.cli._output import console, print_table

if TYPE_CHECKING:
    from medoffice.cli._claims import Entry, Summary

# An entry, or entries already rendered by a worker process.
_Item = TypeVar("_Item")

__all__ = ["print_tables", "with_progress"]

# Runs longer than this are worth a progress display (on a terminal only).
_PROGRESS_FROM: Final = 200


def _label(entry: Entry) -> str:
    return str(entry.file) if entry.label is None else entry.label


_STYLE: Final = {"error": "red", "warning": "yellow", "info": "cyan"}


def _print_entry(out: Console, entry: Entry) -> None:
    label, report = _label(entry), entry.report
    if not report.findings:
        out.print(Text.assemble((label, "bold"), ": ", ("ok", "green")))
        return
    table = Table(title=Text(label), title_justify="left")
    table.add_column("severity")
    table.add_column("rule", no_wrap=True)
    table.add_column("path", overflow="fold")
    table.add_column("value", overflow="fold")
    table.add_column("message")
    for f in report:
        sev = f.severity.value
        table.add_row(Text(sev, style=_STYLE[sev]), f.rule.value, f.path, f.value or "", f.message)
    print_table(table, out)


def _summary_line(summary: dict[str, int]) -> str:
    files = f"; {summary['files']} files with findings of their own" if summary["files"] else ""
    return (
        f"{summary['claims']} claims: {summary['ok']} ok, {summary['not_ok']} with errors "
        f"({summary['error']} errors, {summary['warning']} warnings, {summary['info']} notes)"
        f"{files}"
    )


_SHOWN_DATES: Final = 5


def _print_provenance(
    out: Console, provenance: dict[str, dict[str, str | None]] | list[str], summary: Summary
) -> None:
    """Which release of each set answered, and which rules did not run for lack of data."""
    if isinstance(provenance, list):
        out.print(Text(f"Reference data: {'; '.join(provenance)}"))
    else:
        for day, answers in list(provenance.items())[:_SHOWN_DATES]:
            used = "; ".join(
                f"{name}: {label or 'NOT INSTALLED'}" for name, label in answers.items()
            )
            out.print(Text(f"Reference data for {day}: {used}"))
    if summary.not_run:
        rules = len(set().union(*summary.not_run.values()))
        out.print(
            Text.assemble(
                (f"{rules} rules did not run", "yellow"),
                f" for lack of: {', '.join(sorted(summary.not_run))} "
                "(see `medoffice reference list`)",
            )
        )


def print_tables(
    entries: Iterator[Entry], summary: Summary, reference: Callable[[], Any] | None
) -> None:
    """A table per claim with findings (an ok line otherwise), the summary, the provenance."""
    out = console()
    for entry in entries:
        summary.add(entry)
        _print_entry(out, entry)
    out.print(_summary_line(summary.to_dict()))
    if reference is not None:
        _print_provenance(out, reference(), summary)


def with_progress(entries: Iterator[_Item]) -> Iterator[_Item]:
    """The entries, counted on standard error as they pass (from the 200th on)."""
    from medoffice.cli._claims import Rendered  # noqa: PLC0415 - a cycle otherwise

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking claims", total=None, visible=False)
        done = 0
        for entry in entries:
            before = done
            done += entry.size if isinstance(entry, Rendered) else 1
            if before < _PROGRESS_FROM <= done:
                progress.update(task, visible=True)
            progress.update(task, completed=done)
            yield entry

"""What every command shares: ``--format``, dates, tables, exit codes, and bad input as exit 2.

Exit codes (documented in the README and ``medoffice --help``):

- 0: the command ran and found nothing wrong;
- 1: the command ran and reported error findings;
- 2: bad input (an unreadable file, an unknown option, a value that cannot exist).

Tables go to standard output at their full width when it is not a terminal (a pipe or a file
gets every column and every message whole; ``COLUMNS`` still sets a width). Commands that print
tables also take ``--format csv``: each table is written as CSV on standard output (several
tables one after another, separated by an empty line) and anything else the command would say
goes to standard error, so the output can be read by a spreadsheet or another program as it is.
"""

from __future__ import annotations

import contextlib
import csv
import enum
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeVar

import click

from medoffice.kernel import InvalidArgument, InvalidValue, MedofficeError
from medoffice.kernel.inputs import UnreadableInput

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

__all__ = [
    "DAY",
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "JOBS",
    "OutputFormat",
    "console",
    "cpu_count",
    "emit_json",
    "format_option",
    "handle_bad_input",
    "json_text",
    "print_table",
    "reading",
    "safe_output",
    "stderr_is_terminal",
    "table_format_option",
]

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_BAD_INPUT: Final = 2

P = ParamSpec("P")
R = TypeVar("R")


class OutputFormat(enum.StrEnum):
    """How a command prints its answer."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


_FORMAT_KEY: Final = "medoffice.format"
_TABLES_KEY: Final = "medoffice.tables"
# Wide enough that no real table folds; rich sizes each column to its content, not to this.
_PIPE_WIDTH: Final = 100_000


def _format_option(choices: tuple[OutputFormat, ...], help_text: str) -> Callable[[Any], Any]:
    def remember(ctx: click.Context, _param: click.Parameter, value: str) -> OutputFormat:
        chosen = OutputFormat(value)
        ctx.find_root().meta[_FORMAT_KEY] = chosen
        return chosen

    return click.option(
        "--format",
        "output_format",
        type=click.Choice([f.value for f in choices]),
        default=OutputFormat.TABLE.value,
        show_default=True,
        callback=remember,
        is_eager=True,  # known before the other options are read
        help=help_text,
    )


def format_option(func: Callable[P, R]) -> Callable[P, R]:
    """The ``--format table|json`` option of commands that print no table."""
    option = _format_option(
        (OutputFormat.TABLE, OutputFormat.JSON), "table (text) for people, json for programs"
    )
    decorated: Callable[P, R] = option(func)
    return decorated


def table_format_option(func: Callable[P, R]) -> Callable[P, R]:
    """The ``--format table|json|csv`` option of commands that print tables."""
    option = _format_option(
        tuple(OutputFormat), "table for people, json for programs, csv for spreadsheets"
    )
    decorated: Callable[P, R] = option(func)
    return decorated


def _current_format() -> OutputFormat:
    ctx = click.get_current_context(silent=True)
    chosen = None if ctx is None else ctx.find_root().meta.get(_FORMAT_KEY)
    return chosen if isinstance(chosen, OutputFormat) else OutputFormat.TABLE


class _Day(click.ParamType[date, Any]):
    """A calendar day written ``YYYY-MM-DD``, given to the command as a :class:`~datetime.date`."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{str(value)[:40]!r} is not a date written YYYY-MM-DD", param, ctx)


DAY: Final = _Day()


def cpu_count() -> int:
    """The number of CPUs this process may run on (its affinity, where the platform says)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return os.cpu_count() or 1


def idle_cpus(cpus: int | None = None, load: float | None = None) -> int:
    """The CPUs free for more work: those this process may use, less the ones the system's load
    (its one-minute average, where the platform gives one) keeps busy; at least 1.

    Worker processes on a CPU that other programs already keep busy only take turns with them:
    on a saturated machine ``auto`` is one process, as ``make -l`` holds back on a loaded one.
    """
    cpus = cpu_count() if cpus is None else cpus
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):  # no load average here (Windows)
            return cpus
    return max(1, min(cpus, cpus - int(load)))


class _Jobs(click.ParamType[int, Any]):
    """A number of processes, at least 1, or ``auto``: the CPUs free for this process."""

    name = "jobs"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "N|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        text = str(value).strip().lower()
        if text == "auto":
            return idle_cpus()
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= _MAX_JOBS):
            shown = str(value)[:20]
            self.fail(
                f"{shown!r} is not a number of processes from 1 to {_MAX_JOBS}, or auto", param, ctx
            )
        return int(text)


_MAX_JOBS: Final = 1024
JOBS: Final = _Jobs()


def console() -> Console:
    """A rich console for what a command says: standard output, or standard error when the
    output is CSV. Not a terminal: plain text at full width (``COLUMNS`` still sets one).

    Markup is off: text from data (a patient control number ``[/bold]``, a code typed on the
    command line) is printed as it is, never interpreted; styles are given as ``Text`` objects.
    """
    from rich.console import Console  # noqa: PLC0415 - not for JSON output

    stream = sys.stderr if _current_format() is OutputFormat.CSV else sys.stdout
    piped = not stream.isatty() and not os.environ.get("COLUMNS")
    return Console(
        file=stream,
        width=_PIPE_WIDTH if piped else None,
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
    )


def _plain(cell: object) -> str:
    from rich.text import Text  # noqa: PLC0415 - only for CSV output

    if isinstance(cell, Text):
        return cell.plain
    return "" if cell is None else str(cell)


def print_table(table: Table, out: Console | None = None) -> None:
    """Print ``table`` for people, or as CSV rows when the command was asked ``--format csv``."""
    if _current_format() is OutputFormat.CSV:
        _write_csv(table)
    else:
        (out or console()).print(table)


def _write_csv(table: Table) -> None:
    ctx = click.get_current_context(silent=True)
    meta: dict[str, Any] = {} if ctx is None else ctx.find_root().meta
    if meta.get(_TABLES_KEY):
        click.echo("")
    meta[_TABLES_KEY] = meta.get(_TABLES_KEY, 0) + 1
    stream = sys.stdout
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([_plain(column.header) for column in table.columns])
    rows = zip(*(column.cells for column in table.columns), strict=True)
    writer.writerows([_plain(cell) for cell in row] for row in rows)
    stream.flush()


def stderr_is_terminal() -> bool:
    """Whether rich sees standard error as a terminal (where a progress display belongs).

    Asked without importing rich when the answer is plainly no: no ``TTY_COMPATIBLE`` or
    ``FORCE_COLOR`` in the environment and a stream that is not a TTY.
    """
    if "TTY_COMPATIBLE" not in os.environ and "FORCE_COLOR" not in os.environ:
        isatty = getattr(sys.stderr, "isatty", None)
        try:
            if isatty is None or not isatty():
                return False
        except ValueError:  # a closed stream
            return False
    from rich.console import Console  # noqa: PLC0415

    return Console(stderr=True).is_terminal


def safe_output() -> None:
    """Let standard output and error print any string, lone surrogates included.

    A lone surrogate (``"\\ud800"`` from a JSON escape, or an undecodable byte in a file name)
    cannot be encoded; it is written as the escape ``\\ud800``, which is also how JSON spells
    it, so JSON output stays valid.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def json_text(data: Any) -> str:
    """``data`` as stable, indented JSON text."""
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False, default=str)


def emit_json(data: Any) -> None:
    """Print ``data`` as stable, indented JSON on standard output."""
    click.echo(json_text(data))


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Name ``path`` in any problem its reader reports: ``FILE: problem``, one line."""
    try:
        yield
    except UnreadableInput as error:
        if str(path) in str(error) or path.name in str(error):
            raise
        raise UnreadableInput(str(path), error.problem) from None
    except (InvalidValue, InvalidArgument) as error:  # what the file says cannot be used
        raise UnreadableInput(str(path), str(error)) from None


def handle_bad_input(func: Callable[P, R]) -> Callable[P, R]:
    """Report a medoffice error or an unreadable file as a message and exit 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (MedofficeError, OSError, UnicodeDecodeError, OverflowError) as error:
            click.echo(f"medoffice: error: {_describe(error)}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def _describe(error: BaseException) -> str:
    if isinstance(error, OverflowError):
        return "a date or number is out of range"
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.strerror or error} ({error.filename})"
    return str(error) or type(error).__name__

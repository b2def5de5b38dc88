"""What every command shares: ``--format``, exit codes, and turning bad input into exit 2.

Exit codes (documented in the README and ``medoffice --help``):

- 0: the command ran and found nothing wrong;
- 1: the command ran and reported error findings;
- 2: bad input (an unreadable file, an unknown option, a value that cannot exist).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeVar

import click

from medoffice.kernel import InvalidArgument, InvalidValue, MedofficeError
from medoffice.kernel.inputs import UnreadableInput

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "OutputFormat",
    "calendar_day",
    "console",
    "emit_json",
    "format_option",
    "handle_bad_input",
    "json_text",
    "reading",
    "safe_output",
    "stderr_is_terminal",
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


def format_option(func: Callable[P, R]) -> Callable[P, R]:
    """The ``--format table|json`` option every command takes."""
    option = click.option(
        "--format",
        "output_format",
        type=click.Choice([f.value for f in OutputFormat]),
        default=OutputFormat.TABLE.value,
        show_default=True,
        callback=lambda _ctx, _param, value: OutputFormat(value),
        help="table for people, json for programs",
    )
    return option(func)


def calendar_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A click callback reading a calendar day written ``YYYY-MM-DD`` (``None`` stays ``None``)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar day
    except ValueError:
        raise click.BadParameter("a date is written YYYY-MM-DD") from None


def console() -> Console:
    """A rich console on standard output (plain text when not a terminal).

    Markup is off: text from data (a patient control number ``[/bold]``, a code typed on the
    command line) is printed as it is, never interpreted; styles are given as ``Text`` objects.
    """
    from rich.console import Console  # noqa: PLC0415 - not for JSON output

    return Console(highlight=False, soft_wrap=True, markup=False, emoji=False)


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

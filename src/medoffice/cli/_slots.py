"""``medoffice slots``: the open slots of a practice file, and batch allocation.

::

    medoffice slots examples/scheduling/practice.toml --type FU --from 2026-03-09 --days 5
    medoffice slots open practice.json --type NEW --provider dr-adams --format json
    medoffice slots allocate requests.json --format json

``slots FILE`` is short for ``slots open FILE``; ``slots allocate`` is in
:mod:`medoffice.cli._slots_allocate`.

The file layout is documented in the scheduling guide. Without ``--now`` the system clock says
what "now" is (notice and horizon count from it).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from medoffice.adapters.clock import SystemClock
from medoffice.adapters.formats.practice import load_practice_file
from medoffice.cli._instants import parse_instant
from medoffice.cli._output import (
    DAY,
    OutputFormat,
    console,
    emit_json,
    handle_bad_input,
    print_table,
    reading,
    table_format_option,
)
from medoffice.cli._slots_allocate import allocate_command
from medoffice.kernel import DateRange, InvalidArgument
from medoffice.scheduling._slots import Slot, open_slots

__all__ = ["command"]


# Days a practice can be scheduled on: wide enough for any real calendar, narrow enough that a
# day plus a year of days and a time zone offset is still a date Python can hold.
_FIRST_DAY: Final = date(1900, 1, 1)
_LAST_DAY: Final = date(9998, 12, 31)


def _date(_: click.Context, __: click.Parameter, day: date) -> date:
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise click.BadParameter(f"use a date from {_FIRST_DAY} to {_LAST_DAY}")
    return day


def _instant(_: click.Context, __: click.Parameter, value: str | None) -> datetime | None:
    return None if value is None else parse_instant(value)


class _OpenByDefault(click.Group):
    """A group whose first argument, when it names no subcommand, is ``open``'s file."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["open", *args]
        return super().parse_args(ctx, args)


@click.group(
    name="slots",
    cls=_OpenByDefault,
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/slots.html",
)
def command() -> None:
    """Open slots of a practice file (slots FILE), or place a batch (slots allocate)."""


@command.command(
    name="open",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/slots.html#medoffice-slots-open",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "type_code", required=True, help="appointment type code")
@click.option(
    "--from", "first", required=True, type=DAY, callback=_date, help="first day (YYYY-MM-DD)"
)
@click.option(
    "--days", type=click.IntRange(1, 366), default=7, show_default=True, help="how many days"
)
@click.option("--provider", "providers", multiple=True, help="only these providers (repeatable)")
@click.option("--now", callback=_instant, help="the current instant (default: the system clock)")
@table_format_option
@handle_bad_input
def open_command(
    *,
    file: Path,
    type_code: str,
    first: date,
    days: int,
    providers: tuple[str, ...],
    now: datetime | None,
    output_format: OutputFormat,
) -> None:
    """Show the open slots of an appointment type in a practice file (JSON or TOML)."""
    with reading(file):
        snapshot = load_practice_file(file)
    chosen = providers or snapshot.setup.providers
    unknown = [p for p in chosen if snapshot.setup.schedule(p) is None]
    if unknown:
        raise InvalidArgument(f"no schedule for provider {unknown[0]!r}")
    at = now or SystemClock().now()
    span = DateRange(first, first + timedelta(days=days - 1))
    slots = sorted(
        (
            slot
            for provider in chosen
            for slot in open_slots(
                snapshot, type_code=type_code, provider=provider, days=span, now=at
            )
        ),
        key=lambda s: (s.start, s.provider),
    )
    tz = ZoneInfo(snapshot.setup.practice_zone)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "type": type_code,
                "zone": snapshot.setup.practice_zone,
                "slots": [_row(s, tz) for s in slots],
            }
        )
    else:
        _table(slots, tz, type_code)


def _row(slot: Slot, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "local_start": slot.start.astimezone(tz).isoformat(),
        "provider": slot.provider,
        "resources": sorted(slot.resources),
    }


def _table(slots: list[Slot], tz: ZoneInfo, type_code: str) -> None:
    out = console()
    if not slots:
        out.print(f"No open {type_code} slots.")
        return
    table = Table(title=f"Open {type_code} slots")
    for heading in ("day", "start", "end", "provider", "resources"):
        table.add_column(heading)
    for slot in slots:
        local = slot.start.astimezone(tz)
        table.add_row(
            local.strftime("%a %Y-%m-%d"),
            local.strftime("%H:%M"),
            slot.end.astimezone(tz).strftime("%H:%M"),
            slot.provider,
            ", ".join(sorted(slot.resources)),
        )
    print_table(table, out)
    out.print(f"{len(slots)} slots")


command.add_command(allocate_command)

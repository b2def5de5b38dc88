"""``medoffice auth``: prior authorizations in a medoffice database, and the work due on them.

``auth list`` shows each authorization with what is used and left (counted from bookings and
submitted claim lines); ``auth due`` the work queues of a day: authorizations expiring with
visits left, exhausted ones with visits still booked, requests waiting too long, referrals
without a report. Both read the SQLite database the services (and ``medoffice demo --db``)
write; they never change it. Output shows record and patient ids, never names.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.table import Table

from medoffice.adapters.sqlite import open_database
from medoffice.authorizations import QueueSettings, work_queues
from medoffice.authorizations.ports import StoredAuthorizations
from medoffice.cli._output import (
    DAY,
    OutputFormat,
    emit_json,
    handle_bad_input,
    print_table,
    table_format_option,
)
from medoffice.kernel import InvalidValue

__all__ = ["command", "database_argument", "load_records"]


database_argument = click.argument(
    "database", type=click.Path(dir_okay=False, exists=True, path_type=Path)
)


def load_records(path: Path) -> StoredAuthorizations:
    """Everything a medoffice database holds about authorizations and referrals."""
    if not path.is_file():
        raise InvalidValue(f"{path.name} is not a medoffice database file")
    with open_database(path) as database:
        return database.authorizations.load()


@click.group(
    name="auth",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/auth.html",
)
def command() -> None:
    """Prior authorizations and the work queues of referrals and authorizations."""


@command.command(
    name="list",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/auth.html#medoffice-auth-list",
)
@database_argument
@click.option("--patient", default=None, help="only this patient id")
@click.option("--status", "status", default=None, help="only this status (approved, pending, ...)")
@table_format_option
@handle_bad_input
def list_command(
    *, database: Path, patient: str | None, status: str | None, output_format: OutputFormat
) -> None:
    """Every prior authorization with its approved, used and left visits or units."""
    stored = load_records(database)
    index = stored.index()
    rows = [
        auth.to_dict(used=index.patient(auth.patient).used(auth.id).total)
        for auth in stored.authorizations
        if (patient is None or auth.patient == patient)
        and (status is None or auth.status.value == status)
    ]
    if output_format is OutputFormat.JSON:
        emit_json({"authorizations": rows})
        return
    table = Table(title="Prior authorizations")
    for column in ("id", "patient", "payer", "number", "codes", "status", "valid", "used/approved"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["patient"]),
            str(row["payer_id"]),
            str(row["number"] or "-"),
            " ".join(row["procedures"]),  # type: ignore[arg-type]
            str(row["status"]),
            f"{row['valid_from']}..{row['valid_through'] or 'open'}",
            f"{row['used']}/{row['approved']} {row['unit']}",
        )
    print_table(table)


@command.command(
    name="due",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/auth.html#medoffice-auth-due",
)
@database_argument
@click.option("--on", "on", type=DAY, required=True, help="the day to answer for (YYYY-MM-DD)")
@click.option("--expiring-days", type=click.IntRange(min=0), default=14, show_default=True)
@click.option("--pending-days", type=click.IntRange(min=0), default=5, show_default=True)
@click.option("--report-days", type=click.IntRange(min=0), default=30, show_default=True)
@table_format_option
@handle_bad_input
def due_command(
    *,
    database: Path,
    on: date,
    expiring_days: int,
    pending_days: int,
    report_days: int,
    output_format: OutputFormat,
) -> None:
    """The work queues on a day, each item with its reason and next step."""
    day = on
    settings = QueueSettings(
        expiring_days=expiring_days, pending_days=pending_days, report_days=report_days
    )
    items = work_queues(load_records(database).index(), on=day, settings=settings)
    if output_format is OutputFormat.JSON:
        emit_json({"on": day.isoformat(), "items": [item.to_dict() for item in items]})
        return
    table = Table(title=f"Authorization and referral work due on {day.isoformat()}")
    for column in ("queue", "record", "patient", "due", "reason", "next step"):
        table.add_column(column)
    for item in items:
        table.add_row(
            item.queue.value,
            item.record,
            item.patient,
            item.due.isoformat(),
            item.reason,
            item.next_step,
        )
    print_table(table)

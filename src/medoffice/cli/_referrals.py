"""``medoffice referrals``: the referral loops still open in a medoffice database.

``referrals open`` lists every referral issued and not yet closed by the specialist's report,
with the visits used and left and how many days it has been open; a referral open for
``--report-days`` or more is overdue (an open referral loop is a patient-safety and quality
measure). It reads the database, never changes it, and shows ids, never names.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.table import Table

from medoffice.authorizations import ReferralStatus
from medoffice.cli._auth import database_argument, load_records
from medoffice.cli._output import (
    DAY,
    OutputFormat,
    emit_json,
    handle_bad_input,
    print_table,
    table_format_option,
)

__all__ = ["command"]

_OPEN = frozenset({ReferralStatus.SENT, ReferralStatus.SCHEDULED, ReferralStatus.SEEN})


@click.group(
    name="referrals",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/referrals.html",
)
def command() -> None:
    """Referrals and the closing of their loop."""


@command.command(
    name="open",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/referrals.html#medoffice-referrals-open",
)
@database_argument
@click.option("--on", "on", type=DAY, required=True, help="the day to answer for (YYYY-MM-DD)")
@click.option("--report-days", type=click.IntRange(min=0), default=30, show_default=True)
@table_format_option
@handle_bad_input
def open_command(
    *, database: Path, on: date, report_days: int, output_format: OutputFormat
) -> None:
    """Referrals issued and still waiting for the specialist's report."""
    day = on
    stored = load_records(database)
    index = stored.index()
    rows = []
    for referral in stored.referrals:
        if referral.status not in _OPEN:
            continue
        sent = next((c.at.date() for c in referral.history if c.status == "sent"), None)
        since = sent or referral.requested_on
        open_days = None if since is None else (day - since).days
        row = referral.to_dict(used=index.patient(referral.patient).used(referral.id).total)
        row["open_days"] = open_days
        row["overdue"] = open_days is not None and open_days >= report_days
        rows.append(row)
    if output_format is OutputFormat.JSON:
        emit_json({"on": day.isoformat(), "referrals": rows})
        return
    table = Table(title=f"Open referrals on {day.isoformat()}")
    for column in ("id", "patient", "to", "status", "valid", "visits used", "open days"):
        table.add_column(column)
    for row in rows:
        days = "-" if row["open_days"] is None else str(row["open_days"])
        table.add_row(
            str(row["id"]),
            str(row["patient"]),
            str(row["receiving"] or "any"),
            str(row["status"]),
            f"{row['valid_from']}..{row['valid_through'] or 'open'}",
            f"{row['used']}/{row['visits']}",
            days + (" overdue" if row["overdue"] else ""),
        )
    print_table(table)

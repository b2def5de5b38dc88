"""``medoffice remits``, ``medoffice ar`` and ``medoffice denials``: the revenue cycle.

``remits post FILE...`` reads 835 files and posts them to the claims billed in a SQLite
database (``--claims`` bills the claims of 837P files first); posting a file twice posts nothing
the second time. ``ar aging`` ages the open balances on a day, by payer or by patient;
``denials`` lists the denial work list with each denial's next action. The database is
``--db`` (or ``$MEDOFFICE_DB``).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import click
from rich.table import Table

from medoffice.adapters.bridges._revenue import billed_claim
from medoffice.adapters.clock import SystemClock
from medoffice.adapters.formats.x12._convert import to_claim
from medoffice.adapters.formats.x12._reader import read_837p_all
from medoffice.adapters.formats.x12._remit_reader import read_835_all
from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.cli._output import (
    DAY,
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    handle_bad_input,
    print_table,
    table_format_option,
)
from medoffice.cli._output import (
    reading as reading_file,
)
from medoffice.kernel import Money, Report
from medoffice.revenue._aging import BUCKETS
from medoffice.revenue._denials import denial_statistics
from medoffice.revenue.services import Revenue

__all__ = ["COMMANDS", "ar_command", "command", "denials_command"]

_LABELS: Final = tuple(f"{a}-{b}" if b else f"{a}+" for a, b in BUCKETS)


def _db_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="MEDOFFICE_DB",
        required=True,
        help="the SQLite database of the practice (or $MEDOFFICE_DB)",
    )(func)


def _open(db: Path) -> SqliteDatabase:
    return open_database(db)


@click.group(
    name="remits",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/remits.html",
)
def command() -> None:
    """Remittances (X12 835): post payments, adjustments and denials to the claims billed."""


@command.command(
    name="post",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/remits.html#medoffice-remits-post",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--claims",
    "claim_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="an 837P file whose claims are billed before posting (repeatable)",
)
@click.option(
    "--billed-on",
    "billed_on",
    type=DAY,
    default=None,
    help="the day the --claims were billed (default: today)",
)
@_db_option
@table_format_option
@handle_bad_input
def post_command(
    *,
    files: tuple[Path, ...],
    claim_files: tuple[Path, ...],
    billed_on: date | None,
    db: Path,
    output_format: OutputFormat,
) -> None:
    """Post 835 files; exit 1 when a file does not balance or is not an 835."""
    clock = SystemClock()
    with _open(db) as database:
        revenue = Revenue(database, clock=clock)
        billed = 0
        day = billed_on or clock.now().date()
        for path in claim_files:
            with reading_file(path):
                sent = read_837p_all(path)
            billed += revenue.bill(
                (
                    billed_claim(
                        to_claim(c), billed_on=day, patient_key=database.claims.patient_key
                    )
                    for c in sent.claims
                ),
                actor="cli",
            )
        results: list[dict[str, Any]] = []
        findings = Report()
        for path in files:
            with reading_file(path):
                reading = read_835_all(path)
            findings = findings.merge(reading.report)
            postings = [revenue.post(r, actor="cli") for r in reading.remittances]
            results.append(
                {
                    "file": path.name,
                    "postings": [
                        {
                            "key": p.key,
                            "duplicate": p.duplicate,
                            "entries": len(p.entries),
                            "denials": len(p.denials),
                            "work": [w.to_dict() for w in p.work],
                        }
                        for p in postings
                    ],
                    "report": reading.report.to_dict(),
                }
            )
    if output_format is OutputFormat.JSON:
        emit_json({"billed": billed, "files": results, "ok": findings.ok})
    else:
        _print_postings(results, billed)
    sys.exit(EXIT_OK if findings.ok else EXIT_FINDINGS)


def _print_postings(results: list[dict[str, Any]], billed: int) -> None:
    out = console()
    if billed:
        out.print(f"{billed} claims billed")
    table = Table(title="Remittances posted")
    for column in ("file", "remittance", "entries", "denials", "work queue", "note"):
        table.add_column(column)
    for result in results:
        for posting in result["postings"]:
            note = "already posted" if posting["duplicate"] else ""
            table.add_row(
                str(result["file"]),
                posting["key"],
                str(posting["entries"]),
                str(posting["denials"]),
                str(len(posting["work"])),
                note,
            )
    print_table(table, out)
    for result in results:
        for finding in result["report"]["findings"]:
            out.print(
                f"{result['file']}: {finding['severity']} {finding['rule']} {finding['path']}: "
                f"{finding['message']} ({finding['value']})"
            )


@click.group(
    name="ar", epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/ar.html"
)
def ar_command() -> None:
    """Accounts receivable: what is still owed, by age."""


@ar_command.command(
    name="aging",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/ar.html#medoffice-ar-aging",
)
@click.option("--as-of", "as_of", type=DAY, required=True, help="the day to age on")
@click.option("--by", type=click.Choice(["payer", "patient"]), default="payer", show_default=True)
@_db_option
@table_format_option
@handle_bad_input
def aging_command(
    *, as_of: date, by: Literal["payer", "patient"], db: Path, output_format: OutputFormat
) -> None:
    """Open balances in buckets of 0-30, 31-60, 61-90, 91-120 and over 120 days."""
    with _open(db) as database:
        aging = Revenue(database, clock=SystemClock()).aging(as_of=as_of, by=by)
    if output_format is OutputFormat.JSON:
        emit_json(aging.to_dict())
        return
    table = Table(title=f"A/R aging by {by} on {as_of.isoformat()}")
    table.add_column(by)
    for label in (*_LABELS, "total"):
        table.add_column(label, justify="right")
    for row in aging.rows:
        table.add_row(row.key, *(str(m.amount) for m in (*row.buckets, row.total)))
    total = Money.sum(aging.totals, currency=aging.totals[0].currency)
    table.add_row("total", *(str(m.amount) for m in (*aging.totals, total)))
    print_table(table)


@click.command(
    name="denials",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/denials.html",
)
@click.option("--since", type=DAY, default=None, help="only denials dated on or after this day")
@_db_option
@table_format_option
@handle_bad_input
def denials_command(*, since: date | None, db: Path, output_format: OutputFormat) -> None:
    """The denial work list: each denial's category, next action and deadline."""
    with _open(db) as database:
        denials = Revenue(database, clock=SystemClock()).denials(since=since)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "denials": [d.to_dict() for d in denials],
                "by_claims_rule": denial_statistics(denials),
            }
        )
        return
    table = Table(title=f"Denials ({len(denials)})")
    for column in ("claim", "line", "payer", "code", "amount", "category", "next action", "by"):
        table.add_column(column)
    for d in denials:
        table.add_row(
            d.claim,
            str(d.line),
            d.payer,
            d.code,
            str(d.amount.amount),
            d.category.value.replace("_", " "),
            d.action.value.replace("_", " "),
            d.appeal_by.isoformat() if d.appeal_by else "",
        )
    print_table(table)
    statistics = denial_statistics(denials)
    if statistics:
        rules = ", ".join(f"{rule} ({count})" for rule, count in statistics.items())
        console().print(f"Claim rules that would have caught them: {rules}")


#: The commands this module adds to ``medoffice``.
COMMANDS: Final = (command, ar_command, denials_command)

"""``medoffice demo``: check the identifiers of a synthetic practice's roster.

The roster is invented (no real people or organisations); some entries carry the mistakes that
reach billing offices every day: a transposed NPI digit, a DEA number with a wrong check digit, a
CLIA number missing its ``D``, an EIN with a prefix the IRS never assigns.
"""

from __future__ import annotations

from typing import Final

import click
from rich.table import Table

from medoffice.cli._identifiers import Checked, check_value
from medoffice.cli._output import EXIT_OK, OutputFormat, console, emit_json, format_option

__all__ = ["DEMO_ROSTER", "command"]

# (who, kind, value): synthetic values; valid ones computed with the official check digits.
DEMO_ROSTER: Final[tuple[tuple[str, str, str], ...]] = (
    ("Practice (billing provider)", "npi", "1234567893"),
    ("Practice (billing provider)", "ein", "12-3456789"),
    ("Practice laboratory", "clia", "05D0123456"),
    ("Physician A (rendering)", "npi", "1987654328"),
    ("Physician A (rendering)", "dea", "AB1234563"),
    ("Physician B (rendering)", "npi", "1456789019"),
    ("Physician B (rendering)", "dea", "BJ6125341"),
    ("Nurse practitioner C", "npi", "1765432103"),
    ("Nurse practitioner C", "dea", "MK9876547"),
    ("Physician assistant D", "npi", "1765432130"),  # two digits transposed
    ("Physician assistant D", "dea", "FS1234560"),  # wrong check digit
    ("Referring physician E", "npi", "2234567890"),  # wrong check digit
    ("Satellite laboratory", "clia", "05X0123456"),  # the third character must be D
    ("Management company", "ein", "07-3456789"),  # 07 is not an IRS campus prefix
)


@click.command(name="demo")
@format_option
def command(output_format: OutputFormat) -> None:
    """Check the identifiers of a synthetic practice, as a biller would before enrolment."""
    results: list[tuple[str, Checked]] = [
        (who, check_value(value, kind)) for who, kind, value in DEMO_ROSTER
    ]
    invalid = sum(not r.valid for _, r in results)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "roster": [{"who": who, **r.to_dict()} for who, r in results],
                "summary": {
                    "checked": len(results),
                    "valid": len(results) - invalid,
                    "invalid": invalid,
                },
            }
        )
        raise SystemExit(EXIT_OK)
    table = Table(title="Synthetic practice roster: identifier check")
    for column in ("who", "kind", "value", "valid", "formatted / problem"):
        table.add_column(column)
    for who, r in results:
        table.add_row(
            who,
            r.kind or "?",
            r.shown,
            "[green]yes[/green]" if r.valid else "[red]no[/red]",
            r.formatted if r.valid else r.problem,
        )
    out = console()
    out.print(table)
    out.print(
        f"{len(results)} identifiers checked: {len(results) - invalid} valid, "
        f"{invalid} to fix before the next claim goes out."
    )
    raise SystemExit(EXIT_OK)

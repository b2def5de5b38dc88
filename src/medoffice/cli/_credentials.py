"""``medoffice credentials``: standings and reminders from a JSON roster file.

The roster layout is documented in docs/credentials.md; ``examples/credentials/roster.json``
is a synthetic example. Output never shows names or birth dates, only staff ids.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Final

import click
from rich.table import Table

from medoffice.adapters.formats.icalendar import to_icalendar
from medoffice.adapters.formats.roster import Roster, load_roster
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
    reading,
    table_format_option,
)
from medoffice.credentials._alerts import DueItem, WeekdayCalendar, plan_alerts
from medoffice.credentials._capabilities import can_perform_waived_tests
from medoffice.credentials._index import StatusIndex
from medoffice.credentials._kind_packs import OFFICE_MATRIX
from medoffice.credentials._matrix import MATRIX, MatrixRow
from medoffice.credentials._query import requirement_status
from medoffice.credentials._status import Standing, best_credential, status
from medoffice.kernel import InvalidValue

__all__ = ["command"]

_NOT_IN_FORCE: Final = frozenset(
    {
        Standing.IN_GRACE,
        Standing.LAPSED_REINSTATABLE,
        Standing.EXPIRED,
        Standing.MISSING,
        Standing.UNDECIDABLE,
    }
)


_MATRICES: Final = {"default": MATRIX, "office": OFFICE_MATRIX}
matrix_option = click.option(
    "--matrix",
    "matrix_name",
    type=click.Choice(sorted(_MATRICES)),
    default="default",
    show_default=True,
    help="office adds the kinds an office tracks (malpractice, TB, flu, HIPAA, ...)",
)


def _matrix(name: str) -> tuple[MatrixRow, ...]:
    return _MATRICES[name]


def _window(entry: dict[str, Any]) -> str:
    window = entry["window"]
    text = f"{window[0]}..{window[1]}" if window else ""
    if entry["missing"]:
        text = f"needs {entry['missing']}"
    return text


@click.group(
    name="credentials",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/credentials.html",
)
def command() -> None:
    """Credential standings and renewal reminders for a roster (JSON)."""


@command.command(
    name="status",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/credentials.html#medoffice-credentials-status",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--on", "on", type=DAY, required=True, help="the day to answer for (YYYY-MM-DD)")
@click.option("--explain/--no-explain", default=False, help="include the rule, citation, facts")
@matrix_option
@table_format_option
@handle_bad_input
def status_command(
    *, file: Path, on: date, explain: bool, matrix_name: str, output_format: OutputFormat
) -> None:
    """Where every required credential stands on a day; exit 1 if any is not in force.

    ``satisfied`` holds through the last valid day (``expiring`` flags the window before it);
    ``undecidable`` names the missing fact (``needs birth_date``).
    """
    with reading(file):
        roster = load_roster(file)
    day = on
    matrix = _matrix(matrix_name)
    staff: list[dict[str, Any]] = [
        {
            "id": member.id,
            "role": member.role.value,
            "credentials": [
                s.to_dict() for s in status(member, day, explain=explain, matrix=matrix)
            ],
        }
        for member in roster.staff
    ]
    locations: list[dict[str, Any]] = [
        {
            "id": location.id,
            "waived_tests_allowed": (answer := can_perform_waived_tests(location, day)).allowed,
            "reasons": list(answer.reasons),
        }
        for location in roster.locations
    ]
    counts = Counter(c["standing"] for member in staff for c in member["credentials"])
    blocked = any(Standing(s) in _NOT_IN_FORCE for s in counts)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "on": day.isoformat(),
                "ok": not blocked,
                "staff": staff,
                "locations": locations,
                "summary": dict(sorted(counts.items())),
            }
        )
    else:
        table = Table(title=f"Credential status on {day.isoformat()}")
        for column in ("staff", "requirement", "standing", "valid through", "window"):
            table.add_column(column)
        for member in staff:
            for entry in member["credentials"]:
                standing = entry["standing"] + (" (expiring)" if entry["expiring"] else "")
                table.add_row(
                    member["id"],
                    entry["requirement"],
                    standing,
                    entry["valid_through"] or "-",
                    _window(entry),
                )
        out = console()
        print_table(table, out)
        for location in locations:
            verdict = "yes" if location["waived_tests_allowed"] else "no"
            reasons = ", ".join(location["reasons"])
            out.print(f"location {location['id']}: waived tests {verdict} {reasons}".rstrip())
    sys.exit(EXIT_FINDINGS if blocked else EXIT_OK)


# A reminder plan reaches at most a century ahead (no credential is valid for longer).
_MAX_HORIZON: Final = 36_525


def _thresholds(value: str) -> tuple[int, ...]:
    try:
        steps = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise InvalidValue("thresholds are comma-separated whole days, such as 90,30,7") from None
    if not steps:
        raise InvalidValue("give at least one threshold")
    return steps


def _due_items(roster: Roster, day: date, matrix: tuple[MatrixRow, ...]) -> list[DueItem]:
    items = list(StatusIndex(roster.staff, matrix=matrix).due_items(day))
    for location in roster.locations:
        found = best_credential(location.credentials, day)
        if found is not None and found[1].valid_through is not None:
            items.append(
                DueItem(
                    holder_id=location.id,
                    requirement=found[0].kind.value,
                    due_on=found[1].valid_through,
                )
            )
    return items


@command.command(
    name="alerts",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/credentials.html#medoffice-credentials-alerts",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--on", "on", type=DAY, required=True, help="the first sending day (YYYY-MM-DD)")
@click.option(
    "--horizon",
    type=click.IntRange(min=0, max=_MAX_HORIZON),
    required=True,
    help=f"days to plan ahead (at most {_MAX_HORIZON})",
)
@click.option(
    "--thresholds",
    default=None,
    help="days before the due date, such as 90,30,7 (default: each kind's own cadence)",
)
@click.option(
    "--ics",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="also write the due dates in the horizon as an iCalendar file",
)
@matrix_option
@table_format_option
@handle_bad_input
def alerts_command(
    *,
    file: Path,
    on: date,
    horizon: int,
    thresholds: str | None,
    ics: Path | None,
    matrix_name: str,
    output_format: OutputFormat,
) -> None:
    """The reminders to send over the horizon, on business days, with escalation tiers.

    Each kind reminds at its own cadence (CAQH: 15, 10, 5 days) unless ``--thresholds`` is
    given; a renewal window that opens (Medicare revalidation) is announced on its first day.
    """
    with reading(file):
        roster = load_roster(file)
    day = on
    items = _due_items(roster, day, _matrix(matrix_name))
    plan = plan_alerts(
        items,
        day,
        horizon_days=horizon,
        thresholds=None if thresholds is None else _thresholds(thresholds),
        calendar=WeekdayCalendar(roster.holidays),
    )
    if ics is not None:
        last = date.fromordinal(day.toordinal() + horizon)
        ics.write_bytes(
            to_icalendar([i for i in items if i.due_on <= last], stamp=day).encode("utf-8")
        )
    rows: list[dict[str, Any]] = [
        {
            "send_on": a.send_on.isoformat(),
            "holder": a.item.holder_id,
            "requirement": a.item.requirement,
            "due_on": a.item.due_on.isoformat(),
            "days_before": a.days_before,
            "tier": a.tier.value,
            "window_opens": a.window_opens,
        }
        for a in plan
    ]
    if output_format is OutputFormat.JSON:
        emit_json({"on": day.isoformat(), "horizon_days": horizon, "alerts": rows})
        return
    table = Table(title=f"Reminders from {day.isoformat()} for {horizon} days")
    for column in ("send on", "holder", "requirement", "due on", "days before", "tier"):
        table.add_column(column)
    for row in rows:
        days = "overdue" if row["days_before"] < 0 else str(row["days_before"])
        if row["window_opens"]:
            days = f"{days} (window opens)"
        table.add_row(
            row["send_on"], row["holder"], row["requirement"], row["due_on"], days, row["tier"]
        )
    print_table(table)


@command.command(
    name="requirement",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/credentials.html#medoffice-credentials-requirement",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("staff_id")
@click.argument("requirement")
@click.option("--on", "on", type=DAY, required=True, help="the day to answer for (YYYY-MM-DD)")
@matrix_option
@format_option
@handle_bad_input
def requirement_command(
    *,
    file: Path,
    staff_id: str,
    requirement: str,
    on: date,
    matrix_name: str,
    output_format: OutputFormat,
) -> None:
    """The standing of one requirement (such as state_license/CA) of one staff member.

    Exits 1 when it is required and not in force (undecidable included).
    """
    with reading(file):
        roster = load_roster(file)
    member = next((m for m in roster.staff if m.id == staff_id), None)
    if member is None:
        raise InvalidValue("no staff member in the roster has that id")
    day = on
    answer = requirement_status(member, requirement, day, matrix=_matrix(matrix_name))
    entry: dict[str, Any] = answer.to_dict()
    if output_format is OutputFormat.JSON:
        emit_json({"on": day.isoformat(), "staff": member.id, **entry})
    else:
        standing = entry["standing"] + (" (expiring)" if entry["expiring"] else "")
        rule = answer.explanation.rule.value if answer.explanation else "-"
        console().print(
            f"{member.id} {entry['requirement']}: {standing}, valid through "
            f"{entry['valid_through'] or '-'} {_window(entry)} [{rule}]".rstrip()
        )
    sys.exit(EXIT_FINDINGS if answer.standing in _NOT_IN_FORCE else EXIT_OK)

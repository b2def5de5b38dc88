"""``medoffice slots allocate``: place a batch of requests in a practice, with the gap to optimal.

::

    medoffice slots allocate requests.json
    medoffice slots allocate requests.json --practice practice.toml --exact --format json

The requests file (documented in :mod:`medoffice.adapters.formats.allocation_requests`) names
the practice file and "now"; the options override them. The report gives every placement, every
request left out and why, and the objective (total weight placed), an upper bound on the best
objective and the gap between them: 0 means the placement is proven optimal. Nothing is saved:
the practice file is read, not written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from medoffice.adapters.clock import SystemClock
from medoffice.adapters.formats.allocation_requests import load_requests_file
from medoffice.adapters.formats.practice import load_practice_file
from medoffice.cli._instants import parse_instant
from medoffice.cli._output import (
    OutputFormat,
    console,
    emit_json,
    handle_bad_input,
    print_table,
    table_format_option,
)
from medoffice.kernel import InvalidArgument
from medoffice.scheduling._alloc_exact import allocate_exact
from medoffice.scheduling._alloc_greedy import allocate
from medoffice.scheduling._alloc_model import Allocation, AllocationRequest

__all__ = ["allocate_command"]


@click.command(
    name="allocate",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/slots.html#medoffice-slots-allocate",
)
@click.argument("requests_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--practice",
    type=click.Path(dir_okay=False, path_type=Path),
    help="the practice file (default: the one the requests file names)",
)
@click.option("--now", help="the current instant (default: the requests file's, else the clock)")
@click.option("--exact", is_flag=True, help="solve exactly with SciPy (the scipy extra)")
@table_format_option
@handle_bad_input
def allocate_command(
    *,
    requests_file: Path,
    practice: Path | None,
    now: str | None,
    exact: bool,
    output_format: OutputFormat,
) -> None:
    """Place a batch of requests (JSON) in a practice file; report objective, bound and gap."""
    batch = load_requests_file(requests_file)
    source = practice or batch.practice
    if source is None:
        raise InvalidArgument("name the practice file: --practice, or 'practice' in the requests")
    snapshot = load_practice_file(source)
    at = parse_instant(now) if now is not None else batch.now or SystemClock().now()
    if exact:
        from medoffice.adapters.solvers import MilpSolver  # noqa: PLC0415 - the scipy extra

        result = allocate_exact(snapshot, batch.requests, now=at, solver=MilpSolver())
    else:
        result = allocate(snapshot, batch.requests, now=at)
    tz = ZoneInfo(snapshot.setup.practice_zone)
    report = _report(result, batch.requests, tz)
    if output_format is OutputFormat.JSON:
        emit_json(report)
    else:
        _table(report)


def _report(
    result: Allocation, requests: tuple[AllocationRequest, ...], tz: ZoneInfo
) -> dict[str, Any]:
    return {
        "method": result.method,
        "optimal": result.optimal,
        "requests": len(requests),
        "objective": result.objective,
        "bound": result.bound,
        "gap": round(result.gap, 6),
        "placements": [
            {
                "request": p.request_id,
                "provider": p.provider,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "local_start": p.start.astimezone(tz).isoformat(),
                "resources": sorted(p.resources),
            }
            for p in result.placements
        ],
        "unplaced": [{"request": u.request_id, "reason": u.reason.value} for u in result.unplaced],
    }


def _table(report: dict[str, Any]) -> None:
    out = console()
    table = Table(title="Placements")
    for heading in ("request", "provider", "start", "resources"):
        table.add_column(heading)
    for row in report["placements"]:
        table.add_row(
            row["request"], row["provider"], row["local_start"][:16], ", ".join(row["resources"])
        )
    print_table(table, out)
    for row in report["unplaced"]:
        out.print(f"not placed: {row['request']} ({row['reason']})")
    out.print(
        f"{len(report['placements'])} of {report['requests']} placed ({report['method']}); "
        f"objective {report['objective']}, bound {report['bound']}, gap {report['gap']:.2%}"
    )

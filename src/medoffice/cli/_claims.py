"""``medoffice claims``: check professional claims before they are submitted.

``medoffice claims check FILE...`` reads JSON claims (one claim, a list, or ``{"claims": [...]}``
per file), checks each against the ICD-10-CM code set and whatever official files
``--reference-data`` holds, and prints a table, or with ``--format json``::

    {
        "claims": [
            {
                "claim": "<patient control number>",
                "ok": true,
                "findings": [
                    {"rule": ..., "severity": ..., "path": ..., "message": ..., "value": ...}
                ],
            }
        ],
        "summary": {"claims": 1, "ok": 1, "not_ok": 0, "error": 0, "warning": 0, "info": 0},
    }

Exit codes: 0 clean, 1 error findings, 2 unreadable input (a file, a profile, a folder).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from medoffice.cli._output import (
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    format_option,
    handle_bad_input,
)
from medoffice.kernel import Report, Severity

__all__ = ["command"]

# Runs shorter than this finish before a progress bar would be worth drawing.
_PROGRESS_FROM = 200


@click.group(name="claims")
def command() -> None:
    """Check professional claims (CMS-1500 / 837P) before they are submitted."""


def _read_claims(paths: Sequence[Path]) -> list[tuple[Path, Any]]:
    from medoffice.claims import ClaimReadError, claims_from_json  # noqa: PLC0415

    found: list[tuple[Path, Any]] = []
    for path in paths:
        try:
            claims = claims_from_json(path.read_bytes())
        except ClaimReadError as error:
            raise ClaimReadError([f"{path}: {problem}" for problem in error.problems]) from None
        found.extend((path, claim) for claim in claims)
    return found


def _finding(f: Any) -> dict[str, str | None]:
    return {
        "rule": f.rule.value,
        "severity": f.severity.value,
        "path": f.path,
        "message": f.message,
        "value": f.value,
    }


def _summary(reports: Sequence[Report]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for report in reports:
        for severity, count in report.summary().items():
            counts[severity] += count
    ok = sum(1 for r in reports if r.ok)
    return {"claims": len(reports), "ok": ok, "not_ok": len(reports) - ok, **counts}


def _checked(claims: Sequence[Any], context: Any, *, show_progress: bool) -> list[Report]:
    from medoffice.claims import check_claim  # noqa: PLC0415

    if not show_progress:
        return [check_claim(claim, context=context) for claim in claims]
    reports: list[Report] = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking claims", total=len(claims))
        for claim in claims:
            reports.append(check_claim(claim, context=context))
            progress.advance(task)
    return reports


def _table(items: Iterable[tuple[Any, Report]], summary: dict[str, int]) -> None:
    out = console()
    style = {"error": "red", "warning": "yellow", "info": "cyan"}
    for claim, report in items:
        if not report.findings:
            out.print(f"[bold]{claim.patient_control_number}[/bold]: [green]ok[/green]")
            continue
        table = Table(title=f"{claim.patient_control_number}", title_justify="left")
        table.add_column("severity")
        table.add_column("rule", no_wrap=True)
        table.add_column("path", overflow="fold")
        table.add_column("value", overflow="fold")
        table.add_column("message")
        for f in report:
            sev = f.severity.value
            table.add_row(
                f"[{style[sev]}]{sev}[/{style[sev]}]",
                f.rule.value,
                f.path,
                f.value or "",
                f.message,
            )
        out.print(table)
    out.print(
        f"{summary['claims']} claims: {summary['ok']} ok, {summary['not_ok']} with errors "
        f"({summary['error']} errors, {summary['warning']} warnings, {summary['info']} notes)"
    )


@command.command(name="check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="rule profile, TOML or JSON (enable, disable, severities, per payer)",
)
@click.option(
    "--reference-data",
    "reference_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="folder of official files: ICD-10-CM releases, the MCE edit table, HCPCS",
)
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="submission date, YYYY-MM-DD (default: today, UTC)",
)
@format_option
@handle_bad_input
def check(
    files: tuple[Path, ...],
    profile_path: Path | None,
    reference_dir: Path | None,
    on: datetime | None,
    output_format: OutputFormat,
) -> None:
    """Check JSON claims in FILE... against the rule catalogue (see docs/rules.md)."""
    from medoffice.adapters import SystemClock  # noqa: PLC0415
    from medoffice.adapters.claims_reference import load_reference_data  # noqa: PLC0415
    from medoffice.claims import CheckContext, Profile  # noqa: PLC0415

    claims = [claim for _, claim in _read_claims(files)]
    profile = Profile()
    if profile_path is not None:
        text = profile_path.read_text(encoding="utf-8")
        is_json = profile_path.suffix.lower() == ".json"
        profile = Profile.from_json(text) if is_json else Profile.from_toml(text)
    reference = load_reference_data(reference_dir)
    day: date = on.date() if on is not None else SystemClock().now().date()
    context = CheckContext(
        on=day,
        diagnoses=reference.diagnoses,
        edits=reference.edits,
        procedures=reference.procedures,
        profile=profile,
    )
    show_progress = len(claims) >= _PROGRESS_FROM and Console(stderr=True).is_terminal
    reports = _checked(claims, context, show_progress=show_progress)
    summary = _summary(reports)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "claims": [
                    {
                        "claim": claim.patient_control_number,
                        "ok": report.ok,
                        "findings": [_finding(f) for f in report],
                    }
                    for claim, report in zip(claims, reports, strict=True)
                ],
                "summary": summary,
            }
        )
    else:
        _table(zip(claims, reports, strict=True), summary)
    raise SystemExit(EXIT_OK if summary["not_ok"] == 0 else EXIT_FINDINGS)

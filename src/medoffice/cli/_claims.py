"""``medoffice claims``: check professional claims before they are submitted.

``medoffice claims check FILE...`` reads JSON claims (one claim, a list, or ``{"claims": [...]}``
per file) and X12 837P files (recognised by content: an ``ISA`` segment first, after an
optional byte-order mark or white space), checks each claim against the ICD-10-CM code set and
whatever official files ``--reference-data`` holds (ICD-10-CM, MCE, HCPCS, NCCI PTP, MUE and
add-on tables, POS lists), and prints a table, or with ``--format json``::

    {
        "claims": [
            {
                "claim": "<patient control number>",
                "ok": true,
                "findings": [
                    {
                        "rule": ...,
                        "severity": ...,
                        "path": ...,
                        "message": ...,
                        "value": ...,
                        "source": ...,
                    }
                ],
            }
        ],
        "summary": {"claims": 1, "ok": 1, "not_ok": 0, "error": 0, "warning": 0, "info": 0},
    }

The X12 reader's findings on a claim (``X12-SEGMENT``, ``X12-ELEMENT``) join that claim's
findings; findings about a file as a whole (``X12-ENVELOPE``, and ``X12-TR3`` from pyx12 with
``--strict-x12``) are listed as an entry whose ``claim`` is ``null`` and whose ``file`` names it.

Exit codes: 0 clean, 1 error findings, 2 unreadable input (a file that is neither JSON claims
nor X12, a profile, a folder).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

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
from medoffice.kernel import Finding, Report, Severity

__all__ = ["command"]

# Runs shorter than this finish before a progress bar would be worth drawing.
_PROGRESS_FROM = 200
# An X12 interchange starts with ISA, after an optional UTF-8 byte-order mark or white space.
_BOM: Final = b"\xef\xbb\xbf"


@click.group(name="claims")
def command() -> None:
    """Check professional claims (CMS-1500 / 837P) before they are submitted."""


def is_x12(path: Path) -> bool:
    """Whether ``path`` holds an X12 interchange (judged by its first bytes, not its name)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    return head.removeprefix(_BOM).lstrip().startswith(b"ISA")


class Entry:
    """One claim read (or a file's own findings when ``claim`` is ``None``)."""

    __slots__ = ("claim", "file", "found")

    def __init__(self, claim: Any, found: Sequence[Finding] = (), file: Path | None = None) -> None:
        self.claim = claim
        self.found = tuple(found)
        self.file = file


def _read_x12(path: Path, *, strict: bool) -> list[Entry]:
    from medoffice.adapters.formats.x12 import X12Claim, check_tr3, read_837p, to_claim  # noqa: PLC0415

    entries: list[Entry] = []
    file_findings: list[Finding] = []
    for item in read_837p(path):
        if isinstance(item, X12Claim):
            entries.append(Entry(to_claim(item), item.findings))
        else:
            file_findings.append(item)
    if strict:
        file_findings.extend(check_tr3(path))
    if file_findings:
        entries.append(Entry(None, file_findings, file=path))
    return entries


def _read_claims(paths: Sequence[Path], *, strict_x12: bool = False) -> list[Entry]:
    from medoffice.claims._json import ClaimReadError, claims_from_json  # noqa: PLC0415

    found: list[Entry] = []
    for path in paths:
        if is_x12(path):
            found.extend(_read_x12(path, strict=strict_x12))
            continue
        try:
            claims = claims_from_json(path.read_bytes())
        except ClaimReadError as error:
            raise ClaimReadError([f"{path}: {problem}" for problem in error.problems]) from None
        found.extend(Entry(claim) for claim in claims)
    return found


def _summary(reports: Sequence[Report]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for report in reports:
        for severity, count in report.summary().items():
            counts[severity] += count
    ok = sum(1 for r in reports if r.ok)
    return {"claims": len(reports), "ok": ok, "not_ok": len(reports) - ok, **counts}


def _checked(claims: Sequence[Any], context: Any, *, show_progress: bool) -> list[Report]:
    from medoffice.claims._batch import check_claims  # noqa: PLC0415

    if not show_progress:
        return [report for _, report in check_claims(claims, context=context)]
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking claims", total=len(claims))
        return [
            report
            for _, report in check_claims(
                claims, context=context, progress=lambda done: progress.update(task, completed=done)
            )
        ]


def _reports(entries: Sequence[Entry], context: Any, *, show_progress: bool) -> list[Report]:
    claims = [e.claim for e in entries if e.claim is not None]
    checked = iter(_checked(claims, context, show_progress=show_progress))
    reports = []
    for entry in entries:
        own = Report(entry.found) if entry.claim is None else next(checked)
        if entry.claim is not None and entry.found:
            own = Report((*entry.found, *own.findings), not_run=own.not_run)
        reports.append(own)
    return reports


def _label(entry: Entry) -> str:
    return str(entry.file) if entry.claim is None else str(entry.claim.patient_control_number)


def _table(items: Iterable[tuple[Entry, Report]], summary: dict[str, int]) -> None:
    out = console()
    style = {"error": "red", "warning": "yellow", "info": "cyan"}
    for entry, report in items:
        label = _label(entry)
        if not report.findings:
            out.print(f"[bold]{label}[/bold]: [green]ok[/green]")
            continue
        table = Table(title=label, title_justify="left")
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


_SHOWN_DATES: Final = 5


def _provenance(
    provenance: dict[str, dict[str, str | None]] | list[str], reports: Sequence[Report]
) -> None:
    """Which release of each set answered, and which rules did not run for lack of data."""
    out = console()
    if isinstance(provenance, list):
        out.print(f"Reference data: {'; '.join(provenance)}")
    for day, answers in list(provenance.items() if isinstance(provenance, dict) else ())[
        :_SHOWN_DATES
    ]:
        used = "; ".join(f"{name}: {label or 'NOT INSTALLED'}" for name, label in answers.items())
        out.print(f"Reference data for {day}: {used}")
    needs = sorted({n for r in reports for _, n in r.not_run})
    if needs:
        rules = len({rule for r in reports for rule, _ in r.not_run})
        out.print(
            f"[yellow]{rules} rules did not run[/yellow] for lack of: {', '.join(needs)} "
            "(see `medoffice reference list`)"
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
    help="folder of official files: ICD-10-CM releases, the MCE edit table, HCPCS, "
    "NCCI PTP, MUE and add-on tables, POS lists",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="the reference store to check against when --reference-data is not given (default: "
    "MEDOFFICE_REFERENCE_STORE, else the user data folder)",
)
@click.option(
    "--strict-x12",
    is_flag=True,
    help="also run pyx12's full TR3 validation on 837P files (needs the x12 extra)",
)
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="submission date, YYYY-MM-DD (default: today, UTC)",
)
@format_option
@handle_bad_input
def check(  # click passes every parameter by keyword
    *,
    files: tuple[Path, ...],
    profile_path: Path | None,
    reference_dir: Path | None,
    store: Path | None,
    strict_x12: bool,
    on: datetime | None,
    output_format: OutputFormat,
) -> None:
    """Check JSON or X12 837P claims in FILE... against the rule catalogue (docs/rules.md)."""
    from medoffice.adapters.clock import SystemClock  # noqa: PLC0415
    from medoffice.adapters.reference import (  # noqa: PLC0415
        load_edit_tables,
        load_reference_data,
        reference_report,
    )
    from medoffice.claims import CheckContext, Profile  # noqa: PLC0415

    entries = _read_claims(files, strict_x12=strict_x12)
    profile = Profile()
    if profile_path is not None:
        text = profile_path.read_text(encoding="utf-8")
        is_json = profile_path.suffix.lower() == ".json"
        profile = Profile.from_json(text) if is_json else Profile.from_toml(text)
    day: date = on.date() if on is not None else SystemClock().now().date()
    dates = sorted(
        {ln.service_from for e in entries if e.claim is not None for ln in e.claim.lines}
    )
    provenance: dict[str, dict[str, str | None]] | list[str]
    if reference_dir is None:
        from medoffice.adapters.reference import ReferenceStore, load_store  # noqa: PLC0415

        held = load_store(ReferenceStore.open(store))
        context = CheckContext.from_store(held, on=day, profile=profile)
        provenance = {d.isoformat(): held.provenance(d) for d in dates}
    else:
        reference = load_reference_data(reference_dir)
        loaded = load_edit_tables(reference_dir)
        # Every report carries the problems of the reference files it relied on.
        context = CheckContext(
            on=day,
            diagnoses=reference.diagnoses,
            edits=reference.edits,
            procedures=reference.procedures,
            tables=loaded.tables,
            profile=profile,
            reference=reference_report(reference.problems + loaded.problems),
        )
        provenance = [*reference.loaded, *loaded.loaded]
    show_progress = len(entries) >= _PROGRESS_FROM and Console(stderr=True).is_terminal
    reports = _reports(entries, context, show_progress=show_progress)
    summary = _summary(reports)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "claims": [
                    {
                        "claim": None if e.claim is None else e.claim.patient_control_number,
                        **({} if e.file is None else {"file": str(e.file)}),
                        "ok": report.ok,
                        "findings": [f.to_dict() for f in report],
                        "not_run": [{"rule": r, "needs": n} for r, n in report.not_run],
                    }
                    for e, report in zip(entries, reports, strict=True)
                ],
                "summary": summary,
                "reference": provenance,
            }
        )
    else:
        _table(zip(entries, reports, strict=True), summary)
        _provenance(provenance, reports)
    raise SystemExit(EXIT_OK if summary["not_ok"] == 0 else EXIT_FINDINGS)

"""The claims stage of ``medoffice demo``: JSON and 837P claims checked before submission.

The JSON claims are written to the demo folder and read back with
:func:`medoffice.claims.claims_from_json`; the 837P interchange is made by the synthetic
generator of the test kit (when the ``test`` dependency group is installed), read with
:func:`medoffice.adapters.x12.read_837p_all` and mapped with
:func:`~medoffice.adapters.x12.to_claim`. Every claim is checked with the bundled ICD-10-CM by
:func:`medoffice.claims.check_claim`; the demo's sample NCCI tables (:mod:`._demo_tables`) are
then consulted line by line, reported as table look-ups beside the checker's findings.

More information: docs/demo.md, docs/claims.md, docs/x12.md.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from medoffice.adapters.claims_reference import IcdDiagnosisCodes
from medoffice.adapters.x12 import read_837p_all, to_claim
from medoffice.claims import CheckContext, Claim, check_claim, claims_from_json
from medoffice.cli._demo_practice import DemoPractice
from medoffice.cli._demo_tables import write_and_load_tables
from medoffice.coding.ncci import ModifierIndicator, NcciEdits
from medoffice.kernel import Report

__all__ = ["SUBMITTED_ON", "claims_stage", "ncci_lookups"]

#: The day the month's claims are checked for submission.
SUBMITTED_ON: Final = date(2026, 4, 1)

Advance = Callable[[int], None]


def ncci_lookups(claim: Claim, edits: NcciEdits) -> Counter[str]:
    """What the NCCI tables say about the claim's lines: PTP pairs, units over the MUE, and
    add-on codes billed without any of their primaries."""
    found: Counter[str] = Counter()
    codes = {(line.procedure, line.service_from) for line in claim.lines}
    units: dict[tuple[str, date], Decimal] = {}
    for line in claim.lines:
        key = (line.procedure, line.service_from)
        units[key] = units.get(key, Decimal(0)) + line.units
    for (code, on), count in units.items():
        limit = edits.mue_limit(code, on=on)
        if limit is not None and count > limit.max_units:
            found["ncci-mue-units"] += 1
    for one, on in codes:
        for two, other_day in codes:
            edit = edits.ptp_edit(one, two, on=on) if other_day == on else None
            if edit is not None and edit.in_force_on(on):
                allowed = edit.indicator is ModifierIndicator.ALLOWED
                found["ncci-ptp-pair" if not allowed else "ncci-ptp-pair-modifier-allowed"] += 1
        aoc = edits.aoc
        alone = aoc is not None and aoc.is_add_on(one, on=on)
        if alone and not any(aoc.supports(one, c, on=on) for c, _ in codes if aoc):
            found["ncci-add-on-alone"] += 1
    return found


def _tally(reports: Sequence[Report]) -> dict[str, int]:
    return dict(sorted(Counter(f.rule.value for r in reports for f in r).items()))


def claims_stage(practice: DemoPractice, folder: Path, advance: Advance) -> dict[str, Any]:
    """Check the practice's claims (JSON, then 837P) and summarise the findings by rule."""
    json_file = folder / "claims.json"
    json_file.write_text(json.dumps({"claims": list(practice.claims)}, indent=1), "utf-8")
    claims = claims_from_json(json_file.read_bytes())
    context = CheckContext(on=SUBMITTED_ON, diagnoses=IcdDiagnosisCodes.bundled())
    edits = write_and_load_tables(folder)
    reports: list[Report] = []
    lookups: Counter[str] = Counter()
    clean = Decimal(0)
    for claim in claims:
        report = check_claim(claim, context=context)
        reports.append(report)
        found = ncci_lookups(claim, edits)
        lookups.update(found)
        if report.ok and not found:
            clean += claim.total_charge.amount if claim.total_charge else Decimal(0)
        advance(1)
    summary: dict[str, Any] = {
        "submitted_on": SUBMITTED_ON.isoformat(),
        "json": {
            "claims": len(claims),
            "clean": sum(r.ok for r in reports),
            "findings_by_rule": _tally(reports),
            "ncci_lookups": dict(sorted(lookups.items())),
        },
        "clean_charges": str(clean),
        "x12": _x12(practice, folder, context, advance),
    }
    return summary


def _x12(
    practice: DemoPractice, folder: Path, context: CheckContext, advance: Advance
) -> dict[str, Any]:
    try:
        from medoffice.testing._x12_generator import generate_837p  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the test kit needs Hypothesis (the test group)
        return {"skipped": "the 837P generator needs the test dependency group (Hypothesis)"}
    count = practice.x12_claims
    path = folder / "claims.837p"
    path.write_bytes(generate_837p(count, seed=practice.seed))
    reading = read_837p_all(path.read_bytes())
    claims = [to_claim(c) for c in reading.claims]
    # The generated interchange spreads its services over the weeks after 2 March; it is
    # checked as if submitted the day after its last service.
    last = max((line.service_from for claim in claims for line in claim.lines), default=None)
    on = SUBMITTED_ON if last is None else max(SUBMITTED_ON, last + timedelta(days=1))
    context = attrs.evolve(context, on=on)
    reports = [reading.report]
    for claim in claims:
        reports.append(check_claim(claim, context=context))
        advance(1)
    return {
        "file": path.name,
        "submitted_on": on.isoformat(),
        "claims": len(reading.claims),
        "envelope_ok": reading.report.ok,
        "clean": sum(r.ok for r in reports[1:]),
        "findings_by_rule": _tally(reports),
    }

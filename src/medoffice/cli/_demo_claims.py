"""The claims stage of ``medoffice demo``: JSON and 837P claims checked before submission.

The JSON claims are written to the demo folder and read back with
:func:`medoffice.claims.claims_from_json`; the first of them are also written as an 837P
interchange (:func:`medoffice.adapters.formats.x12.claims_to_837p`), read back with
:func:`medoffice.adapters.formats.x12.read_837p_all` and mapped with
:func:`~medoffice.adapters.formats.x12.to_claim`, so the same claims are checked by both roads.
Every claim is checked by
:func:`medoffice.claims.check_claims` with the bundled ICD-10-CM and the demo's sample NCCI
tables (:mod:`._demo_tables`, loaded as the official files are), so the NCCI PTP, MUE and add-on
rules run beside the diagnosis, pointer and structure rules.

More information: docs/demo.md, docs/claims.md, docs/x12.md.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from medoffice.adapters.bridges import NcciEditTables
from medoffice.adapters.formats.x12 import (
    X12Submission,
    claims_to_837p,
    read_837p_all,
    to_claim,
)
from medoffice.adapters.reference import load_diagnosis_codes
from medoffice.claims._batch import check_claims
from medoffice.claims._check import CheckContext
from medoffice.claims._json import claims_from_json
from medoffice.claims._model import Claim
from medoffice.cli._demo_practice import DemoPractice
from medoffice.cli._demo_tables import write_and_load_tables
from medoffice.kernel import Report

__all__ = ["SUBMITTED_ON", "claims_stage"]

#: The day the month's claims are checked for submission.
SUBMITTED_ON: Final = date(2026, 4, 1)
#: Who the demo practice sends its 837P to, and when.
SUBMISSION: Final = X12Submission(
    sender_id="MEDOFFICEDEMO",
    receiver_id="CLEARINGHOUSE",
    submitter_name="SYNTHETIC BILLING SERVICE",
    receiver_name="SYNTHETIC CLEARINGHOUSE",
    contact_name="CLAIMS DESK",
    contact_phone="5555550100",
    created=datetime(2026, 4, 1, 9, 0, tzinfo=UTC),
)

Advance = Callable[[int], None]


def _tally(reports: Sequence[Report]) -> dict[str, int]:
    return dict(sorted(Counter(f.rule.value for r in reports for f in r).items()))


def claims_stage(practice: DemoPractice, folder: Path, advance: Advance) -> dict[str, Any]:
    """Check the practice's claims (JSON, then 837P) and summarise the findings by rule."""
    json_file = folder / "claims.json"
    json_file.write_text(json.dumps({"claims": list(practice.claims)}, indent=1), "utf-8")
    claims = claims_from_json(json_file.read_bytes())
    context = CheckContext(
        on=SUBMITTED_ON,
        diagnoses=load_diagnosis_codes(),
        tables=NcciEditTables(write_and_load_tables(folder)),
    )
    reports: list[Report] = []
    clean = Decimal(0)
    for claim, report in check_claims(claims, context=context, progress=lambda _: advance(1)):
        reports.append(report)
        if report.ok and claim.total_charge is not None:
            clean += claim.total_charge.amount
    summary: dict[str, Any] = {
        "submitted_on": SUBMITTED_ON.isoformat(),
        "json": {
            "claims": len(claims),
            "clean": sum(r.ok for r in reports),
            "findings_by_rule": _tally(reports),
        },
        "clean_charges": str(clean),
        "x12": _x12(claims[: practice.x12_claims], folder, context, advance),
    }
    summary["x12"]["same_findings_as_json"] = summary["x12"]["findings_by_rule"] == _tally(
        reports[: practice.x12_claims]
    )
    return summary


def _x12(
    claims: Sequence[Claim], folder: Path, context: CheckContext, advance: Advance
) -> dict[str, Any]:
    path = folder / "claims.837p"
    path.write_bytes(claims_to_837p(claims, submission=SUBMISSION))
    reading = read_837p_all(path.read_bytes())
    read = [to_claim(c) for c in reading.claims]
    reports = [reading.report]
    for _, report in check_claims(read, context=context, progress=lambda _: advance(1)):
        reports.append(report)
    return {
        "file": path.name,
        "claims": len(read),
        "envelope_ok": reading.report.ok,
        "clean": sum(r.ok for r in reports[1:]),
        "findings_by_rule": _tally(reports),
    }

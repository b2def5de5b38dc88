"""Procedure rules: the shape of each line's code, and HCPCS Level II validity on the date.

CPT (HCPCS Level I) codes are checked for shape only: the CPT code list is AMA-licensed. HCPCS
Level II codes (a letter and four digits) are checked against the CMS quarterly file when one
is loaded.

More information: CMS HCPCS quarterly update,
https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update ;
45 CFR 162.1002 (HCPCS and CPT as HIPAA code sets).

>>> from datetime import date
>>> import attrs
>>> from medoffice.claims import CheckContext, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, InMemoryProcedureCodes, sample_claim
>>> context = CheckContext(
...     on=date(2026, 3, 20),
...     diagnoses=InMemoryDiagnosisCodes.sample(),
...     procedures=InMemoryProcedureCodes.sample(),
... )
>>> *lines, last = sample_claim().lines
>>> claim = sample_claim(lines=(*lines, attrs.evolve(last, procedure="A4397")))
>>> [(f.rule.value, f.path, f.value) for f in check_claim(claim, context=context)]
[('PX-INVALID-ON-DOS', 'lines[2].procedure', 'A4397')]
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import Final

from medoffice.claims._facts import Facts
from medoffice.claims._rule import NO_HITS, Hit, Needs, Rule
from medoffice.claims.ports import ProcedureCodes
from medoffice.identifiers import hcpcs
from medoffice.kernel import Severity

__all__ = ["PROCEDURE_RULES"]


@functools.lru_cache(maxsize=8192)
def _shaped(code: object) -> bool:
    return isinstance(code, str) and code == code.strip().upper() and hcpcs.is_procedure_code(code)


def px_format(f: Facts) -> Sequence[Hit]:
    return [
        Hit(
            f"lines[{i}].procedure", "the procedure is not a CPT or HCPCS code", str(line.procedure)
        )
        for i, line in enumerate(f.claim.lines)
        if not _shaped(line.procedure)
    ]


def _active(codes: ProcedureCodes, code: str, day: date) -> bool:
    """Whether PX-INVALID-ON-DOS passes over ``code`` (not a digit first) on ``day``: it is
    no HCPCS code, the file does not cover the day, or the code is active that day."""
    return not _shaped(code) or not codes.covers(day) or codes.is_valid_on(code, day)


def px_invalid_on_dos(f: Facts) -> Sequence[Hit]:
    codes = f.context.procedures
    if codes is None:
        return NO_HITS
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        code: object = line.procedure  # a claim made without its checks may hold anything
        # A CPT code (a digit first) is not in the HCPCS file: most lines stop at that test.
        if not isinstance(code, str) or code[:1].isdigit():
            continue
        if not _active(codes, code, line.service_from):
            hits.append(
                Hit(
                    f"lines[{i}].procedure",
                    "the HCPCS code is not active on the date of service",
                    code,
                )
            )
    return hits


PROCEDURE_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="PX-FORMAT",
        severity=Severity.ERROR,
        summary="A procedure code is not shaped like a CPT or HCPCS Level II code.",
        authority="45 CFR 162.1002; AMA CPT code structure; CMS HCPCS Level II",
        check=px_format,
    ),
    Rule(
        id="PX-INVALID-ON-DOS",
        severity=Severity.ERROR,
        summary="A HCPCS Level II code is not active on its date of service.",
        authority="CMS HCPCS quarterly file (ADD DT / TERM DT)",
        check=px_invalid_on_dos,
        needs=Needs.HCPCS,
    ),
)

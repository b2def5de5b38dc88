"""Denials that say what to do: a category, a next action, the claim rule that would catch it.

A payer denies a line with a claim adjustment reason code (CARC) under a group code, often with
remark codes (RARC). :func:`classify` maps the CARC (and, where a remark is more precise, the
RARC) to a :class:`DenialCategory`; :func:`next_action` turns the category and group into what
the biller does next: correct and resubmit, appeal by a deadline (the payer profile's appeal
window from the remittance date), bill the patient (a PR denial), bill the secondary (another
payer is primary), or write off with a reason. Where a claim rule of
:func:`medoffice.claims.check_claim` checks for the cause before submission, the denial names it
(``claims_rule``), so :func:`denial_statistics` can tell the scrubber's profile which rules to
turn on or up. Adjustments whose CARC is not a denial (contractual reductions, deductible,
coinsurance) are not denials.

The mapping is medoffice's own reading of the CARC list; the codes are X12's (external code
source 139), their descriptions are not shipped (see :mod:`medoffice.revenue.codes`).

More information: X12 Claim Adjustment Reason Codes (https://x12.org/codes/claim-adjustment-reason-codes);
CMS MLN, *Medicare Claim Review Programs* and appeals (https://www.cms.gov/medicare/appeals-grievances).

>>> classify("CO", "97", ())
(<DenialCategory.CODING: 'coding'>, 'NCCI-PTP-0')
>>> next_action(DenialCategory.NON_COVERED, "PR")
<NextAction.BILL_PATIENT: 'bill_patient'>
>>> classify("CO", "45", ()) is None
True
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final, final

import attrs

from medoffice.kernel import Money

__all__ = [
    "DENIAL_CODES",
    "Denial",
    "DenialCategory",
    "NextAction",
    "classify",
    "denial_statistics",
    "next_action",
]


@final
class DenialCategory(enum.StrEnum):
    """Why a payer denied: the root causes a denial work list is sorted by."""

    ELIGIBILITY = "eligibility"
    AUTHORIZATION = "authorization"
    CODING = "coding"
    MEDICAL_NECESSITY = "medical_necessity"
    TIMELY_FILING = "timely_filing"
    DUPLICATE = "duplicate"
    MISSING_INFORMATION = "missing_information"
    COORDINATION_OF_BENEFITS = "coordination_of_benefits"
    NON_COVERED = "non_covered"


@final
class NextAction(enum.StrEnum):
    """What the biller does next about a denial."""

    CORRECT_AND_RESUBMIT = "correct_and_resubmit"
    APPEAL = "appeal"
    BILL_PATIENT = "bill_patient"
    BILL_SECONDARY = "bill_secondary"
    WRITE_OFF = "write_off"


_C = DenialCategory
# CARC -> (category, the claim rule that checks for it before submission, or None).
DENIAL_CODES: Final[dict[str, tuple[DenialCategory, str | None]]] = {
    "4": (_C.CODING, "MOD-CONFLICT"),
    "5": (_C.CODING, "POS-INVALID"),
    "6": (_C.CODING, "DX-AGE-CONFLICT"),
    "7": (_C.CODING, "DX-SEX-CONFLICT"),
    "9": (_C.CODING, "DX-AGE-CONFLICT"),
    "10": (_C.CODING, "DX-SEX-CONFLICT"),
    "11": (_C.CODING, None),
    "15": (_C.AUTHORIZATION, None),
    "16": (_C.MISSING_INFORMATION, None),
    "18": (_C.DUPLICATE, "LINE-DUPLICATE"),
    "22": (_C.COORDINATION_OF_BENEFITS, None),
    "26": (_C.ELIGIBILITY, None),
    "27": (_C.ELIGIBILITY, None),
    "29": (_C.TIMELY_FILING, "ADM-TIMELY-FILING"),
    "31": (_C.ELIGIBILITY, None),
    "33": (_C.ELIGIBILITY, None),
    "49": (_C.NON_COVERED, None),
    "50": (_C.MEDICAL_NECESSITY, None),
    "96": (_C.NON_COVERED, None),
    "97": (_C.CODING, "NCCI-PTP-0"),
    "109": (_C.COORDINATION_OF_BENEFITS, None),
    "119": (_C.NON_COVERED, None),
    "125": (_C.MISSING_INFORMATION, None),
    "146": (_C.CODING, "DX-INVALID-ON-DOS"),
    "150": (_C.MEDICAL_NECESSITY, None),
    "151": (_C.MEDICAL_NECESSITY, "MUE-LINE"),
    "177": (_C.ELIGIBILITY, None),
    "181": (_C.CODING, "PX-INVALID-ON-DOS"),
    "182": (_C.CODING, "MOD-UNKNOWN"),
    "197": (_C.AUTHORIZATION, None),
    "198": (_C.AUTHORIZATION, None),
    "204": (_C.NON_COVERED, None),
    "226": (_C.MISSING_INFORMATION, None),
    "231": (_C.CODING, "NCCI-PTP-1"),
    "234": (_C.CODING, "AOC-ALONE"),
    "236": (_C.CODING, "NCCI-PTP-1"),
    "252": (_C.MISSING_INFORMATION, None),
    "288": (_C.AUTHORIZATION, None),
}
# Remark codes that name the missing or invalid item more precisely than CARC 16 does.
_REMARK_RULES: Final[dict[str, str]] = {
    "M51": "PX-FORMAT",
    "M76": "DX-FORMAT",
    "M77": "POS-INVALID",
    "M81": "DX-NOT-BILLABLE",
    "N290": "PRV-NPI-INVALID",
    "MA130": "CLM-NO-LINES",
}

_ACTIONS: Final[dict[DenialCategory, NextAction]] = {
    _C.ELIGIBILITY: NextAction.CORRECT_AND_RESUBMIT,
    _C.AUTHORIZATION: NextAction.APPEAL,
    _C.CODING: NextAction.CORRECT_AND_RESUBMIT,
    _C.MEDICAL_NECESSITY: NextAction.APPEAL,
    _C.TIMELY_FILING: NextAction.WRITE_OFF,
    _C.DUPLICATE: NextAction.WRITE_OFF,
    _C.MISSING_INFORMATION: NextAction.CORRECT_AND_RESUBMIT,
    _C.COORDINATION_OF_BENEFITS: NextAction.BILL_SECONDARY,
    _C.NON_COVERED: NextAction.WRITE_OFF,
}


def classify(
    group: str, reason: str, remarks: Sequence[str]
) -> tuple[DenialCategory, str | None] | None:
    """The denial's category and the claim rule that would have caught it; ``None``: no denial."""
    found = DENIAL_CODES.get(reason)
    if found is None:
        return None
    category, rule = found
    if rule is None:
        rule = next((_REMARK_RULES[r] for r in remarks if r in _REMARK_RULES), None)
    return category, rule


def next_action(category: DenialCategory, group: str) -> NextAction:
    """What to do about a denial of ``category`` under group code ``group``.

    A denial the patient is responsible for (group PR) is billed to the patient; otherwise the
    category decides.
    """
    if group == "PR":
        return NextAction.BILL_PATIENT
    return _ACTIONS[category]


@final
@attrs.frozen(kw_only=True)
class Denial:
    """One denied line (or claim): why, how much, what to do, by when.

    ``appeal_by`` is set when the action is an appeal and the payer profile names an appeal
    window; ``claims_rule`` names the claim rule that checks for the cause before submission.
    """

    source: str
    claim: str
    line: int
    on: date
    group: str
    reason: str
    remarks: tuple[str, ...]
    cents: int
    currency: str
    category: DenialCategory
    action: NextAction
    appeal_by: date | None = None
    claims_rule: str | None = None
    payer: str = ""

    @property
    def amount(self) -> Money:
        """The amount denied."""
        return Money.from_minor_units(self.cents, self.currency)

    @property
    def code(self) -> str:
        """``CO-50``: the group and the reason."""
        return f"{self.group}-{self.reason}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (no patient data: the claim is its control number)."""
        return {
            "claim": self.claim,
            "line": self.line,
            "on": self.on.isoformat(),
            "payer": self.payer,
            "code": self.code,
            "remarks": list(self.remarks),
            "amount": str(self.amount.amount),
            "currency": self.currency,
            "category": self.category.value,
            "action": self.action.value,
            "appeal_by": None if self.appeal_by is None else self.appeal_by.isoformat(),
            "claims_rule": self.claims_rule,
            "source": self.source,
        }


def denial_statistics(denials: Iterable[Denial]) -> dict[str, int]:
    """How many denials each claim rule would have caught, by rule id (for the scrubber)."""
    counts = Counter(d.claims_rule for d in denials if d.claims_rule is not None)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

"""Reading the segments of an 835 into values: payment, claims, lines and adjustments.

Each function reads one segment (with the component separator where composites matter) and a
callback for ``X12-ELEMENT`` findings, and returns the values :class:`RemittanceDraft` keeps
until its loop closes. Patients' names and member ids (NM1*QC, NM1*IL) are never read.

More information: ASC X12 005010X221A1 (835) TR3, segments BPR, TRN, N1, CLP, CAS, SVC, LQ, PLB.

>>> from medoffice.adapters.formats.x12._tokens import Segment
>>> found = []
>>> [
...     a.code
...     for a in read_adjustments(
...         Segment(9, 0, ("CAS", "CO", "45", "25", "", "253", "1.5")), found.append
...     )
... ]
['CO-45', 'CO-253']
>>> found
[]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from medoffice.adapters.formats.x12._elements import amount, day, decimal, problem, text
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, Money
from medoffice.revenue._model import (
    Adjustment,
    ClaimPayment,
    GroupCode,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
    checked_claim_payment,
    checked_service_payment,
)

__all__ = [
    "ClaimDraft",
    "LineDraft",
    "RemittanceDraft",
    "read_adjustments",
    "read_provider_adjustments",
]

Report = Callable[[Finding], None]
_ZERO: Final = Money.of(0, "USD")
_GROUPS: Final = frozenset(g.value for g in GroupCode)
_ONE: Final = Decimal(1)
# Adjustment segments repeat across claims (fee schedules, the same coinsurance); the values
# are immutable, so the adjustments read from one CAS serve every identical CAS that read
# without a finding. Bounded: cleared when full.
_CACHE_SIZE: Final = 4096
_ADJUSTMENTS: Final[dict[tuple[str, ...], tuple[Adjustment, ...]]] = {}
# So do service lines (the same procedure paid the same): procedure, modifiers, charge, payment
# and units of an SVC (with the component separator it was split by) that read without a finding.
_Service = tuple[str, tuple[str, ...], Money, Money, Decimal]
_SERVICES: Final[dict[tuple[str, tuple[str, ...]], _Service]] = {}


def _money(segment: Segment, position: int, report: Report, *, required: bool = True) -> Money:
    found = amount(segment, position, report, required=required)
    return _ZERO if found is None else found


def _date(segment: Segment, position: int, report: Report) -> date | None:
    raw = text(segment, position, report)
    if not raw:
        return None
    found = day(raw)
    if found is None:
        label = f"{segment.elements[0]}{position:02d}"
        report(problem(segment, position, f"{label} is not a CCYYMMDD date", raw))
    return found


def read_adjustments(segment: Segment, report: Report) -> tuple[Adjustment, ...]:
    """CAS: a group code and up to six (reason, amount, quantity) triples."""
    elements = segment.elements
    cached = _ADJUSTMENTS.get(elements)
    if cached is not None:
        return cached
    problems: list[Finding] = []
    found = _adjustments(segment, problems.append)
    if problems:
        for found_problem in problems:
            report(found_problem)
    else:
        if len(_ADJUSTMENTS) >= _CACHE_SIZE:
            _ADJUSTMENTS.clear()
        _ADJUSTMENTS[elements] = found
    return found


def _adjustments(segment: Segment, report: Report) -> tuple[Adjustment, ...]:
    elements = segment.elements
    count = len(elements)
    group = elements[1] if count > 1 else ""
    if group not in _GROUPS:
        if group:
            report(problem(segment, 1, "CAS01 is not a claim adjustment group code", group))
        else:
            report(problem(segment, 1, "required element CAS01 is missing"))
        return ()
    found: list[Adjustment] = []
    for position in range(2, min(count, 20), 3):
        reason = elements[position]
        if not reason:
            continue
        value = amount(segment, position + 1, report, required=True)
        if value is None:
            continue
        quantity = decimal(segment, position + 2, report)
        found.append(Adjustment(group=group, reason=reason, amount=value, quantity=quantity))
    return tuple(found)


def read_provider_adjustments(
    segment: Segment, component: str, report: Report
) -> list[ProviderAdjustment]:
    """PLB: the provider, the fiscal period's end, and up to six (reason:reference, amount)."""
    provider = text(segment, 1, report, required=True)
    period_end = _date(segment, 2, report)
    found: list[ProviderAdjustment] = []
    elements = segment.elements
    for position in range(3, min(len(elements), 15), 2):
        identifier = elements[position]
        if not identifier:
            continue
        reason, _, reference = identifier.partition(component)
        value = amount(segment, position + 1, report, required=True)
        if value is not None:
            found.append(
                ProviderAdjustment(
                    provider=provider,
                    fiscal_period_end=period_end,
                    reason=reason,
                    reference=reference,
                    amount=value,
                )
            )
    return found


def _service(segment: Segment, component: str, report: Report) -> _Service:
    elements = segment.elements
    count = len(elements)
    paid_as = elements[1] if count > 1 else ""
    if not paid_as:
        report(problem(segment, 1, "required element SVC01 is missing"))
    billed_as = elements[6] if count > 6 else ""
    composite = (billed_as or paid_as).split(component)
    at = 7 if billed_as and count > 7 else 5
    units = _ONE if at >= count or elements[at] in {"", "1"} else decimal(segment, at, report)
    charge = amount(segment, 2, report, required=True)
    paid = amount(segment, 3, report, required=True)
    return (
        composite[1] if len(composite) > 1 else "",
        tuple(filter(None, composite[2:6])) if len(composite) > 2 else (),
        _ZERO if charge is None else charge,
        _ZERO if paid is None else paid,
        _ONE if units is None else units,
    )


class LineDraft:
    """A service line (2110) being read (a plain slotted class: one is made per line)."""

    __slots__ = (
        "adjustments",
        "allowed",
        "charge",
        "line_control",
        "modifiers",
        "paid",
        "procedure",
        "remarks",
        "segment",
        "service_date",
        "units",
    )

    def __init__(self, segment: Segment, component: str, report: Report) -> None:
        """SVC: the procedure paid (or, when SVC06 is given, as billed), charge, payment, units."""
        key = (component, segment.elements)
        read = _SERVICES.get(key)
        if read is None:
            problems: list[Finding] = []
            read = _service(segment, component, problems.append)
            if problems:
                for found_problem in problems:
                    report(found_problem)
            else:
                if len(_SERVICES) >= _CACHE_SIZE:
                    _SERVICES.clear()
                _SERVICES[key] = read
        self.procedure, self.modifiers, self.charge, self.paid, self.units = read
        self.segment = segment.position
        self.service_date: date | None = None
        self.line_control = ""
        self.allowed: Money | None = None
        self.adjustments: list[Adjustment] = []
        self.remarks: list[str] = []

    def freeze(self) -> ServicePayment:
        """The service line read."""
        return checked_service_payment(
            self.procedure,
            self.charge,
            self.paid,
            self.modifiers,
            self.units,
            self.service_date,
            self.line_control,
            self.allowed,
            tuple(self.adjustments),
            tuple(self.remarks),
            self.segment,
        )


class ClaimDraft:
    """A claim (2100) being read (a plain slotted class: one is made per claim)."""

    __slots__ = (
        "adjustments",
        "charge",
        "control_number",
        "crossover_payer",
        "filing_indicator",
        "lines",
        "paid",
        "patient_responsibility",
        "payer_claim_number",
        "remarks",
        "segment",
        "service_date",
        "status",
    )

    def __init__(self, segment: Segment, report: Report) -> None:
        """CLP: control number, status, charge, payment, patient share, payer claim number."""
        elements = segment.elements
        count = len(elements)
        self.segment = segment.position
        self.control_number = text(segment, 1, report, required=True, max_length=38)
        self.status = elements[2] if count > 2 else ""
        if not self.status:
            report(problem(segment, 2, "required element CLP02 is missing"))
        charge = amount(segment, 3, report, required=True)
        paid = amount(segment, 4, report, required=True)
        self.charge = _ZERO if charge is None else charge
        self.paid = _ZERO if paid is None else paid
        self.patient_responsibility = amount(segment, 5, report) if count > 5 else None
        self.filing_indicator = elements[6] if count > 6 else ""
        number = elements[7] if count > 7 else ""
        self.payer_claim_number = (
            text(segment, 7, report, max_length=50) if len(number) > 50 else number
        )
        self.adjustments: list[Adjustment] = []
        self.remarks: list[str] = []
        self.lines: list[ServicePayment] = []
        self.crossover_payer = ""
        self.service_date: date | None = None

    def freeze(self) -> ClaimPayment:
        """The claim read."""
        return checked_claim_payment(
            self.control_number,
            self.status,
            self.charge,
            self.paid,
            self.patient_responsibility,
            self.payer_claim_number,
            self.filing_indicator,
            tuple(self.adjustments),
            tuple(self.lines),
            tuple(self.remarks),
            self.crossover_payer,
            self.service_date,
            self.segment,
        )


@attrs.define
class RemittanceDraft:
    """A transaction (ST ... SE) being read."""

    transaction_control: str
    segment: int = 0
    payment: Money = _ZERO
    credit: bool = True
    method: str = ""
    paid_on: date | None = None
    trace: str = ""
    originator: str = ""
    payer_id: str = ""
    payer_name: str = ""
    payee_id: str = ""
    claims: list[ClaimPayment] = attrs.Factory(list)
    provider_adjustments: list[ProviderAdjustment] = attrs.Factory(list)

    def read_payment(self, segment: Segment, report: Report) -> None:
        """BPR: the amount, credit or debit, the method and the payment date."""
        self.segment = segment.position
        self.payment = _money(segment, 2, report)
        flag = text(segment, 3, report, required=True)
        if flag not in {"C", "D", ""}:
            report(problem(segment, 3, "BPR03 is C (credit) or D (debit)", flag))
        self.credit = flag != "D"
        self.method = text(segment, 4, report)
        self.paid_on = _date(segment, 16, report)

    def read_trace(self, segment: Segment, report: Report) -> None:
        """TRN: the check or EFT trace number and the payer's id."""
        self.trace = text(segment, 2, report, required=True, max_length=50)
        self.originator = text(segment, 3, report)

    def freeze(self) -> Remittance:
        """The remittance read."""
        return Remittance(
            trace=self.trace,
            originator=self.originator,
            payment=self.payment,
            credit=self.credit,
            method=self.method,
            paid_on=self.paid_on,
            payer_id=self.payer_id,
            payer_name=self.payer_name,
            payee_id=self.payee_id,
            claims=self.claims,
            provider_adjustments=self.provider_adjustments,
            transaction_control=self.transaction_control,
            segment=self.segment,
        )

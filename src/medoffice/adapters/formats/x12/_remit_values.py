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
# Adjustments repeat across claims (fee schedules, the same coinsurance); the values are
# immutable, so one instance serves every repeat. Bounded: cleared when full.
_CACHE_SIZE: Final = 4096
_ADJUSTMENTS: Final[dict[tuple[str, str, str, str], Adjustment]] = {}


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


def read_adjustments(segment: Segment, report: Report) -> list[Adjustment]:
    """CAS: a group code and up to six (reason, amount, quantity) triples."""
    elements = segment.elements
    count = len(elements)
    group = elements[1] if count > 1 else ""
    if group not in _GROUPS:
        if group:
            report(problem(segment, 1, "CAS01 is not a claim adjustment group code", group))
        else:
            report(problem(segment, 1, "required element CAS01 is missing"))
        return []
    found: list[Adjustment] = []
    for position in range(2, min(count, 20), 3):
        reason = elements[position]
        if not reason:
            continue
        raw = elements[position + 1] if position + 1 < count else ""
        quantity_raw = elements[position + 2] if position + 2 < count else ""
        key = (group, reason, raw, quantity_raw)
        cached = _ADJUSTMENTS.get(key)
        if cached is not None:
            found.append(cached)
            continue
        value = amount(segment, position + 1, report, required=True)
        if value is None:
            continue
        quantity = decimal(segment, position + 2, report)
        made = Adjustment(group=group, reason=reason, amount=value, quantity=quantity)
        if len(_ADJUSTMENTS) >= _CACHE_SIZE:
            _ADJUSTMENTS.clear()
        if quantity is not None or not quantity_raw:
            _ADJUSTMENTS[key] = made
        found.append(made)
    return found


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


@attrs.define
class LineDraft:
    """A service line (2110) being read."""

    segment: int
    procedure: str
    modifiers: tuple[str, ...]
    charge: Money
    paid: Money
    units: Decimal
    service_date: date | None = None
    line_control: str = ""
    allowed: Money | None = None
    adjustments: list[Adjustment] = attrs.Factory(list)
    remarks: list[str] = attrs.Factory(list)

    @classmethod
    def read(cls, segment: Segment, component: str, report: Report) -> LineDraft:
        """SVC: the procedure paid (or, when SVC06 is given, as billed), charge, payment, units."""
        elements = segment.elements
        count = len(elements)
        paid_as = elements[1] if count > 1 else ""
        if not paid_as:
            report(problem(segment, 1, "required element SVC01 is missing"))
        billed_as = elements[6] if count > 6 else ""
        composite = (billed_as or paid_as).split(component)
        at = 7 if billed_as and count > 7 else 5
        units = _ONE if at >= count or elements[at] in {"", "1"} else decimal(segment, at, report)
        return cls(
            segment=segment.position,
            procedure=composite[1] if len(composite) > 1 else "",
            modifiers=tuple(m for m in composite[2:6] if m),
            charge=_money(segment, 2, report),
            paid=_money(segment, 3, report),
            units=_ONE if units is None else units,
        )

    def freeze(self) -> ServicePayment:
        """The service line read."""
        return ServicePayment(
            procedure=self.procedure,
            modifiers=self.modifiers,
            charge=self.charge,
            paid=self.paid,
            units=self.units,
            service_date=self.service_date,
            line_control=self.line_control,
            allowed=self.allowed,
            adjustments=self.adjustments,
            remarks=self.remarks,
            segment=self.segment,
        )


@attrs.define
class ClaimDraft:
    """A claim (2100) being read."""

    segment: int
    control_number: str
    status: str
    charge: Money
    paid: Money
    patient_responsibility: Money | None
    filing_indicator: str
    payer_claim_number: str
    adjustments: list[Adjustment] = attrs.Factory(list)
    remarks: list[str] = attrs.Factory(list)
    lines: list[ServicePayment] = attrs.Factory(list)
    crossover_payer: str = ""
    service_date: date | None = None

    @classmethod
    def read(cls, segment: Segment, report: Report) -> ClaimDraft:
        """CLP: control number, status, charge, payment, patient share, payer claim number."""
        return cls(
            segment=segment.position,
            control_number=text(segment, 1, report, required=True, max_length=38),
            status=text(segment, 2, report, required=True),
            charge=_money(segment, 3, report),
            paid=_money(segment, 4, report),
            patient_responsibility=amount(segment, 5, report),
            filing_indicator=text(segment, 6, report),
            payer_claim_number=text(segment, 7, report, max_length=50),
        )

    def freeze(self) -> ClaimPayment:
        """The claim read."""
        return ClaimPayment(
            control_number=self.control_number,
            status=self.status,
            charge=self.charge,
            paid=self.paid,
            patient_responsibility=self.patient_responsibility,
            payer_claim_number=self.payer_claim_number,
            filing_indicator=self.filing_indicator,
            adjustments=self.adjustments,
            services=self.lines,
            remarks=self.remarks,
            crossover_payer=self.crossover_payer,
            service_date=self.service_date,
            segment=self.segment,
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

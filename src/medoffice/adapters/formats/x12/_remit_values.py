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

import re
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
    checked_adjustment,
    checked_claim_payment,
    checked_service_payment,
)

__all__ = [
    "CACHES",
    "ClaimDraft",
    "LineDraft",
    "RemittanceDraft",
    "read_adjustments",
    "read_amount",
    "read_cas",
    "read_provider_adjustments",
    "usd",
]

Report = Callable[[Finding], None]
_ZERO: Final = Money.of(0, "USD")
_USD: Final = _ZERO.currency
_CENT: Final = Decimal("0.01")
_GROUPS: Final = {g.value: g for g in GroupCode}
_ONE: Final = Decimal(1)
# An amount as payers write them: what the element readers accept as a decimal number (at most
# 18 characters) that USD money holds exactly (at most two decimal places).
_PLAIN_AMOUNT: Final = re.compile(r"-?(?:\d{1,14}(?:\.\d{0,2})?|\.\d{1,2})").fullmatch
# Amounts read, by their text: a remittance repeats many (copays, fees, zero), not most.
# Bounded, like the adjustments below: cleared when full.
# Money and cents are kept in two tables: a pair per amount would be one more object kept,
# for the cyclic garbage collector to scan, per distinct amount.
_CACHE_SIZE: Final = 1 << 16
_AMOUNTS: Final[dict[str, Money]] = {}
_CENTS: Final[dict[str, int]] = {}
# So do adjustments (the same contractual reduction of the same fee, the same copay): each one
# read without a finding and without a quantity, by ("CAS", group, reason, amount), which is
# the whole segment of the common CAS of one adjustment. One shared value, nothing else kept.
_ADJUSTMENTS: Final[dict[tuple[str, ...], Adjustment]] = {}
# And procedures (SVC01 or SVC06 with the component separator): the code and the modifiers.
_PROCEDURES: Final[dict[tuple[str, str], tuple[str, tuple[str, ...]]]] = {}
#: Every table of values read: emptied, the reader reads as if it had read nothing before.
CACHES: Final = (_AMOUNTS, _CENTS, _ADJUSTMENTS, _PROCEDURES)
_new = object.__new__
# Set through the slots' own descriptors (cheaper than object.__setattr__, which looks up the name).
_set_amount = vars(Money)["amount"].__set__
_set_currency = vars(Money)["currency"].__set__


def usd(raw: str) -> tuple[Money, int] | None:
    """A plain amount (``-12.5``, ``.25``, ``300``) as USD money and its cents, built once
    without the checks of :meth:`Money.of` (the pattern already made them); ``None`` for any
    other text, which the element readers then read with their finding."""
    money = _AMOUNTS.get(raw)
    if money is not None:
        return money, _CENTS[raw]
    if _PLAIN_AMOUNT(raw) is None:
        return None
    money = _new(Money)
    _set_amount(money, Decimal(raw).quantize(_CENT))
    _set_currency(money, _USD)
    whole, _, fraction = raw.partition(".")
    cents = int(whole + fraction.ljust(2, "0"))
    if len(_AMOUNTS) >= _CACHE_SIZE:
        _AMOUNTS.clear()
        _CENTS.clear()
    _AMOUNTS[raw] = money
    _CENTS[raw] = cents
    return money, cents


def _cents(segment: Segment, position: int, report: Report) -> tuple[Money, int]:
    """A required amount and its cents, or zero with a finding."""
    elements = segment.elements
    raw = elements[position] if position < len(elements) else ""
    return usd(raw) or _checked_cents(segment, position, report) or _NOTHING


def _charge_and_payment(segment: Segment, at: int, report: Report) -> tuple[Money, int, Money, int]:
    """The required amounts at ``at`` and the next element (CLP03-04, SVC02-03), each with
    its cents, or zero with a finding: the two looked up at once, the common way."""
    elements = segment.elements
    if at + 1 < len(elements):
        charge, paid = _AMOUNTS.get(elements[at]), _AMOUNTS.get(elements[at + 1])
        if charge is not None and paid is not None:
            return charge, _CENTS[elements[at]], paid, _CENTS[elements[at + 1]]
    return (*_cents(segment, at, report), *_cents(segment, at + 1, report))


def _checked_cents(segment: Segment, position: int, report: Report) -> tuple[Money, int] | None:
    """What :func:`usd` does not read: an amount the element reader reads, or its finding."""
    money = amount(segment, position, report, required=True)
    return None if money is None else (money, money.minor_units)


def read_amount(
    segment: Segment, position: int, report: Report, *, required: bool = True
) -> Money | None:
    """An amount (:func:`amount`, the quick way for a plain one)."""
    elements = segment.elements
    raw = elements[position] if position < len(elements) else ""
    found = _AMOUNTS.get(raw)
    if found is not None:
        return found
    plain = usd(raw)
    return plain[0] if plain is not None else amount(segment, position, report, required=required)


_NOTHING: Final = (_ZERO, 0)


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
    found: list[Adjustment] = []
    read_cas(segment, report, found)
    return tuple(found)


def read_cas(segment: Segment, report: Report, into: list[Adjustment]) -> int:
    """The adjustments of a CAS, added to ``into``; their total in cents."""
    elements = segment.elements
    if len(elements) == 4:
        # The common CAS: one adjustment, without a quantity.
        cached = _ADJUSTMENTS.get(elements)
        if cached is not None:
            into.append(cached)
            return cached.cents
    return _cas(segment, report, into)


def _cas(segment: Segment, report: Report, into: list[Adjustment]) -> int:
    elements = segment.elements
    count = len(elements)
    group = _GROUPS.get(elements[1]) if count > 1 else None
    if group is None:
        if count > 1 and elements[1]:
            report(problem(segment, 1, "CAS01 is not a claim adjustment group code", elements[1]))
        else:
            report(problem(segment, 1, "required element CAS01 is missing"))
        return 0
    code = elements[1]
    prefix = code + "-"
    total = 0
    for position in range(2, min(count, 20), 3):
        reason = elements[position]
        if not reason:
            continue
        raw = elements[position + 1] if position + 1 < count else ""
        at = position + 2
        plain = at >= count or not elements[at]
        if plain:
            # Without a quantity, an adjustment read once serves every repeat of its text.
            key = ("CAS", code, reason, raw)
            cached = _ADJUSTMENTS.get(key)
            if cached is not None:
                into.append(cached)
                total += cached.cents
                continue
        value = usd(raw) or _checked_cents(segment, position + 1, report)
        if value is None:
            continue
        quantity = None if plain else decimal(segment, at, report)
        money, cents = value
        made = checked_adjustment(group, reason, money, quantity, prefix + reason, cents)
        if plain:
            if len(_ADJUSTMENTS) >= _CACHE_SIZE:
                _ADJUSTMENTS.clear()
            _ADJUSTMENTS[key] = made
        into.append(made)
        total += cents
    return total


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


def _procedure(composite: str, component: str) -> tuple[str, tuple[str, ...]]:
    """The procedure code and modifiers of a composite ``HC:99213:25``."""
    key = (composite, component)
    found = _PROCEDURES.get(key)
    if found is None:
        parts = composite.split(component)
        found = (
            parts[1] if len(parts) > 1 else "",
            tuple(filter(None, parts[2:6])) if len(parts) > 2 else (),
        )
        if len(_PROCEDURES) >= _CACHE_SIZE:
            _PROCEDURES.clear()
        _PROCEDURES[key] = found
    return found


class LineDraft:
    """A service line (2110) being read (a plain slotted class: one is made per line), with
    its charge, payment and adjustments in cents to balance it as it is read."""

    __slots__ = (
        "adjusted",
        "adjustments",
        "allowed",
        "charge",
        "charge_cents",
        "line_control",
        "modifiers",
        "paid",
        "paid_cents",
        "procedure",
        "remarks",
        "segment",
        "service_date",
        "units",
    )

    def __init__(self, segment: Segment, component: str, report: Report) -> None:
        """SVC: the procedure paid (or, when SVC06 is given, as billed), charge, payment, units."""
        elements = segment.elements
        count = len(elements)
        paid_as = elements[1] if count > 1 else ""
        if not paid_as:
            report(problem(segment, 1, "required element SVC01 is missing"))
        billed_as = elements[6] if count > 6 else ""
        self.procedure, self.modifiers = _procedure(billed_as or paid_as, component)
        at = 7 if billed_as and count > 7 else 5
        units = _ONE if at >= count or elements[at] in {"", "1"} else decimal(segment, at, report)
        self.units = _ONE if units is None else units
        self.charge, self.charge_cents, self.paid, self.paid_cents = _charge_and_payment(
            segment, 2, report
        )
        self.adjusted = 0
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
            tuple(self.remarks) if self.remarks else (),
            self.segment,
        )


class ClaimDraft:
    """A claim (2100) being read (a plain slotted class: one is made per claim), balanced as
    it is read, in cents (what :func:`~medoffice.revenue.balancing.is_balanced` checks)."""

    __slots__ = (
        "adjusted",
        "adjustments",
        "charge",
        "charge_cents",
        "control_number",
        "crossover_payer",
        "filing_indicator",
        "lines",
        "lines_adjusted",
        "lines_balance",
        "lines_paid",
        "paid",
        "paid_cents",
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
        number = elements[1] if count > 1 else ""
        if not 0 < len(number) <= 38:
            number = text(segment, 1, report, required=True, max_length=38)
        self.control_number = number
        self.status = elements[2] if count > 2 else ""
        if not self.status:
            report(problem(segment, 2, "required element CLP02 is missing"))
        self.charge, self.charge_cents, self.paid, self.paid_cents = _charge_and_payment(
            segment, 3, report
        )
        self.patient_responsibility = (
            read_amount(segment, 5, report, required=False) if count > 5 else None
        )
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
        self.adjusted = self.lines_adjusted = self.lines_paid = 0
        self.lines_balance = True

    def add_line(self, line: LineDraft) -> None:
        """A line read to its end."""
        self.lines.append(line.freeze())
        self.lines_adjusted += line.adjusted
        self.lines_paid += line.paid_cents
        if line.charge_cents - line.paid_cents != line.adjusted:
            self.lines_balance = False

    def balances(self) -> bool:
        """Whether the claim and each of its lines balance."""
        return (
            self.lines_balance
            and self.charge_cents - self.paid_cents == self.adjusted + self.lines_adjusted
            and (not self.lines or self.lines_paid - self.adjusted == self.paid_cents)
        )

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
    #: The indexes of the claims that do not balance.
    unbalanced: list[int] = attrs.Factory(list)

    def add_claim(self, claim: ClaimDraft) -> None:
        """A claim read to its end."""
        if not claim.balances():
            self.unbalanced.append(len(self.claims))
        self.claims.append(claim.freeze())

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

"""The remittance advice (X12 835) as values, and the billed claims it pays.

A payer answers a batch of claims with one payment (BPR: the amount, credit or debit, the
method, the date) identified by its trace number (TRN02, the check or EFT number, with the
payer's id in TRN03). Each claim paid (CLP) echoes the patient control number the practice sent
in the 837 (CLP01), says how it was processed (CLP02: 1 primary, 2 secondary, 4 denied, 19-21
processed and forwarded to another payer, 22 a reversal of an earlier payment), and carries the
charge (CLP03), the payment (CLP04), the patient's responsibility (CLP05) and the payer's own
claim number (CLP07). Adjustments (CAS) explain every dollar between charge and payment by a
group code (CO contractual obligation, PR patient responsibility, OA other, PI payer initiated,
CR correction or reversal) and a claim adjustment reason code (CARC); remark codes (RARC) add
detail. Service lines (SVC) repeat that per procedure. Provider-level adjustments (PLB) are
amounts that belong to no claim: recoupments of earlier overpayments, interest, forward balances.

The values hold no patient name, birth date or member id: posting needs none of them.

More information: ASC X12 005010X221A1 Health Care Claim Payment/Advice (835) TR3
(https://x12.org/products/technical-reports); CMS, *Medicare Remittance Advice* guides
(https://www.cms.gov/medicare/billing/electronicbillingeditrans/remittance).

>>> from datetime import date
>>> from medoffice.kernel import Money
>>> usd = lambda text: Money.of(text, "USD")
>>> line = ServicePayment(
...     procedure="99213",
...     charge=usd("125.00"),
...     paid=usd("80.00"),
...     adjustments=(
...         Adjustment(group="CO", reason="45", amount=usd("25.00")),
...         Adjustment(group="PR", reason="2", amount=usd("20.00")),
...     ),
... )
>>> line.adjusted, line.patient_responsibility
(Money('45.00', 'USD'), Money('20.00', 'USD'))
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Final, TypeVar, final

import attrs

from medoffice.kernel import InvalidValue, Money
from medoffice.kernel._checked import checked_constructor

__all__ = [
    "REVERSAL",
    "Adjustment",
    "BilledClaim",
    "BilledLine",
    "ClaimPayment",
    "GroupCode",
    "ProviderAdjustment",
    "Remittance",
    "ServicePayment",
]

# CLP02 = 22: "reversal of previous payment".
REVERSAL: Final = "22"
_v = attrs.validators
_T = TypeVar("_T")


@final
class GroupCode(enum.StrEnum):
    """Claim adjustment group codes (X12 element 1033): who bears an adjustment."""

    CONTRACTUAL = "CO"
    PATIENT = "PR"
    OTHER = "OA"
    PAYER_INITIATED = "PI"
    CORRECTION = "CR"


_GROUP_CODES: Final[dict[str, GroupCode]] = {g.value: g for g in GroupCode}


def _group(value: GroupCode | str) -> GroupCode:
    found = _GROUP_CODES.get(value)  # a dictionary look-up: far cheaper than the enum's call
    return found if found is not None else GroupCode(value)


def _check(values: Iterable[_T]) -> tuple[_T, ...]:
    if isinstance(values, str):
        raise InvalidValue("expected a list, not a single string")
    return tuple(values)


def _strs(values: Iterable[str]) -> tuple[str, ...]:
    return values if type(values) is tuple else _check(values)


def _adjustments(values: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    return values if type(values) is tuple else _check(values)


def _services(values: Iterable[ServicePayment]) -> tuple[ServicePayment, ...]:
    return values if type(values) is tuple else _check(values)


def _claims(values: Iterable[ClaimPayment]) -> tuple[ClaimPayment, ...]:
    return values if type(values) is tuple else _check(values)


def _plbs(values: Iterable[ProviderAdjustment]) -> tuple[ProviderAdjustment, ...]:
    return values if type(values) is tuple else _check(values)


def _lines(values: Iterable[BilledLine]) -> tuple[BilledLine, ...]:
    return values if type(values) is tuple else _check(values)


_is_money = _v.instance_of(Money)


def _zero(amounts: Iterable[Money], currency: str = "USD") -> Money:
    return Money.sum(amounts, currency=currency)


@final
@attrs.frozen(kw_only=True)
class Adjustment:
    """One adjustment: a group code, a CARC, an amount (positive reduces the payment)."""

    group: GroupCode = attrs.field(converter=_group)
    reason: str = attrs.field(validator=_v.instance_of(str))
    amount: Money = attrs.field(validator=_is_money)
    quantity: Decimal | None = None
    #: ``CO-45``: the group and the reason, as payers print them.
    code: str = attrs.field(init=False, eq=False, repr=False)
    #: The amount in minor units (cents).
    cents: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Kept, not computed: posting reads both for every adjustment of every line.
        object.__setattr__(self, "code", f"{self.group.value}-{self.reason}")
        object.__setattr__(self, "cents", self.amount.minor_units)


@final
@attrs.frozen(kw_only=True)
class ServicePayment:
    """One service line paid (loop 2110): the procedure as adjudicated, its money and codes.

    ``procedure`` and ``modifiers`` are what was billed when the payer says so (SVC06), else
    what it paid; ``line_control`` is the line item control number the 837 sent (REF*6R).
    """

    procedure: str = attrs.field(validator=_v.instance_of(str))
    charge: Money = attrs.field(validator=_is_money)
    paid: Money = attrs.field(validator=_is_money)
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    units: Decimal = Decimal(1)
    service_date: date | None = None
    line_control: str = ""
    allowed: Money | None = None
    adjustments: tuple[Adjustment, ...] = attrs.field(default=(), converter=_adjustments)
    remarks: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    segment: int = 0

    @property
    def adjusted(self) -> Money:
        """The sum of this line's adjustments."""
        return _zero((a.amount for a in self.adjustments), self.charge.currency.code)

    @property
    def patient_responsibility(self) -> Money:
        """The sum of this line's PR adjustments."""
        return _zero(
            (a.amount for a in self.adjustments if a.group is GroupCode.PATIENT),
            self.charge.currency.code,
        )


@final
@attrs.frozen(kw_only=True)
class ClaimPayment:
    """One claim paid (loop 2100): CLP, its claim-level CAS, remarks and service lines.

    ``crossover_payer`` is the id of the payer the claim was forwarded to (NM1*TT), when the
    payer forwarded it (CLP02 19, 20 or 21).
    """

    control_number: str = attrs.field(validator=_v.instance_of(str))
    status: str = attrs.field(validator=_v.instance_of(str))
    charge: Money = attrs.field(validator=_is_money)
    paid: Money = attrs.field(validator=_is_money)
    patient_responsibility: Money | None = None
    payer_claim_number: str = ""
    filing_indicator: str = ""
    adjustments: tuple[Adjustment, ...] = attrs.field(default=(), converter=_adjustments)
    services: tuple[ServicePayment, ...] = attrs.field(default=(), converter=_services)
    remarks: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    crossover_payer: str = ""
    service_date: date | None = None
    segment: int = 0

    @property
    def is_reversal(self) -> bool:
        """Whether the payer takes back an earlier payment of this claim (CLP02 = 22)."""
        return self.status == REVERSAL

    @property
    def is_denied(self) -> bool:
        """Whether the whole claim was denied (CLP02 = 4)."""
        return self.status == "4"

    @property
    def is_secondary(self) -> bool:
        """Whether the payer processed it as secondary or tertiary (CLP02 2, 3, 20, 21)."""
        return self.status in {"2", "3", "20", "21"}

    @property
    def adjusted(self) -> Money:
        """Every adjustment of the claim: claim-level and line-level."""
        total = _zero((a.amount for a in self.adjustments), self.charge.currency.code)
        for line in self.services:
            total = total + line.adjusted
        return total


# Readers build a line and a claim for every one in a file, from values they have just parsed
# and checked (Money, str, tuples): these take every field positionally, in declaration order,
# and set them directly, without the validators and converters of the public constructors.
checked_adjustment: Final[Callable[..., Adjustment]] = checked_constructor(Adjustment)
checked_service_payment: Final[Callable[..., ServicePayment]] = checked_constructor(ServicePayment)
checked_claim_payment: Final[Callable[..., ClaimPayment]] = checked_constructor(ClaimPayment)


@final
@attrs.frozen(kw_only=True)
class ProviderAdjustment:
    """A provider-level adjustment (PLB): positive takes money back, negative adds money.

    ``reason`` is the adjustment reason (X12 element 426: ``WO`` overpayment recovery, ``L6``
    interest, ``FB`` forward balance, ``72`` authorized return, ...); ``reference`` is what the
    payer names it by (often the payer claim number of a recouped claim).
    """

    provider: str = attrs.field(validator=_v.instance_of(str))
    fiscal_period_end: date | None = None
    reason: str = attrs.field(validator=_v.instance_of(str))
    reference: str = ""
    amount: Money = attrs.field(validator=_is_money)


@final
@attrs.frozen(kw_only=True)
class Remittance:
    """One 835 transaction: one payment (or none), its claims and provider-level adjustments.

    ``trace`` is TRN02 (the check or EFT trace number) and ``originator`` TRN03 (the payer's
    id): together they identify the payment, so posting the same remittance twice is noticed.
    """

    trace: str = attrs.field(validator=_v.instance_of(str))
    originator: str = ""
    payment: Money = attrs.field(validator=_is_money)
    credit: bool = True
    method: str = ""
    paid_on: date | None = None
    payer_id: str = ""
    payer_name: str = ""
    payee_id: str = ""
    claims: tuple[ClaimPayment, ...] = attrs.field(default=(), converter=_claims)
    provider_adjustments: tuple[ProviderAdjustment, ...] = attrs.field(default=(), converter=_plbs)
    transaction_control: str = ""
    segment: int = 0

    @property
    def key(self) -> str:
        """The identity of the payment: ``originator/trace``."""
        return f"{self.originator}/{self.trace}"


@final
@attrs.frozen(kw_only=True)
class BilledLine:
    """A service line as billed: what posting matches a remitted line against."""

    number: int
    procedure: str
    charge: Money = attrs.field(validator=_is_money)
    service_date: date
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    units: Decimal = Decimal(1)


@final
@attrs.frozen(kw_only=True)
class BilledClaim:
    """A claim as submitted: the facts posting and aging need, no patient data.

    ``patient`` is an opaque key of the patient (never a name or a member id); ``billed_on``
    the day it was first billed.
    """

    control_number: str = attrs.field(validator=_v.instance_of(str))
    payer_id: str = attrs.field(validator=_v.instance_of(str))
    patient: str = attrs.field(validator=_v.instance_of(str))
    billed_on: date
    lines: tuple[BilledLine, ...] = attrs.field(converter=_lines)
    payer_type: str = "commercial"

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise InvalidValue("a billed claim has at least one line")
        numbers = [line.number for line in self.lines]
        if len(set(numbers)) != len(numbers):
            raise InvalidValue("the lines of a billed claim have distinct numbers")

    @property
    def charge(self) -> Money:
        """The claim's total charge."""
        return _zero((line.charge for line in self.lines), self.lines[0].charge.currency.code)

    @property
    def first_service_date(self) -> date:
        """The earliest date of service."""
        return min(line.service_date for line in self.lines)

"""The professional claim: the CMS-1500 form and the X12 837P transaction, as values.

A claim carries the billing provider (NPI, TIN, taxonomy, address), the rendering and referring
providers, the patient and the subscriber with the payer, up to twelve diagnoses in order and up
to fifty service lines. Each line has dates of service, a place of service, a procedure code, up
to four modifiers, one to four diagnosis pointers (1 = the first diagnosis, as the letters A-L on
the paper form), units and a charge. The prior authorization (REF*G1) and referral (REF*9F)
numbers stand on the claim (loop 2300) or, when they differ by line, on the line (loop 2400).

The values hold what the biller typed, even when it is wrong: a bad code or a missing pointer is
a finding of :func:`~medoffice.claims.check_claim`, not an exception, so a claim can always be
built and checked. Only impossible values are refused (a float amount, units that are not a
finite number).

Patients' and subscribers' names, dates of birth, member ids and addresses are protected health
information: they never appear in a ``repr``.

More information: CMS Medicare Claims Processing Manual, chapter 26 (completing the CMS-1500),
https://www.cms.gov/regulations-and-guidance/guidance/manuals/downloads/clm104c26pdf.pdf ;
ASC X12 005010X222A1 (837P) TR3.

>>> from datetime import date
>>> from medoffice.kernel import Money
>>> patient = Patient(name="Ada Example", date_of_birth=date(1960, 5, 1), sex="F")
>>> patient
Patient(sex='F', name=<redacted>, date_of_birth=<redacted>, address=<redacted>)
>>> line = ServiceLine(
...     service_from=date(2026, 3, 2),
...     procedure="99213",
...     pointers=(1,),
...     charge=Money.of("125.00", "USD"),
... )
>>> line.units
Decimal('1')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import final

import attrs

from medoffice.kernel import InvalidValue, Money
from medoffice.kernel._validators import each, instance_of, optional

__all__ = [
    "Address",
    "Claim",
    "Patient",
    "Payer",
    "PayerType",
    "Provider",
    "ServiceLine",
    "Subscriber",
]

_REDACTED = "<redacted>"
# The kernel's validators name the field, never the value: these values hold PHI.
_STR = instance_of(str)
_OPT_STR = optional(_STR)
_DATE = instance_of(date)
_OPT_DATE = optional(_DATE)
_STRS = each(_STR)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InvalidValue("expected a list of codes, not a single string")
    return tuple(values)


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


def _lines(values: Iterable[ServiceLine]) -> tuple[ServiceLine, ...]:
    return tuple(values)


def _redacted(_: object) -> str:
    return _REDACTED


def _optional_units(given: Decimal | int | str | None) -> Decimal | None:
    return None if given is None else _units(given)


def _units(given: Decimal | int | str) -> Decimal:
    value: object = given  # checked at run time: not every caller is type-checked
    if isinstance(value, bool | float):
        raise InvalidValue(
            f"units are exact: pass a Decimal, int or string, not {type(value).__name__}"
        )
    try:
        units = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise InvalidValue("units must be a decimal number") from None
    if not units.is_finite():
        raise InvalidValue("units must be a finite number")
    return units


@final
class PayerType(enum.StrEnum):
    """The kind of payer: Medicare, Medicaid, commercial or another (X12 SBR09 families)."""

    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"
    TRICARE = "tricare"
    WORKERS_COMPENSATION = "workers_compensation"
    SELF_PAY = "self_pay"
    OTHER = "other"


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class Address:
    """A postal address (street lines, city, state, ZIP code).

    A patient's address is PHI, so the street, the city and the ZIP code are never shown in a
    ``repr`` (of any address: the value does not know whose it is); the state is.
    """

    lines: tuple[str, ...] = attrs.field(
        default=(), converter=_strings, validator=_STRS, repr=_redacted
    )
    city: str = attrs.field(default="", validator=_STR, repr=_redacted)
    state: str = attrs.field(default="", validator=_STR)
    postal_code: str = attrs.field(default="", validator=_STR, repr=_redacted)


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class Provider:
    """A billing, rendering or referring provider; provider data is not PHI."""

    npi: str = attrs.field(validator=_STR)
    tin: str | None = attrs.field(default=None, validator=_OPT_STR)
    taxonomy: str | None = attrs.field(default=None, validator=_OPT_STR)
    name: str = attrs.field(default="", validator=_STR)
    address: Address | None = attrs.field(default=None, validator=optional(instance_of(Address)))


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class Patient:
    """The patient; name, date of birth and address are PHI and never shown in a repr."""

    sex: str = attrs.field(default="U", validator=_STR)
    name: str = attrs.field(default="", repr=_redacted, validator=_STR)
    date_of_birth: date | None = attrs.field(default=None, repr=_redacted, validator=_OPT_DATE)
    address: Address | None = attrs.field(
        default=None, repr=_redacted, validator=optional(instance_of(Address))
    )


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class Subscriber:
    """The insured person; ``relationship`` is the X12 code (``18`` self, ``01`` spouse, ...)."""

    relationship: str = attrs.field(default="18", validator=_STR)
    member_id: str = attrs.field(default="", repr=_redacted, validator=_STR)
    name: str = attrs.field(default="", repr=_redacted, validator=_STR)
    date_of_birth: date | None = attrs.field(default=None, repr=_redacted, validator=_OPT_DATE)
    address: Address | None = attrs.field(
        default=None, repr=_redacted, validator=optional(instance_of(Address))
    )


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class Payer:
    """Who pays: the payer id the clearinghouse routes on, and the kind of payer."""

    payer_id: str = attrs.field(validator=_STR)
    type: PayerType = attrs.field(default=PayerType.COMMERCIAL, converter=PayerType)
    name: str = attrs.field(default="", validator=_STR)


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class ServiceLine:
    """One service line (CMS-1500 item 24, X12 loop 2400), with its own REF*G1 and REF*9F."""

    service_from: date = attrs.field(validator=_DATE)
    procedure: str = attrs.field(validator=_STR)
    charge: Money = attrs.field(validator=instance_of(Money))
    service_to: date | None = attrs.field(default=None, validator=_OPT_DATE)
    place_of_service: str = attrs.field(default="11", validator=_STR)
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_STRS)
    pointers: tuple[int, ...] = attrs.field(
        default=(), converter=_ints, validator=each(instance_of(int))
    )
    units: Decimal = attrs.field(default=Decimal(1), converter=_units)
    prior_authorization: str | None = attrs.field(default=None, validator=_OPT_STR)
    referral_number: str | None = attrs.field(default=None, validator=_OPT_STR)
    # A drug line's National Drug Code (X12 loop 2410, LIN03 with LIN02 N4; CMS-1500 item 24
    # shaded area), in the 11-digit 5-4-2 form, with the quantity and unit (F2, GR, ME, ML, UN)
    # of the drug given: two lines of one J code differ when their NDCs do.
    ndc: str | None = attrs.field(default=None, validator=_OPT_STR)
    ndc_quantity: Decimal | None = attrs.field(default=None, converter=_optional_units)
    ndc_unit: str = attrs.field(default="", validator=_STR)


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class Claim:
    """A professional claim (CMS-1500 / X12 837P).

    ``frequency`` is the claim frequency code (``1`` original, ``7`` replacement, ``8`` void);
    ``original_reference`` is the payer's claim number of the claim a 7 or 8 replaces.
    ``total_charge``, when given, must equal the sum of the line charges.
    """

    patient_control_number: str = attrs.field(validator=_STR)
    billing: Provider = attrs.field(validator=instance_of(Provider))
    patient: Patient = attrs.field(validator=instance_of(Patient))
    subscriber: Subscriber = attrs.field(validator=instance_of(Subscriber))
    payer: Payer = attrs.field(validator=instance_of(Payer))
    diagnoses: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_STRS)
    lines: tuple[ServiceLine, ...] = attrs.field(
        default=(), converter=_lines, validator=each(instance_of(ServiceLine))
    )
    frequency: str = attrs.field(default="1", validator=_STR)
    original_reference: str | None = attrs.field(default=None, validator=_OPT_STR)
    rendering: Provider | None = attrs.field(
        default=None, validator=optional(instance_of(Provider))
    )
    referring: Provider | None = attrs.field(
        default=None, validator=optional(instance_of(Provider))
    )
    prior_authorization: str | None = attrs.field(default=None, validator=_OPT_STR)
    referral_number: str | None = attrs.field(default=None, validator=_OPT_STR)
    total_charge: Money | None = attrs.field(default=None, validator=optional(instance_of(Money)))

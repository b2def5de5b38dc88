"""What the 837P reader produces: one immutable value per claim, as it appears in the file.

An :class:`X12Claim` keeps the 837P's own vocabulary (qualifiers, composite procedure codes,
diagnosis pointers) and is independent of the claim model of :mod:`medoffice.claims`; a separate
conversion maps one to the other. Values the reader could not understand are ``None`` (with an
``X12-ELEMENT`` finding on the claim); the raw text is never lost for values that are not PHI.

Names, dates of birth, member ids and addresses of subscribers and patients are protected health
information: they are kept in fields whose ``repr`` is ``<redacted>``.

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3.

>>> person = X12Person(last_name="DOE", first_name="JANE", member_id="XYZ123", sex="F")
>>> person
X12Person(sex='F', last_name=<redacted>, first_name=<redacted>, member_id=<redacted>, \
date_of_birth=<redacted>, address=<redacted>)
>>> X12Diagnosis(code="E119", qualifier="ABK").is_icd10
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Final, final

import attrs

from medoffice.kernel import Finding, Money

__all__ = [
    "X12Address",
    "X12Adjustment",
    "X12Claim",
    "X12Diagnosis",
    "X12Envelope",
    "X12Line",
    "X12OtherPayer",
    "X12Party",
    "X12Person",
    "X12Provider",
]

_REDACTED: Final = "<redacted>"
ICD10_QUALIFIERS: Final = frozenset({"ABK", "ABF"})
ICD9_QUALIFIERS: Final = frozenset({"BK", "BF"})


def _hidden(_: object) -> str:
    return _REDACTED


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


def _diagnoses(values: Iterable[X12Diagnosis]) -> tuple[X12Diagnosis, ...]:
    return tuple(values)


def _lines(values: Iterable[X12Line]) -> tuple[X12Line, ...]:
    return tuple(values)


def _findings(values: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(values)


def _providers(values: Iterable[X12Provider]) -> tuple[X12Provider, ...]:
    return tuple(values)


def _other_payers(values: Iterable[X12OtherPayer]) -> tuple[X12OtherPayer, ...]:
    return tuple(values)


@final
@attrs.frozen(kw_only=True)
class X12Envelope:
    """The control numbers around a claim: interchange (ISA13), group (GS06), set (ST02)."""

    interchange_control: str
    group_control: str
    transaction_control: str
    sender_id: str = ""
    receiver_id: str = ""
    version: str = ""


@final
@attrs.frozen(kw_only=True, weakref_slot=False, repr=False)
class X12Address:
    """A postal address (N3/N4); PHI when it belongs to a patient or subscriber."""

    lines: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    city: str = ""
    state: str = ""
    postal_code: str = ""

    def __repr__(self) -> str:
        return f"X12Address({_REDACTED})"


@final
@attrs.frozen(kw_only=True)
class X12Provider:
    """A provider named in an NM1 loop: NPI (NM109 with XX), TIN, taxonomy (PRV03), name.

    ``address`` is kept for the loops that carry one (a service facility, 2310C and 2420C).
    """

    role: str
    npi: str | None = None
    tin: str | None = None
    taxonomy: str | None = None
    name: str = ""
    entity_type: str = ""
    address: X12Address | None = None


@final
@attrs.frozen(kw_only=True)
class X12Party:
    """An organisation named by another identifier than an NPI: a pay-to plan, another payer.

    ``id_qualifier`` is NM108 (``PI`` payer id, ``XV`` CMS plan id, ``FI`` tax id) and ``id``
    is NM109.
    """

    role: str
    name: str = ""
    id_qualifier: str = ""
    id: str = ""
    address: X12Address | None = None


@final
@attrs.frozen(kw_only=True)
class X12Adjustment:
    """One adjustment of a CAS segment: group code (CO, PR, OA, PI), reason code, amount."""

    group: str
    reason: str
    amount: Money | None
    quantity: Decimal | None = None


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class X12Person:
    """A subscriber or patient; every identifying field is PHI and hidden from the repr."""

    sex: str = ""
    last_name: str = attrs.field(default="", repr=_hidden)
    first_name: str = attrs.field(default="", repr=_hidden)
    member_id: str = attrs.field(default="", repr=_hidden)
    date_of_birth: date | None = attrs.field(default=None, repr=_hidden)
    address: X12Address | None = attrs.field(default=None, repr=_hidden)


def _adjustments(values: Iterable[X12Adjustment]) -> tuple[X12Adjustment, ...]:
    return tuple(values)


@final
@attrs.frozen(kw_only=True)
class X12OtherPayer:
    """Loops 2320 and 2330A/B: another payer's coverage, what a secondary claim needs.

    ``responsibility`` is SBR01 (P, S, T...), ``relationship`` SBR02, ``claim_filing_indicator``
    SBR09; ``paid`` is what that payer paid (AMT*D), ``adjustments`` its CAS at claim level;
    ``subscriber`` the other insured (2330A, PHI: hidden from the repr), ``payer`` 2330B.
    """

    responsibility: str = ""
    relationship: str = ""
    group_number: str = ""
    claim_filing_indicator: str = ""
    paid: Money | None = None
    adjustments: tuple[X12Adjustment, ...] = attrs.field(default=(), converter=_adjustments)
    benefits_assigned: str = ""
    release_of_information: str = ""
    subscriber: X12Person | None = attrs.field(default=None, repr=_hidden)
    payer: X12Party | None = None


@final
@attrs.frozen(kw_only=True)
class X12Diagnosis:
    """A diagnosis code from HI with its qualifier (ABK/ABF ICD-10-CM, BK/BF ICD-9-CM)."""

    code: str
    qualifier: str

    @property
    def is_icd10(self) -> bool:
        """Whether the qualifier says ICD-10-CM."""
        return self.qualifier in ICD10_QUALIFIERS

    @property
    def is_principal(self) -> bool:
        """Whether this is the principal (first-listed) diagnosis: ABK or BK."""
        return self.qualifier in {"ABK", "BK"}


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class X12Line:
    """A service line (loop 2400): LX, SV1, DTP*472, the drug (2410) and line-level providers.

    ``ndc``, ``ndc_quantity`` and ``ndc_unit`` come from loop 2410 (LIN03 with LIN02 ``N4``,
    CTP04 and CTP05-1) on a drug line. ``rendering`` (2420A) and ``referring`` (2420F) have
    their own fields; ``providers`` holds the others, by role: purchased service (2420B),
    service facility (2420C), supervising (2420D) and ordering (2420E) provider; the ambulance
    pick-up and drop-off locations are 2420G and 2420H.
    """

    number: int | None
    position: int
    procedure_qualifier: str = ""
    procedure: str = ""
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    charge: Money | None = None
    unit_basis: str = ""
    units: Decimal | None = None
    place_of_service: str | None = None
    pointers: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    service_from: date | None = None
    service_to: date | None = None
    rendering: X12Provider | None = None
    referring: X12Provider | None = None
    emergency: bool = False
    prior_authorization: str | None = None
    referral_number: str | None = None
    providers: tuple[X12Provider, ...] = attrs.field(default=(), converter=_providers)
    ambulance_pickup: X12Address | None = None
    ambulance_dropoff: X12Address | None = None
    ndc: str | None = None
    ndc_quantity: Decimal | None = None
    ndc_unit: str = ""


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class X12Claim:
    """One claim (loop 2300) with everything the enclosing loops say about it.

    From the billing provider's loop: the pay-to address (2010AB) and pay-to plan (2010AC);
    from the claim's: the service facility (2310C), supervising provider (2310D), ambulance
    pick-up and drop-off locations (2310E/F), and each other payer (2320 with 2330A/B), whose
    payments and adjustments a secondary claim reports.

    ``position`` is the 1-based index of its CLM segment in the file; ``findings`` are the
    problems met while reading the claim's own segments.
    """

    envelope: X12Envelope
    position: int
    patient_control_number: str
    total_charge: Money | None
    place_of_service: str | None
    frequency: str | None
    billing: X12Provider | None
    subscriber: X12Person
    payer_id: str = ""
    payer_name: str = ""
    claim_filing_indicator: str = ""
    payer_responsibility: str = ""
    relationship: str = "18"
    group_number: str = ""
    patient: X12Person | None = None
    rendering: X12Provider | None = None
    referring: X12Provider | None = None
    original_reference: str | None = None
    prior_authorization: str | None = None
    referral_number: str | None = None
    pay_to_address: X12Address | None = None
    pay_to_plan: X12Party | None = None
    service_facility: X12Provider | None = None
    supervising: X12Provider | None = None
    ambulance_pickup: X12Address | None = None
    ambulance_dropoff: X12Address | None = None
    other_payers: tuple[X12OtherPayer, ...] = attrs.field(default=(), converter=_other_payers)
    diagnoses: tuple[X12Diagnosis, ...] = attrs.field(default=(), converter=_diagnoses)
    lines: tuple[X12Line, ...] = attrs.field(default=(), converter=_lines)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)

    @property
    def path(self) -> str:
        """The finding path of the claim's CLM segment."""
        return f"segment[{self.position}]"

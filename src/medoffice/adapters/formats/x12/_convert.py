"""From what the 837P says to the claim model: :func:`to_claim`.

An :class:`X12Claim` keeps the file's own vocabulary; :func:`to_claim` maps it onto
:class:`medoffice.claims.Claim`, so the same checker runs on claims read from JSON or from X12.
The subscriber is the patient unless the file has a patient loop (2000C); the payer's kind
comes from the claim filing indicator (SBR09: ``MB`` Medicare Part B, ``MC`` Medicaid, ``CI``
commercial, ...); diagnosis codes stay as X12 sends them (no decimal point).

:func:`read_claim` is the same mapping for a claim :func:`read_837p` has just read: its values
already have the claim model's types, so they are not converted or checked a second time.

A service line the claim model cannot hold (no date of service, charge or units the reader
could read) is left out; the reader has already reported why on the X12 claim, as an
``X12-ELEMENT`` or ``X12-SEGMENT`` finding, so nothing disappears silently.

More information: ASC X12 005010X222A1 TR3, SBR09 claim filing indicator code list.

>>> from medoffice.adapters.formats.x12 import read_837p_all
>>> from medoffice.testing import generate_837p
>>> claim = to_claim(read_837p_all(generate_837p(1, seed=3)).claims[0])
>>> claim.payer.type, claim.subscriber.relationship, len(claim.lines) > 0
(<PayerType.COMMERCIAL: 'commercial'>, '18', True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import attrs

from medoffice.adapters.formats.x12._model import (
    X12Address,
    X12Claim,
    X12Line,
    X12Person,
    X12Provider,
)
from medoffice.claims._model import (
    Address,
    Claim,
    Patient,
    Payer,
    PayerType,
    Provider,
    ServiceLine,
    Subscriber,
)
from medoffice.kernel._checked import checked_constructor, mutable_twin

__all__ = ["PAYER_TYPES", "read_claim", "to_claim"]

# SBR09 claim filing indicator codes (005010X222A1) by kind of payer; any other is OTHER.
PAYER_TYPES: Final = {
    "MA": PayerType.MEDICARE,
    "MB": PayerType.MEDICARE,
    "16": PayerType.MEDICARE,  # Health Maintenance Organization (HMO) Medicare Risk
    "MC": PayerType.MEDICAID,
    "CH": PayerType.TRICARE,
    "WC": PayerType.WORKERS_COMPENSATION,
    "09": PayerType.SELF_PAY,
    "CI": PayerType.COMMERCIAL,
    "BL": PayerType.COMMERCIAL,
    "HM": PayerType.COMMERCIAL,
    "12": PayerType.COMMERCIAL,
    "13": PayerType.COMMERCIAL,
    "14": PayerType.COMMERCIAL,
    "15": PayerType.COMMERCIAL,
    "17": PayerType.COMMERCIAL,
}


def _address(address: X12Address | None) -> Address | None:
    if address is None:
        return None
    return Address(
        lines=address.lines,
        city=address.city,
        state=address.state,
        postal_code=address.postal_code,
    )


def _provider(provider: X12Provider | None) -> Provider | None:
    if provider is None:
        return None
    return Provider(
        npi=provider.npi or "",
        tin=provider.tin,
        taxonomy=provider.taxonomy,
        name=provider.name,
    )


def _name(person: X12Person) -> str:
    return " ".join(part for part in (person.first_name, person.last_name) if part)


def _line(line: X12Line, place_of_service: str) -> ServiceLine | None:
    if line.service_from is None or line.charge is None or line.units is None:
        return None
    return ServiceLine(
        service_from=line.service_from,
        service_to=line.service_to,
        procedure=line.procedure,
        charge=line.charge,
        place_of_service=line.place_of_service or place_of_service,
        modifiers=line.modifiers,
        pointers=line.pointers,
        units=line.units,
        prior_authorization=line.prior_authorization,
        referral_number=line.referral_number,
        ndc=line.ndc,
        ndc_quantity=line.ndc_quantity,
        ndc_unit=line.ndc_unit,
    )


def to_claim(claim: X12Claim) -> Claim:
    """The :class:`medoffice.claims.Claim` an 837P claim describes."""
    person = claim.patient or claim.subscriber
    place = claim.place_of_service or ""
    lines = [_line(line, place) for line in claim.lines]
    return Claim(
        patient_control_number=claim.patient_control_number,
        billing=_provider(claim.billing) or Provider(npi=""),
        patient=Patient(
            sex=person.sex or "U",
            name=_name(person),
            date_of_birth=person.date_of_birth,
            address=_address(person.address),
        ),
        subscriber=Subscriber(
            relationship=claim.relationship,
            member_id=claim.subscriber.member_id,
            name=_name(claim.subscriber),
            date_of_birth=claim.subscriber.date_of_birth,
            address=_address(claim.subscriber.address),
        ),
        payer=Payer(
            payer_id=claim.payer_id,
            type=PAYER_TYPES.get(claim.claim_filing_indicator, PayerType.OTHER),
            name=claim.payer_name,
        ),
        diagnoses=tuple(d.code for d in claim.diagnoses),
        lines=tuple(line for line in lines if line is not None),
        frequency=claim.frequency or "",
        original_reference=claim.original_reference,
        rendering=_provider(claim.rendering),
        referring=_provider(claim.referring),
        prior_authorization=claim.prior_authorization,
        referral_number=claim.referral_number,
        total_charge=claim.total_charge,
    )


# The claim model's values, built from fields of the types it checks for (what the reader reads).
_new_address: Final[Callable[..., Address]] = checked_constructor(Address)
_new_provider: Final[Callable[..., Provider]] = checked_constructor(Provider)
_new_patient: Final[Callable[..., Patient]] = checked_constructor(Patient)
_new_subscriber: Final[Callable[..., Subscriber]] = checked_constructor(Subscriber)
_new_payer: Final[Callable[..., Payer]] = checked_constructor(Payer)
_new_line: Final[Callable[..., ServiceLine]] = checked_constructor(ServiceLine)
_new_claim: Final[Callable[..., Claim]] = checked_constructor(Claim)
_NO_BILLING: Final = Provider(npi="")


def _service_line_maker() -> Callable[[X12Line, str], ServiceLine]:
    """A constructor of the :class:`ServiceLine` of a line the reader built (with a date of
    service, a charge and units), ``place`` standing in for its missing place of service: each
    field stored straight from the line's, through the mutable twin of
    :func:`checked_constructor` (or by it, when there is none)."""
    twin = mutable_twin(ServiceLine)
    if twin is None:  # pragma: no cover - ServiceLine has no weak-reference slot
        return lambda line, place: _new_line(
            line.service_from,
            line.procedure,
            line.charge,
            line.service_to,
            line.place_of_service or place,
            line.modifiers,
            line.pointers,
            line.units,
            line.prior_authorization,
            line.referral_number,
            line.ndc,
            line.ndc_quantity,
            line.ndc_unit,
        )
    stores = "".join(
        f"    made.{name} = line.{name}\n"
        if name != "place_of_service"
        else "    made.place_of_service = line.place_of_service or place\n"
        for name in attrs.fields_dict(ServiceLine)
    )
    source = f"def service_line(line, place):\n    made = _twin()\n{stores}"
    source += "    made.__class__ = _cls\n    return made\n"
    namespace: dict[str, Any] = {"_twin": twin, "_cls": ServiceLine}
    exec(compile(source, "<service line of a line>", "exec"), namespace)  # noqa: S102 - from ServiceLine's own field names
    made: Callable[[X12Line, str], ServiceLine] = namespace["service_line"]
    return made


_service_line: Final = _service_line_maker()


def _read_address(address: X12Address | None) -> Address | None:
    if address is None:
        return None
    return _new_address(address.lines, address.city, address.state, address.postal_code)


# The reader shares one X12Provider between the claims that name the same provider; each maps
# onto one Provider, kept by the identity of the X12Provider (which the entry keeps alive, so
# the id is not reused). Bounded: cleared when full.
_PROVIDERS: Final[dict[int, tuple[X12Provider, Provider]]] = {}
_CACHE_SIZE: Final = 4096


def _read_provider(provider: X12Provider | None) -> Provider | None:
    if provider is None:
        return None
    found = _PROVIDERS.get(id(provider))
    if found is not None and found[0] is provider:
        return found[1]
    value = _new_provider(provider.npi or "", provider.tin, provider.taxonomy, provider.name, None)
    if len(_PROVIDERS) >= _CACHE_SIZE:
        _PROVIDERS.clear()
    _PROVIDERS[id(provider)] = (provider, value)
    return value


def _full_name(first: str, last: str) -> str:
    """:func:`_name` of these parts (the non-empty ones, joined by a blank)."""
    if first and last:
        return f"{first} {last}"
    return first or last


# The payers read, by payer id, claim filing indicator and name (a few per file). Bounded.
_PAYERS: Final[dict[tuple[str, str, str], Payer]] = {}


def _read_payer(payer_id: str, filing: str, name: str) -> Payer:
    key = (payer_id, filing, name)
    found = _PAYERS.get(key)
    if found is None:
        found = _new_payer(payer_id, PAYER_TYPES.get(filing, PayerType.OTHER), name)
        if len(_PAYERS) >= _CACHE_SIZE:
            _PAYERS.clear()
        _PAYERS[key] = found
    return found


def read_claim(claim: X12Claim) -> Claim:
    """:func:`to_claim` of a claim the 837P reader built (equal values, checked once, by it).

    Only for the reader's own claims: an :class:`X12Claim` built by hand goes to
    :func:`to_claim`, whose constructors check every field. When the subscriber is the patient
    (no 2000C loop), the patient and the subscriber share one name and one address value.
    """
    subscriber = claim.subscriber
    name = _full_name(subscriber.first_name, subscriber.last_name)
    subscriber_address = _read_address(subscriber.address)
    person = claim.patient
    if person is None:
        patient = _new_patient(
            subscriber.sex or "U", name, subscriber.date_of_birth, subscriber_address
        )
    else:
        patient = _new_patient(
            person.sex or "U",
            _full_name(person.first_name, person.last_name),
            person.date_of_birth,
            _read_address(person.address),
        )
    place = claim.place_of_service or ""
    lines = [
        _service_line(line, place)
        for line in claim.lines
        if line.service_from is not None and line.charge is not None and line.units is not None
    ]
    return _new_claim(
        claim.patient_control_number,
        _read_provider(claim.billing) or _NO_BILLING,
        patient,
        _new_subscriber(
            claim.relationship,
            subscriber.member_id,
            name,
            subscriber.date_of_birth,
            subscriber_address,
        ),
        _read_payer(claim.payer_id, claim.claim_filing_indicator, claim.payer_name),
        tuple([d.code for d in claim.diagnoses]),
        tuple(lines),
        claim.frequency or "",
        claim.original_reference,
        _read_provider(claim.rendering),
        _read_provider(claim.referring),
        claim.prior_authorization,
        claim.referral_number,
        claim.total_charge,
    )

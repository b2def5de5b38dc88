"""No PHI in a repr or an error: every field of every PHI-bearing value is probed.

Each value class that may hold a patient's (or a staff member's) name, date of birth, member id
or address is built from a valid example with one field replaced by a probe at a time: a string
(as in ``Patient(date_of_birth="1947-02-13")``), a date, a number and an object with a
distinctive ``repr``. Whatever the constructor raises, its message, its ``repr``, its arguments
and the exceptions chained to it must not contain the probe. The ``repr`` of each example,
built with distinctive PHI, must not show it either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any, Final

import attrs
import pytest

from medoffice.claims._model import Address, Claim, Patient, Subscriber
from medoffice.credentials._model import Credential, CredentialKind, StaffMember
from medoffice.kernel import TimeRange
from medoffice.scheduling._alloc_model import AllocationRequest
from medoffice.scheduling._booking import BookingRequest
from medoffice.scheduling._types import Patient as SchedulingPatient
from medoffice.scheduling._waitlist import WaitlistEntry
from medoffice.testing import sample_claim

_MARKS: Final = ("Zzyzx", "1947", "CANARY")
_PHI_STREET: Final = "Zzyzx Road 1947"
_PHI_NAME: Final = "Zzyzx Quill"


class _Probe:
    """An object whose repr and str are distinctive."""

    def __repr__(self) -> str:
        return "CANARY-Zzyzx"

    __str__ = __repr__


_PROBES: Final[tuple[object, ...]] = (
    "1947-02-13",
    "Zzyzx Quill, 1947-02-13",
    date(1947, 2, 13),
    19470213,
    _Probe(),
    ("Zzyzx Road 1947",),
)

_AT = datetime(2026, 3, 2, 14, tzinfo=UTC)
_WINDOW = TimeRange(_AT, datetime(2026, 3, 2, 15, tzinfo=UTC))


def _phi_address() -> Address:
    return Address(lines=(_PHI_STREET,), city="Zzyzx", state="CA", postal_code="19470")


def _examples() -> dict[str, Callable[[], Any]]:
    claim = sample_claim()
    patient = SchedulingPatient(ref="pt-1", birth_date=date(1947, 2, 13))
    return {
        "claims.Address": _phi_address,
        "claims.Patient": lambda: Patient(
            name=_PHI_NAME, date_of_birth=date(1947, 2, 13), address=_phi_address()
        ),
        "claims.Subscriber": lambda: Subscriber(
            member_id="1EG4TE5MK73",
            name=_PHI_NAME,
            date_of_birth=date(1947, 2, 13),
            address=_phi_address(),
        ),
        "claims.Provider": lambda: attrs.evolve(claim.billing, address=_phi_address()),
        "claims.Claim": lambda: claim,
        "scheduling.Patient": lambda: patient,
        "scheduling.BookingRequest": lambda: BookingRequest(
            appointment_id="apt-1", type_code="FU", provider="dr-1", start=_AT, patient=patient
        ),
        "scheduling.WaitlistEntry": lambda: WaitlistEntry(
            id="w-1", patient=patient, type_code="FU", requested_periods=(_WINDOW,), created=_AT
        ),
        "scheduling.AllocationRequest": lambda: AllocationRequest(
            id="r-1", type_code="FU", patient=patient, windows=(_WINDOW,)
        ),
        "credentials.StaffMember": lambda: StaffMember(
            id="S-1", role="rn", name=_PHI_NAME, birth_date=date(1947, 2, 13)
        ),
        "credentials.Credential": lambda: Credential(
            kind=CredentialKind.STATE_LICENSE,
            issuer="CA-BRN",
            jurisdiction="CA",
            issued_on=date(2025, 1, 1),
            number="RN-Zzyzx-1947",
        ),
    }


EXAMPLES: Final = _examples()


def _texts(error: BaseException) -> Iterator[str]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield repr(current.args)
        # what a traceback shows: the cause, or the context unless ``from None`` hid it
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )


def _cases() -> Iterator[tuple[str, str]]:
    for name, build in EXAMPLES.items():
        example = build()
        for field in attrs.fields(type(example)):
            if field.init:
                yield name, field.alias


@pytest.mark.parametrize(("name", "field"), list(_cases()))
def test_no_error_echoes_the_value_given(name: str, field: str) -> None:
    """Every probe in this field is accepted or refused without being quoted."""
    example = EXAMPLES[name]()
    leaked: list[str] = []
    for probe in _PROBES:
        try:
            attrs.evolve(example, **{field: probe})
        except Exception as error:  # any exception at all is inspected
            leaked += [text for text in _texts(error) if any(mark in text for mark in _MARKS)]
    assert not leaked, (name, field, leaked[0][:200])


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_repr_shows_phi(name: str) -> None:
    """The repr of an example built with distinctive PHI shows none of it."""
    shown = repr(EXAMPLES[name]())
    assert not any(mark in shown for mark in _MARKS), shown


def test_the_reproducer_names_the_field_only() -> None:
    """Patient(date_of_birth="1947-02-13") says which field and what it needs, not the value."""
    with pytest.raises(TypeError) as raised:
        Patient(date_of_birth="1947-02-13")  # type: ignore[arg-type]
    assert "date_of_birth" in str(raised.value)
    assert "1947" not in repr(raised.value)


def test_every_example_is_probed(request: pytest.FixtureRequest) -> None:
    """The list of PHI-bearing classes covers the claim, scheduling and credentials values."""
    classes: set[Any] = {type(build()) for build in EXAMPLES.values()}
    assert {Patient, Subscriber, Address, Claim, SchedulingPatient, StaffMember} <= classes

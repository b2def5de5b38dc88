"""The credentialing model: staff members, their credentials, and practice locations.

A :class:`Credential` is what an issuer handed out: a licence, a registration, a card, an
attestation, an enrolment or a credentialing decision. It carries the issue date and, when the
document states one, the expiry or due date; when it does not, the rule pack computes it. A
:class:`StaffMember` has a role, the states and locations where they work, the payers they bill
and the activities they perform; those facts decide which credentials are required (see
:mod:`medoffice.credentials._matrix`). A :class:`Location` holds practice-level credentials such
as the CLIA certificate.

Names and dates of birth are kept out of every ``repr``:

>>> from datetime import date
>>> bls = Credential(
...     kind=CredentialKind.BLS, issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10)
... )
>>> member = StaffMember(
...     id="S-1",
...     name="Pat Example",
...     birth_date=date(1980, 5, 17),
...     role=Role.REGISTERED_NURSE,
...     states={"TX"},
...     credentials=[bls],
... )
>>> "Pat" in repr(member) or "1980" in repr(member)
False
>>> member.held(CredentialKind.BLS)
(Credential(kind=<CredentialKind.BLS: 'bls'>, issuer='AHA', jurisdiction='US', ...),)

More information: NCQA Credentialing Standards (https://www.ncqa.org/programs/health-plans/credentialing/)
"""

from __future__ import annotations

import enum
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final, TypeVar, final

import attrs

from medoffice.kernel import InvalidValue
from medoffice.kernel._validators import member_of

T = TypeVar("T")

__all__ = [
    "Activity",
    "Credential",
    "CredentialKind",
    "Location",
    "Role",
    "StaffMember",
    "VerificationEvent",
    "VerificationOutcome",
]


@final
class Role(enum.StrEnum):
    """What a staff member does in the practice."""

    PHYSICIAN = "physician"
    NURSE_PRACTITIONER = "np"
    PHYSICIAN_ASSISTANT = "pa"
    REGISTERED_NURSE = "rn"
    LICENSED_PRACTICAL_NURSE = "lpn"
    MEDICAL_ASSISTANT = "ma"
    RADIOLOGY_TECH = "radiology_tech"
    LAB_TECH = "lab_tech"
    FRONT_DESK = "front_desk"
    BILLER = "biller"
    MANAGER = "manager"


@final
class Activity(enum.StrEnum):
    """Activities that bring extra requirements with them."""

    PRESCRIBES_CONTROLLED = "prescribes_controlled"
    EXPOSED_TO_BLOOD = "exposed_to_blood"
    PERFORMS_WAIVED_TESTS = "performs_waived_tests"
    ADULT_RESUSCITATION = "adult_resuscitation"
    PEDIATRIC_RESUSCITATION = "pediatric_resuscitation"


_KIND_CODE: Final = re.compile(r"[a-z][a-z0-9_]{1,47}")


@final
class CredentialKind(enum.StrEnum):
    """A kind of credential: the shipped kinds below, or any kind a rule pack declares.

    Kinds are open: ``CredentialKind("malpractice_coi")`` is a kind as good as
    ``CredentialKind.BLS`` (lower-case letters, digits and ``_``, 2 to 48 characters), made once
    and shared, so ``is`` compares kinds. A pack gives a kind its rule, alert cadence and gated
    capabilities (:class:`~medoffice.credentials.packs.KindSpec`); a kind that no pack declares can
    be stored and listed, and its standing is undecidable until a pack (or a stated expiry) says
    how long it lasts.
    """

    STATE_LICENSE = "state_license"
    DEA_REGISTRATION = "dea_registration"
    BLS = "bls"
    ACLS = "acls"
    PALS = "pals"
    BBP_TRAINING = "bbp_training"
    CAQH_ATTESTATION = "caqh_attestation"
    MEDICARE_ENROLLMENT = "medicare_enrollment"
    DMEPOS_ENROLLMENT = "dmepos_enrollment"
    PAYER_CREDENTIALING = "payer_credentialing"
    CLIA_CERTIFICATE = "clia_certificate"

    @classmethod
    def _missing_(cls, value: object) -> CredentialKind | None:
        if not isinstance(value, str) or not _KIND_CODE.fullmatch(value):
            return None
        member = str.__new__(cls, value)
        member._value_ = value
        member._name_ = value.upper()
        # setdefault keeps one member per code even when two threads race here
        return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]


@final
class VerificationOutcome(enum.StrEnum):
    """What the primary source said."""

    VERIFIED = "verified"
    DISCREPANCY = "discrepancy"
    NOT_FOUND = "not_found"


def _role(value: Role | str) -> Role:
    return member_of(Role, value)


def _kind(value: CredentialKind | str) -> CredentialKind:
    try:
        return CredentialKind(value)
    except ValueError:
        raise InvalidValue(
            "a credential kind is a code of lower-case letters, digits and '_' "
            "(such as state_license or malpractice_coi)"
        ) from None


def _outcome(value: VerificationOutcome | str) -> VerificationOutcome:
    return member_of(VerificationOutcome, value)


def _day(given: date) -> date:
    value: object = given  # checked at run time: not every caller is type-checked
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValue(f"a calendar day is a date, not {type(value).__name__}")
    return value


def _optional_day(value: date | None) -> date | None:
    return None if value is None else _day(value)


def _code(given: str) -> str:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue("a jurisdiction, issuer or id is a non-empty string")
    return value.strip()


def _shared_code(value: str) -> str:
    # Issuers and jurisdictions repeat across a roster: one shared string each saves memory.
    return sys.intern(_code(value))


_JURISDICTION: Final = re.compile(r"[A-Z]{2}")
_PAYER: Final = re.compile(r"[A-Z0-9][A-Z0-9_.-]*")


def _upper_code(value: str) -> str:
    code = sys.intern(_code(value).upper())
    if not _PAYER.fullmatch(code):
        raise InvalidValue("a code is letters, digits, '_', '.' or '-'")
    return code


def _jurisdiction(value: str) -> str:
    code = _upper_code(value)
    if not _JURISDICTION.fullmatch(code):
        raise InvalidValue("a jurisdiction is a two-letter state code or US")
    return code


def _states(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidValue("give a collection of state codes, not one string")
    return _shared(frozenset(_jurisdiction(v) for v in values))


_TAXONOMY: Final = re.compile(r"[0-9]{3}[0-9A-Z]{6}X")


def _taxonomy(given: str | None) -> str | None:
    value: object = given  # checked at run time: not every caller is type-checked
    if value is None:
        return None
    if not isinstance(value, str) or not _TAXONOMY.fullmatch(value.strip().upper()):
        raise InvalidValue("a NUCC taxonomy code is ten characters such as 207Q00000X")
    return sys.intern(value.strip().upper())


def _details(
    given: Mapping[str, str] | Iterable[tuple[str, str]] | None,
) -> tuple[tuple[str, str], ...]:
    values: object = given  # checked at run time: not every caller is type-checked
    if values is None:
        return ()
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidValue("details are a mapping of names to text")
    pairs: Iterable[object] = values.items() if isinstance(values, Mapping) else values
    found: dict[str, str] = {}
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidValue("details are a mapping of names to text")
        name, text = pair
        if not isinstance(name, str) or not _KIND_CODE.fullmatch(name):
            raise InvalidValue("a detail name is lower-case letters, digits and '_'")
        if not isinstance(text, str):
            raise InvalidValue("a detail is text")
        found[sys.intern(name)] = text
    return tuple(sorted(found.items()))


def _optional_code(value: str | None) -> str | None:
    return None if value is None else _upper_code(value)


_SETS: dict[frozenset[Any], frozenset[Any]] = {}
_SETS_LIMIT: Final = 65536


def _shared(values: frozenset[T]) -> frozenset[T]:
    # Rosters repeat the same few sets of states, payers and activities: keep one of each.
    found = _SETS.get(values)
    if found is not None:
        return found
    if len(_SETS) < _SETS_LIMIT:
        _SETS[values] = values
    return values


def _codes(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidValue("give a collection of codes, not one string")
    return _shared(frozenset(_upper_code(v) for v in values))


def _labels(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidValue("give a collection of ids, not one string")
    return _shared(frozenset(_code(v) for v in values))


@final
@attrs.frozen(kw_only=True)
class VerificationEvent:
    """One primary-source verification: which source, on which day, with which outcome."""

    source: str = attrs.field(converter=_code)
    on: date = attrs.field(converter=_day)
    outcome: VerificationOutcome = attrs.field(converter=_outcome)


def _verifications(given: Iterable[VerificationEvent]) -> tuple[VerificationEvent, ...]:
    values: object = given  # checked at run time: not every caller is type-checked
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidValue("verifications are a collection of VerificationEvent values")
    items = tuple(values)
    for item in items:
        if not isinstance(item, VerificationEvent):
            raise InvalidValue("verifications are VerificationEvent values")
    return items


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class Credential:
    """A licence, registration, card, attestation, enrolment or credentialing decision.

    ``jurisdiction`` is a state code (``CA``) or ``US`` for national credentials.
    ``expires_on`` is the expiry or due date the document states; ``None`` lets the rule pack
    compute it from ``issued_on`` (or, for assigned due dates such as Medicare revalidation,
    means "TBD"). ``payer`` names the payer of an enrolment or payer credentialing decision.
    The number is kept out of the ``repr``. ``details`` holds the facts a kind declares as its
    own (a malpractice certificate's coverage limits, the DEA registration a state
    controlled-substance registration is linked to, a hospital's reappointment date), as text
    keyed by name; they are kept out of the ``repr`` too.
    """

    kind: CredentialKind = attrs.field(converter=_kind)
    issuer: str = attrs.field(converter=_shared_code)
    jurisdiction: str = attrs.field(converter=_jurisdiction)
    issued_on: date = attrs.field(converter=_day)
    expires_on: date | None = attrs.field(default=None, converter=_optional_day)
    number: str = attrs.field(default="", repr=False)
    payer: str | None = attrs.field(default=None, converter=_optional_code)
    verifications: tuple[VerificationEvent, ...] = attrs.field(default=(), converter=_verifications)
    evidence: str | None = attrs.field(default=None, repr=False)
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_details, repr=False)

    def detail(self, name: str) -> str | None:
        """The kind-specific fact ``name`` (a coverage limit, a linked registration), if any."""
        for key, value in self.details:
            if key == name:
                return value
        return None

    @expires_on.validator
    def _not_before_issue(self, _: attrs.Attribute[date | None], value: date | None) -> None:
        if value is not None and value < self.issued_on:
            raise InvalidValue("a credential cannot expire before it is issued")


def _activities(values: Iterable[Activity | str]) -> frozenset[Activity]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidValue("give a collection of activities, not one string")
    return _shared(frozenset(member_of(Activity, a) for a in values))


def _credentials(given: Iterable[Credential]) -> tuple[Credential, ...]:
    values: object = given  # checked at run time: not every caller is type-checked
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidValue("credentials are a collection of Credential values")
    items = tuple(values)
    for item in items:
        if not isinstance(item, Credential):
            raise InvalidValue(f"credentials are Credential values, not {type(item).__name__}")
    return items


@final
@attrs.frozen(kw_only=True, weakref_slot=False)
class StaffMember:
    """A person working in the practice, with the facts that decide their requirements.

    ``taxonomy`` is the NUCC Health Care Provider Taxonomy code of the person's licensed
    profession, when known; with ``role`` it decides which board's rule a licence follows
    (see :func:`~medoffice.credentials.packs.profession_of`).
    """

    id: str = attrs.field(converter=_code)
    role: Role = attrs.field(converter=_role)
    taxonomy: str | None = attrs.field(default=None, converter=_taxonomy)
    name: str = attrs.field(default="", repr=False)
    birth_date: date | None = attrs.field(default=None, converter=_optional_day, repr=False)
    states: frozenset[str] = attrs.field(default=frozenset(), converter=_states)
    locations: frozenset[str] = attrs.field(default=frozenset(), converter=_labels)
    payers: frozenset[str] = attrs.field(default=frozenset(), converter=_codes)
    activities: frozenset[Activity] = attrs.field(default=frozenset(), converter=_activities)
    credentials: tuple[Credential, ...] = attrs.field(default=(), converter=_credentials)

    def held(self, kind: CredentialKind, jurisdiction: str | None = None) -> tuple[Credential, ...]:
        """The credentials of ``kind`` held (in ``jurisdiction`` when given)."""
        return tuple(
            c
            for c in self.credentials
            if c.kind is kind and (jurisdiction is None or c.jurisdiction == jurisdiction)
        )

    def with_credential(self, credential: Credential) -> StaffMember:
        """This member with one more credential (a renewal never replaces the old record)."""
        return attrs.evolve(self, credentials=(*self.credentials, credential))


@final
@attrs.frozen(kw_only=True)
class Location:
    """A practice location and its practice-level credentials (the CLIA certificate)."""

    id: str = attrs.field(converter=_code)
    state: str = attrs.field(converter=_jurisdiction)
    credentials: tuple[Credential, ...] = attrs.field(default=(), converter=_credentials)

"""Reading the values of single segments: providers, people, diagnoses and service lines.

Each reader takes one segment (and the component separator where composites matter) and a
callback for ``X12-ELEMENT`` findings, and returns plain values; the :class:`ClaimBuilder`
decides where they belong. Values of people (names, member ids, dates of birth, addresses) are
PHI: they are returned, never quoted in a finding.

More information: ASC X12 005010X222A1 TR3, segments NM1, N3, N4, DMG, HI and SV1.

>>> from medoffice.adapters.formats.x12._tokens import Segment
>>> found = []
>>> read_pointers(
...     Segment(9, 0, ("SV1", "HC:99213", "10", "UN", "1", "", "", "1:2:13")), ":", found.append
... )
(1, 2)
>>> [(f.path, f.value) for f in found]
[('segment[9].SV107-3', '13')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Final, TypeVar

import attrs

from medoffice.adapters.formats.x12._elements import amount, day, decimal, problem, text
from medoffice.adapters.formats.x12._model import (
    X12Address,
    X12Adjustment,
    X12Diagnosis,
    X12OtherPayer,
    X12Party,
    X12Person,
    X12Provider,
)
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, Money
from medoffice.kernel._checked import checked_constructor

__all__ = [
    "DIAGNOSIS_QUALIFIERS",
    "AddressDraft",
    "OtherPayerDraft",
    "PartyDraft",
    "PersonDraft",
    "Service",
    "read_adjustments",
    "read_diagnoses",
    "read_pointers",
    "read_provider",
    "read_service",
    "with_taxonomy",
]

Report = Callable[[Finding], None]
DIAGNOSIS_QUALIFIERS: Final = frozenset({"ABK", "ABF", "BK", "BF"})
# Other HI code lists (anesthesia, condition codes) are read past, not kept.
_OTHER_HI: Final = frozenset({"BP", "BO", "BG", "BH", "BE", "BI", "BN", "BQ", "BR", "BS", "BT"})
_PROCEDURE_QUALIFIERS: Final = frozenset({"HC", "ER", "IV", "WK"})
_T = TypeVar("_T")
_CACHE_SIZE: Final = 4096
_PROVIDERS: Final[dict[tuple[str, ...], X12Provider]] = {}
# What SV1 says of a line: X12Line's fields procedure_qualifier to pointers, and emergency.
Service = tuple[tuple[object, ...], bool]
_SERVICES: Final[dict[tuple[str, ...], Service]] = {}
_DIAGNOSES: Final[dict[tuple[str, ...], tuple[X12Diagnosis, ...]]] = {}
# Drafts become values through constructors that do not convert or check again what the
# reader has just read (the values equal the public constructors').
_address: Final = checked_constructor(X12Address)
_person: Final = checked_constructor(X12Person)
# Keyed by the identity of a provider, which the entry keeps alive (so the id is not reused).
_TAXONOMIES: Final[dict[tuple[int, str | None], tuple[X12Provider, X12Provider]]] = {}


@attrs.define
class AddressDraft:
    """An address being read (N3, N4); becomes an :class:`X12Address`, or ``None`` if empty."""

    lines: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    postal_code: str = ""

    def read_street(self, segment: Segment) -> None:
        """N3: one or two address lines."""
        lines = segment.elements[1:3]
        self.lines = lines if "" not in lines else tuple(filter(None, lines))

    def read_city(self, segment: Segment) -> None:
        """N4: city, state and ZIP code."""
        elements = segment.elements
        if len(elements) > 3:
            self.city, self.state, self.postal_code = elements[1], elements[2], elements[3]
        else:
            self.city, self.state, self.postal_code = segment.get(1), segment.get(2), ""

    def freeze(self) -> X12Address | None:
        """The address read, or ``None`` when nothing was."""
        if not (self.lines or self.city or self.postal_code):
            return None
        return _address(self.lines, self.city, self.state, self.postal_code)


@attrs.define
class PersonDraft:
    """A person being read; becomes an :class:`X12Person`."""

    sex: str = ""
    last_name: str = ""
    first_name: str = ""
    member_id: str = ""
    date_of_birth: date | None = None
    address: AddressDraft = attrs.field(factory=AddressDraft)

    def freeze(self) -> X12Person:
        """The immutable person read so far."""
        return _person(
            self.sex,
            self.last_name,
            self.first_name,
            self.member_id,
            self.date_of_birth,
            self.address.freeze(),
        )

    def clear(self) -> None:
        """Forget everything read: the draft starts a new person (cheaper than a new draft)."""
        self.sex = self.last_name = self.first_name = self.member_id = ""
        self.date_of_birth = None
        address = self.address
        address.lines = ()
        address.city = address.state = address.postal_code = ""

    def read_name(self, segment: Segment, report: Report) -> None:
        """NM1: last and first name, member id (NM109)."""
        elements = segment.elements
        count = len(elements)
        last = elements[3] if count > 3 else ""
        if len(last) > 60:  # NM103 is at most 60 characters
            text(segment, 3, report, max_length=60, phi=True)
        self.last_name = last
        self.first_name = elements[4] if count > 4 else ""
        member = elements[9] if count > 9 else ""
        if len(member) > 80:  # NM109 is at most 80 characters
            text(segment, 9, report, max_length=80, phi=True)
        self.member_id = member

    def thaw(self, person: X12Person) -> None:
        """Hold what ``person`` holds (the draft was clear): a draft :func:`clean_person` read."""
        self.sex, self.last_name, self.first_name = person.sex, person.last_name, person.first_name
        self.member_id, self.date_of_birth = person.member_id, person.date_of_birth
        address = person.address
        if address is not None:
            draft = self.address
            draft.lines, draft.city = address.lines, address.city
            draft.state, draft.postal_code = address.state, address.postal_code

    def read_street(self, segment: Segment) -> None:
        """N3: one or two address lines."""
        self.address.read_street(segment)

    def read_city(self, segment: Segment) -> None:
        """N4: city, state and ZIP code."""
        self.address.read_city(segment)

    def read_demographics(self, segment: Segment, report: Report) -> None:
        """DMG: date of birth (D8) and sex."""
        elements = segment.elements
        count = len(elements)
        form = elements[1] if count > 1 else ""
        if form and form != "D8":
            report(problem(segment, 1, "DMG01 is D8", form))
        raw = elements[2] if count > 2 else ""
        self.date_of_birth = day(raw) if raw else None
        if raw and self.date_of_birth is None:
            report(problem(segment, 2, "the date of birth is not a CCYYMMDD date"))
        self.sex = elements[3] if count > 3 else ""


def clean_person(
    name: Sequence[str],
    street: Sequence[str],
    city: Sequence[str],
    demographics: Sequence[str],
) -> X12Person | None:
    """The person a clear :class:`PersonDraft` freezes into after reading these elements of
    NM1, N3, N4 and DMG (as :meth:`~PersonDraft.read_name`, :meth:`~PersonDraft.read_street`,
    :meth:`~PersonDraft.read_city` and :meth:`~PersonDraft.read_demographics` read them), built
    at once, when none has a finding and N301 is present; else ``None``.

    The caller has checked that DMG01 and DMG02 are present."""
    count = len(name)
    last = name[3] if count > 3 else ""
    member = name[9] if count > 9 else ""
    born = day(demographics[2]) if demographics[1] == "D8" else None
    if len(last) > 60 or len(member) > 80 or born is None or not street[1]:
        return None
    lines = tuple(street[1:3])
    if "" in lines:
        lines = tuple(filter(None, lines))
    if len(city) > 3:
        address = _address(lines, city[1], city[2], city[3])
    else:
        address = _address(
            lines, city[1] if len(city) > 1 else "", city[2] if len(city) > 2 else "", ""
        )
    return _person(
        demographics[3] if len(demographics) > 3 else "",
        last,
        name[4] if count > 4 else "",
        member,
        born,
        address,
    )


@attrs.define
class PartyDraft:
    """An organisation named by NM1 (a pay-to plan, another payer) with its address."""

    role: str
    name: str = ""
    id_qualifier: str = ""
    id: str = ""
    address: AddressDraft = attrs.field(factory=AddressDraft)

    @classmethod
    def of(cls, role: str, segment: Segment) -> PartyDraft:
        """NM1: NM103 name, NM108 id qualifier, NM109 id."""
        return cls(role=role, name=segment.get(3), id_qualifier=segment.get(8), id=segment.get(9))

    def freeze(self) -> X12Party:
        """The party read."""
        return X12Party(
            role=self.role,
            name=self.name,
            id_qualifier=self.id_qualifier,
            id=self.id,
            address=self.address.freeze(),
        )


@attrs.define
class OtherPayerDraft:
    """An other payer's coverage being read (2320 with 2330A/B)."""

    responsibility: str = ""
    relationship: str = ""
    group_number: str = ""
    claim_filing_indicator: str = ""
    paid: Money | None = None
    adjustments: list[X12Adjustment] = attrs.field(factory=list)
    benefits_assigned: str = ""
    release_of_information: str = ""
    subscriber: PersonDraft | None = None
    payer: PartyDraft | None = None

    @classmethod
    def of(cls, segment: Segment) -> OtherPayerDraft:
        """SBR of loop 2320: responsibility, relationship, group, claim filing indicator."""
        return cls(
            responsibility=segment.get(1),
            relationship=segment.get(2),
            group_number=segment.get(3),
            claim_filing_indicator=segment.get(9),
        )

    def freeze(self) -> X12OtherPayer:
        """The other payer read."""
        return X12OtherPayer(
            responsibility=self.responsibility,
            relationship=self.relationship,
            group_number=self.group_number,
            claim_filing_indicator=self.claim_filing_indicator,
            paid=self.paid,
            adjustments=self.adjustments,
            benefits_assigned=self.benefits_assigned,
            release_of_information=self.release_of_information,
            subscriber=None if self.subscriber is None else self.subscriber.freeze(),
            payer=None if self.payer is None else self.payer.freeze(),
        )


def read_adjustments(segment: Segment, report: Report) -> list[X12Adjustment]:
    """CAS: the group code (CAS01), then up to six reason, amount, quantity triples."""
    group = text(segment, 1, report, required=True)
    found: list[X12Adjustment] = []
    for position in range(2, 20, 3):
        reason = segment.get(position)
        if not reason:
            continue
        found.append(
            X12Adjustment(
                group=group,
                reason=reason,
                amount=amount(segment, position + 1, report, required=True),
                quantity=decimal(segment, position + 2, report),
            )
        )
    return found


def _cached(
    cache: dict[tuple[str, ...], _T],
    key: tuple[str, ...],
    read: Callable[[Report], _T],
    report: Report,
) -> _T:
    """``read``'s result, shared between identical segments that read without a finding.

    Claims repeat the same rendering provider, procedure and charge, diagnoses...; the values
    are immutable, so one reading serves every repeat. A segment with findings is read afresh
    each time, so its findings always carry the current position.
    """
    found = cache.get(key)
    if found is not None:
        return found
    problems: list[Finding] = []
    value = read(problems.append)
    for finding in problems:
        report(finding)
    if not problems:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = value
    return value


def with_taxonomy(provider: X12Provider, taxonomy: str | None) -> X12Provider:
    """``provider`` with its taxonomy (PRV03); shared between repeats, as providers are."""
    key = (id(provider), taxonomy)
    found = _TAXONOMIES.get(key)
    if found is not None and found[0] is provider:
        return found[1]
    value = attrs.evolve(provider, taxonomy=taxonomy)
    if len(_TAXONOMIES) >= _CACHE_SIZE:
        _TAXONOMIES.clear()
    _TAXONOMIES[key] = (provider, value)
    return value


def read_provider(role: str, segment: Segment, report: Report) -> X12Provider:
    """A provider from its NM1: NPI when NM108 is XX, name, entity type."""
    key = (role, *segment.elements)
    found = _PROVIDERS.get(key)
    if found is not None:
        return found
    return _cached(_PROVIDERS, key, lambda sink: _read_provider(role, segment, sink), report)


def _read_provider(role: str, segment: Segment, report: Report) -> X12Provider:
    entity = segment.get(2)
    if entity and entity not in {"1", "2"}:
        report(problem(segment, 2, "NM102 is 1 (person) or 2 (organisation)", entity))
    npi = None
    if segment.get(8) == "XX":
        npi = text(segment, 9, report, required=True, max_length=80) or None
        if npi is not None and (len(npi) != 10 or not npi.isdigit()):
            report(problem(segment, 9, "an NPI (NM108 XX) has ten digits", npi))
    names = (segment.get(3), segment.get(4))
    return X12Provider(role=role, npi=npi, name=" ".join(n for n in names if n), entity_type=entity)


def read_diagnoses(
    segment: Segment, component: str, report: Report, diagnoses: list[X12Diagnosis]
) -> None:
    """HI: append the diagnosis codes (ABK/ABF, BK/BF) to ``diagnoses``; skip other lists."""
    if diagnoses:  # a later HI: whether it is in order depends on what came before
        _read_diagnoses(segment, component, report, diagnoses)
        return
    key = (component, *segment.elements)
    found = _DIAGNOSES.get(key)
    if found is not None:
        diagnoses.extend(found)
        return

    def first(sink: Report) -> tuple[X12Diagnosis, ...]:
        fresh: list[X12Diagnosis] = []
        _read_diagnoses(segment, component, sink, fresh)
        return tuple(fresh)

    read: tuple[X12Diagnosis, ...] = _cached(_DIAGNOSES, key, first, report)
    diagnoses.extend(read)


def _read_diagnoses(
    segment: Segment, component: str, report: Report, diagnoses: list[X12Diagnosis]
) -> None:
    for position, value in enumerate(segment.elements[1:13], start=1):
        if not value:
            continue
        parts = value.split(component)
        qualifier = parts[0]
        code = parts[1] if len(parts) > 1 else ""
        if qualifier in _OTHER_HI:
            continue
        if qualifier not in DIAGNOSIS_QUALIFIERS:
            message = "not a diagnosis code list qualifier (ABK, ABF, BK, BF)"
            report(problem(segment, position, message, qualifier[:3], component=1))
            continue
        if not code or len(code) > 30:
            report(problem(segment, position, "the diagnosis code is missing", None, 2))
            continue
        principal = qualifier in {"ABK", "BK"}
        if principal != (not diagnoses):
            message = "the principal diagnosis (ABK/BK) comes first, and only once"
            report(problem(segment, position, message, qualifier, component=1))
        diagnoses.append(X12Diagnosis(code=code, qualifier=qualifier))


def read_service(segment: Segment, component: str, report: Report) -> Service:
    """SV1: the line's procedure, modifiers, charge, units, place of service and pointers.

    As X12Line's fields ``procedure_qualifier`` to ``pointers`` in order, and ``emergency``.
    """
    key = (component, *segment.elements)
    found = _SERVICES.get(key)
    if found is not None:
        return found
    return _cached(_SERVICES, key, lambda sink: _read_service(segment, component, sink), report)


def _read_service(segment: Segment, component: str, report: Report) -> Service:
    procedure = text(segment, 1, report, required=True).split(component)
    qualifier = procedure[0]
    if qualifier not in _PROCEDURE_QUALIFIERS:
        report(problem(segment, 1, "SV101-1 is HC, ER, IV or WK", qualifier[:3], 1))
    code = procedure[1] if len(procedure) > 1 else ""
    if not code or len(code) > 48:
        message = "SV101-2 (the procedure code) is missing or too long"
        report(problem(segment, 1, message, None, 2))
    modifiers = tuple(m for m in procedure[2:6] if m)
    for offset, modifier in enumerate(modifiers, start=3):
        if len(modifier) != 2:
            report(problem(segment, 1, "a modifier has two characters", modifier[:8], offset))
    charge = amount(segment, 2, report, required=True)
    unit_basis = text(segment, 3, report, required=True)
    units = decimal(segment, 4, report, required=True)
    place = segment.get(5) or None
    pointers = read_pointers(segment, component, report)
    return (
        (qualifier, code, modifiers, charge, unit_basis, units, place, pointers),
        segment.get(9) == "Y",
    )


def read_pointers(segment: Segment, component: str, report: Report) -> tuple[int, ...]:
    """SV107: one to four diagnosis pointers, each 1 to 12."""
    raw = text(segment, 7, report, required=True)
    pointers: list[int] = []
    for index, part in enumerate(raw.split(component) if raw else (), start=1):
        if index > 4 or not part.isdecimal() or len(part) > 2 or not 1 <= int(part) <= 12:
            report(problem(segment, 7, "a pointer is 1 to 12, at most four", part[:3], index))
            continue
        pointers.append(int(part))
    return tuple(pointers)

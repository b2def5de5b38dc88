"""A compact in-memory credential repository for large rosters.

:class:`InMemoryCredentialRepository` keeps the model objects themselves, about 200 bytes per
credential. :class:`CompactCredentialRepository` keeps credentials in columns instead (kind,
issuer, jurisdiction, payer as small integers; dates as day numbers; numbers and evidence
references as UTF-8 in one buffer), about 35 bytes each, and builds the model objects when a
staff member is read. Both pass the same contract suite.

A save replaces a staff member's rows; the old rows are dropped from the columns once they
outnumber the live ones, so the store never grows without bound.

>>> from datetime import date
>>> from medoffice.credentials import Credential, StaffMember
>>> repo = CompactCredentialRepository()
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> repo.save(StaffMember(id="S-1", role="ma", credentials=[card]), expected_version=0)
1
>>> repo.get("S-1").credentials == (card,)
True
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import date
from typing import Final, cast, final

import attrs

from medoffice.credentials._model import (
    Credential,
    CredentialKind,
    Location,
    StaffMember,
    VerificationEvent,
)
from medoffice.kernel import ConcurrencyConflict, InvalidValue

__all__ = ["CompactCredentialRepository"]

_NO_DAY: Final = 0


@final
class _Strings:
    """Distinct strings numbered in order of first use (issuers, jurisdictions, payers)."""

    __slots__ = ("codes", "values")

    def __init__(self) -> None:
        self.values: list[str | None] = [None]
        self.codes: dict[str | None, int] = {None: 0}

    def code(self, value: str | None) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found


@final
@attrs.frozen
class _Person:
    """A staff member without credentials, the row range of those, and the version."""

    member: StaffMember
    first: int
    last: int
    version: int


@final
class CompactCredentialRepository:
    """Staff and locations with credentials stored column-wise; optimistic concurrency."""

    __slots__ = (
        "_dead",
        "_details",
        "_evidence",
        "_expires",
        "_issued",
        "_issuer",
        "_jurisdiction",
        "_kind",
        "_kind_codes",
        "_kinds",
        "_locations",
        "_numbers",
        "_payer",
        "_people",
        "_strings",
        "_verifications",
    )

    def __init__(self) -> None:
        self._locations: dict[str, Location] = {}
        self._reset()

    def _reset(self) -> None:
        self._people: dict[str, _Person] = {}
        self._strings = _Strings()
        # kinds are open: each repository numbers the kinds it meets, in order of first use
        self._kinds: list[CredentialKind] = list(CredentialKind)
        self._kind_codes: dict[CredentialKind, int] = {k: n for n, k in enumerate(self._kinds)}
        self._kind = array("H")
        self._issuer = array("I")
        self._jurisdiction = array("I")
        self._payer = array("I")
        self._issued = array("i")
        self._expires = array("i")
        self._numbers = _Texts()
        self._evidence = _Texts()
        self._verifications: dict[int, tuple[VerificationEvent, ...]] = {}
        self._details: dict[int, tuple[tuple[str, str], ...]] = {}
        self._dead = 0

    def __repr__(self) -> str:
        return f"CompactCredentialRepository({len(self._people)} staff, {len(self._kind)} rows)"

    def __len__(self) -> int:
        return len(self._people)

    @property
    def stored_rows(self) -> int:
        """Credential rows held, live and replaced ones not yet dropped."""
        return len(self._kind)

    def get(self, staff_id: str) -> StaffMember | None:
        """The staff member with ``staff_id`` (model objects built on read), or ``None``."""
        person = self._people.get(staff_id)
        if person is None:
            return None
        rows = tuple(self._credential(row) for row in range(person.first, person.last))
        return attrs.evolve(person.member, credentials=rows)

    def version(self, staff_id: str) -> int:
        """The stored version (0 when absent)."""
        person = self._people.get(staff_id)
        return person.version if person else 0

    def save(self, staff: StaffMember, *, expected_version: int) -> int:
        """Store ``staff`` if nobody saved it since ``expected_version``."""
        if not isinstance(staff, StaffMember):
            raise InvalidValue("the repository stores StaffMember values")
        current = self.version(staff.id)
        if current != expected_version:
            raise ConcurrencyConflict("the staff record changed since it was read; re-read it")
        old = self._people.get(staff.id)
        first = len(self._kind)
        for credential in staff.credentials:
            self._append(credential)
        bare = attrs.evolve(staff, credentials=())
        self._people[staff.id] = _Person(bare, first, len(self._kind), current + 1)
        if old is not None:
            self._dead += old.last - old.first
            if self._dead > len(self._kind) // 2:
                self._compact()
        return current + 1

    def staff_ids(self) -> Iterator[str]:
        """Every stored staff id, sorted."""
        return iter(sorted(self._people))

    def location(self, location_id: str) -> Location | None:
        """The location with ``location_id``, or ``None``."""
        return self._locations.get(location_id)

    def save_location(self, location: Location) -> None:
        """Store or replace a location."""
        if not isinstance(location, Location):
            raise InvalidValue("the repository stores Location values")
        self._locations[location.id] = location

    def _append(self, credential: Credential) -> None:
        row = len(self._kind)
        code = self._strings.code
        kind = self._kind_codes.get(credential.kind)
        if kind is None:
            kind = self._kind_codes[credential.kind] = len(self._kinds)
            self._kinds.append(credential.kind)
        self._kind.append(kind)
        self._issuer.append(code(credential.issuer))
        self._jurisdiction.append(code(credential.jurisdiction))
        self._payer.append(code(credential.payer))
        self._issued.append(credential.issued_on.toordinal())
        expires = credential.expires_on
        self._expires.append(_NO_DAY if expires is None else expires.toordinal())
        self._numbers.append(credential.number)
        self._evidence.append(credential.evidence)
        if credential.verifications:
            self._verifications[row] = credential.verifications
        if credential.details:
            self._details[row] = credential.details

    def _credential(self, row: int) -> Credential:
        values = self._strings.values
        expires = self._expires[row]
        return Credential(
            kind=self._kinds[self._kind[row]],
            # Issuer and jurisdiction are always stored; only the payer may be missing.
            issuer=cast(str, values[self._issuer[row]]),
            jurisdiction=cast(str, values[self._jurisdiction[row]]),
            issued_on=date.fromordinal(self._issued[row]),
            expires_on=None if expires == _NO_DAY else date.fromordinal(expires),
            number=self._numbers.get(row) or "",
            payer=values[self._payer[row]],
            verifications=self._verifications.get(row, ()),
            evidence=self._evidence.get(row),
            details=self._details.get(row, ()),
        )

    def _compact(self) -> None:
        people = self._people
        members = [self.get(staff_id) for staff_id in list(people)]
        versions = {staff_id: p.version for staff_id, p in people.items()}
        self._reset()
        for member in members:
            assert member is not None
            first = len(self._kind)
            for credential in member.credentials:
                self._append(credential)
            bare = attrs.evolve(member, credentials=())
            self._people[member.id] = _Person(bare, first, len(self._kind), versions[member.id])


@final
class _Texts:
    """Optional strings in one UTF-8 buffer with end offsets and a presence flag per row."""

    __slots__ = ("_buffer", "_ends", "_present")

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._ends = array("I")
        self._present = bytearray()

    def append(self, value: str | None) -> None:
        if value is not None:
            self._buffer += value.encode("utf-8")
        self._present.append(value is not None)
        self._ends.append(len(self._buffer))

    def get(self, row: int) -> str | None:
        if not self._present[row]:
            return None
        start = self._ends[row - 1] if row else 0
        return self._buffer[start : self._ends[row]].decode("utf-8")

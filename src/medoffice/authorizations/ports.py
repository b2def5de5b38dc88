"""The ports of authorizations: where the records come from and where usage is written.

- :class:`AuthorizationSource` gives the payer requirements and the index of every patient's
  records; the bridges of ``adapters.bridges`` ask it on each booking and each claim check.
  :class:`AuthorizationSnapshot` is a fixed source (a notebook, a benchmark, a batch of claims
  checked against one day's records); the service
  :class:`~medoffice.authorizations.services.Authorizations` is the live one.
- :class:`UsageRecorder` is a source that also records what a booking used (and releases it
  when the visit is cancelled) and what a submitted claim line used.
- :class:`AuthorizationRepository` stores coverages, authorizations, referrals and the usage
  ledger with compare-and-set saving (uses are only ever appended); an
  :class:`AuthorizationsStore` opens an :class:`AuthorizationsUnitOfWork` over it (contract:
  :class:`medoffice.testing.AuthorizationRepositoryContract`).

>>> from medoffice.authorizations._index import AuthorizationIndex
>>> from medoffice.authorizations._requirements import RequirementBook
>>> snapshot = AuthorizationSnapshot(book=RequirementBook(), index=AuthorizationIndex.build())
>>> isinstance(snapshot, AuthorizationSource)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, final, runtime_checkable

import attrs

from medoffice.authorizations._decision import ServiceFacts
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._requirements import RequirementBook
from medoffice.authorizations._usage import Use
from medoffice.kernel import UnitOfWork

__all__ = [
    "AuthorizationRepository",
    "AuthorizationSnapshot",
    "AuthorizationSource",
    "AuthorizationsStore",
    "AuthorizationsUnitOfWork",
    "StoredAuthorizations",
    "UsageRecorder",
]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@runtime_checkable
class AuthorizationSource(Protocol):
    """The requirements and the records the shared decision reads."""

    def requirement_book(self) -> RequirementBook:
        """The payer requirements in force for the practice."""
        ...

    def records(self) -> AuthorizationIndex:
        """Every patient's coverages, authorizations, referrals and usage, indexed."""
        ...


@runtime_checkable
class UsageRecorder(AuthorizationSource, Protocol):
    """A source that records the usage of bookings."""

    def record_booking(self, source: str, facts: ServiceFacts) -> None:
        """Count the booking ``source`` (``appointment:<id>``) against what ``facts`` uses.

        Idempotent: recording the same booking again changes nothing.
        """
        ...

    def release_booking(self, source: str) -> None:
        """Stop counting the booking ``source`` (cancelled, moved, no-show)."""
        ...

    def record_billed(self, facts: Sequence[ServiceFacts]) -> None:
        """Count submitted claim lines, each naming its source; idempotent per line."""
        ...


@final
@attrs.frozen(kw_only=True)
class AuthorizationSnapshot:
    """A fixed :class:`AuthorizationSource`: one requirement book and one index."""

    book: RequirementBook
    index: AuthorizationIndex

    def requirement_book(self) -> RequirementBook:
        """The requirements given."""
        return self.book

    def records(self) -> AuthorizationIndex:
        """The index given."""
        return self.index


@final
@attrs.frozen(kw_only=True)
class StoredAuthorizations:
    """What a repository holds, and the version it was read at."""

    coverages: tuple[Coverage, ...] = attrs.field(default=(), converter=_tuple)
    authorizations: tuple[PriorAuthorization, ...] = attrs.field(default=(), converter=_tuple)
    referrals: tuple[Referral, ...] = attrs.field(default=(), converter=_tuple)
    uses: tuple[Use, ...] = attrs.field(default=(), converter=_tuple)
    version: int = 0

    def index(self) -> AuthorizationIndex:
        """Everything held, indexed by patient."""
        return AuthorizationIndex.build(
            coverages=self.coverages,
            authorizations=self.authorizations,
            referrals=self.referrals,
            uses=self.uses,
        )


@runtime_checkable
class AuthorizationRepository(Protocol):
    """Coverages, authorizations, referrals and the usage ledger, with compare-and-set saving."""

    def load(self) -> StoredAuthorizations:
        """Everything stored, in the order first stored (uses in the order appended)."""
        ...

    def save(
        self,
        *,
        coverages: Sequence[Coverage] = (),
        authorizations: Sequence[PriorAuthorization] = (),
        referrals: Sequence[Referral] = (),
        uses: Sequence[Use] = (),
        expected_version: int,
    ) -> int:
        """Insert or replace the records (coverages by patient and payer, the others by id) and
        append ``uses``, all together; returns a version never returned before.

        Raises ``ConcurrencyConflict`` without storing anything when the current version is not
        ``expected_version``.
        """
        ...


@runtime_checkable
class AuthorizationsUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the authorization records (see :class:`UnitOfWork`)."""

    @property
    def authorizations(self) -> AuthorizationRepository:
        """The records, read and saved inside this unit."""
        ...


@runtime_checkable
class AuthorizationsStore(Protocol):
    """Where the authorization records are kept: it opens units of work."""

    def unit_of_work(self) -> AuthorizationsUnitOfWork:
        """A new unit of work, to be used as ``with store.unit_of_work() as uow:``."""
        ...

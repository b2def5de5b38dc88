"""The ports of authorizations: where the records come from and where usage is written.

- :class:`AuthorizationSource` gives the payer requirements and the index of every patient's
  records; the bridges of ``adapters.bridges`` ask it on each booking and each claim check.
  :class:`AuthorizationSnapshot` is a fixed source (a notebook, a benchmark, a batch of claims
  checked against one day's records); the service
  :class:`~medoffice.authorizations.services.Authorizations` is the live one.
- :class:`UsageRecorder` is a source that also records what a booking used and releases it
  when the visit is cancelled.

>>> from medoffice.authorizations._index import AuthorizationIndex
>>> from medoffice.authorizations._requirements import RequirementBook
>>> snapshot = AuthorizationSnapshot(book=RequirementBook(), index=AuthorizationIndex.build())
>>> isinstance(snapshot, AuthorizationSource)
True
"""

from __future__ import annotations

from typing import Protocol, final, runtime_checkable

import attrs

from medoffice.authorizations._decision import ServiceFacts
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._requirements import RequirementBook

__all__ = ["AuthorizationSnapshot", "AuthorizationSource", "UsageRecorder"]


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

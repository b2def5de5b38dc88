"""In-memory authorization records: :class:`InMemoryAuthorizationRepository`.

Coverages, authorizations and referrals live in dicts and the usage ledger in a list, guarded
by a lock; ``save`` stores them together when nobody saved since the version the caller read,
and raises :class:`~medoffice.kernel.ConcurrencyConflict` (storing nothing) otherwise. Uses are
only ever appended. It passes the contract suite
:class:`medoffice.testing.AuthorizationRepositoryContract`.

>>> repository = InMemoryAuthorizationRepository()
>>> repository.load().version
0
>>> repository.save(expected_version=0)
1
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar, final

from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._usage import Use
from medoffice.authorizations.ports import StoredAuthorizations
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue

__all__ = ["InMemoryAuthorizationRepository"]

T = TypeVar("T")


@final
class InMemoryAuthorizationRepository:
    """A thread-safe :class:`~medoffice.authorizations.ports.AuthorizationRepository` in memory."""

    __slots__ = ("_authorizations", "_coverages", "_lock", "_referrals", "_uses", "_version")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock: threading.RLock | threading.Lock = lock or threading.Lock()
        self._coverages: dict[tuple[str, str], Coverage] = {}
        self._authorizations: dict[str, PriorAuthorization] = {}
        self._referrals: dict[str, Referral] = {}
        self._uses: list[Use] = []
        self._version = 0

    def load(self) -> StoredAuthorizations:
        """Everything stored, in insertion order, and the current version."""
        with self._lock:
            return StoredAuthorizations(
                coverages=tuple(self._coverages.values()),
                authorizations=tuple(self._authorizations.values()),
                referrals=tuple(self._referrals.values()),
                uses=tuple(self._uses),
                version=self._version,
            )

    def save(
        self,
        *,
        coverages: Sequence[Coverage] = (),
        authorizations: Sequence[PriorAuthorization] = (),
        referrals: Sequence[Referral] = (),
        uses: Sequence[Use] = (),
        expected_version: int,
    ) -> int:
        """Store everything given together if nobody saved since ``expected_version``."""
        new_coverages = [_checked(item, Coverage) for item in coverages]
        new_auths = [_checked(item, PriorAuthorization) for item in authorizations]
        new_referrals = [_checked(item, Referral) for item in referrals]
        new_uses = [_checked(item, Use) for item in uses]
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was loaded")
        with self._lock:
            if expected_version != self._version:
                raise ConcurrencyConflict("the authorizations changed since they were read")
            for coverage in new_coverages:
                self._coverages[(coverage.patient, coverage.payer_id)] = coverage
            for auth in new_auths:
                self._authorizations[auth.id] = auth
            for referral in new_referrals:
                self._referrals[referral.id] = referral
            self._uses.extend(new_uses)
            self._version += 1
            return self._version

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            saved = (
                dict(self._coverages),
                dict(self._authorizations),
                dict(self._referrals),
                list(self._uses),
                self._version,
            )

        def restore() -> None:
            with self._lock:
                (
                    self._coverages,
                    self._authorizations,
                    self._referrals,
                    self._uses,
                    self._version,
                ) = saved

        return restore

    def __repr__(self) -> str:
        return (
            f"InMemoryAuthorizationRepository(authorizations={len(self._authorizations)}, "
            f"referrals={len(self._referrals)}, version={self._version})"
        )


def _checked(item: object, kind: type[T]) -> T:
    if not isinstance(item, kind):
        raise InvalidValue(f"expected a {kind.__name__}, not {type(item).__name__}")
    return item

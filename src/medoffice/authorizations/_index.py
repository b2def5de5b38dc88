"""The records of every patient, indexed once for fast answers at booking and at billing.

:class:`AuthorizationIndex` groups coverages, prior authorizations, referrals and usage by
patient (and payer), so one decision looks at one patient's few records instead of the whole
practice's. Build it once from what the store holds; a service rebuilds it after each change.

>>> from datetime import date
>>> from medoffice.authorizations._records import Coverage, PlanType
>>> index = AuthorizationIndex.build(
...     coverages=[Coverage(patient="p-1", payer_id="60054", plan_type=PlanType.HMO)]
... )
>>> index.patient("p-1").coverage_on(date(2026, 3, 2)).plan_type.value
'hmo'
>>> index.patient("p-2").coverage_on(date(2026, 3, 2)) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Final, TypeVar, final

from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._usage import EMPTY_USAGE, Usage, Use, usage_by_record

if TYPE_CHECKING:
    from medoffice.authorizations._prepared import Prepared

__all__ = ["AuthorizationIndex", "PatientRecords"]

Record = TypeVar("Record", PriorAuthorization, Referral)


def _by_payer(
    records: Iterable[Record], usable: Callable[[Record], bool]
) -> dict[str, tuple[Record, ...]]:
    """The usable records of each payer, the first to lapse first (then by id)."""
    found: dict[str, list[Record]] = {}
    for record in records:
        if usable(record):
            found.setdefault(record.payer_id, []).append(record)
    return {
        payer: tuple(sorted(items, key=lambda r: (r.valid.last, r.id)))
        for payer, items in found.items()
    }


@final
class PatientRecords:
    """One patient's coverages, authorizations and referrals, and their usage.

    Built with the index, so a decision reads prepared answers: each payer's approved
    authorizations and issued referrals, the first to lapse first (:meth:`approved`,
    :meth:`issued`).
    """

    __slots__ = (
        "approved_by_payer",
        "authorizations",
        "coverages",
        "issued_by_payer",
        "prepared",
        "referrals",
        "usage",
    )

    def __init__(
        self,
        *,
        coverages: Sequence[Coverage] = (),
        authorizations: Sequence[PriorAuthorization] = (),
        referrals: Sequence[Referral] = (),
        usage: Mapping[str, Usage] | None = None,
    ) -> None:
        self.coverages = tuple(coverages)
        self.authorizations = tuple(authorizations)
        self.referrals = tuple(referrals)
        self.usage = {} if usage is None else usage
        #: :meth:`approved` of every payer, and :meth:`issued` (read as they are by the decision).
        self.approved_by_payer = _by_payer(self.authorizations, _usable_authorization)
        self.issued_by_payer = _by_payer(self.referrals, _usable_referral)
        #: What each kind of service needs from these records, prepared on first use and
        #: kept here (by :func:`~medoffice.authorizations._prepared.prepared`). Records are
        #: never changed once built (a change to the store builds a new index, counted usage
        #: new records), so nothing kept outlives the data it was prepared from.
        self.prepared: dict[Hashable, Prepared] = {}

    def coverage_on(self, day: date, payer_id: str | None = None) -> Coverage | None:
        """The coverage in force on ``day`` (of ``payer_id``, or the primary one)."""
        coverages = self.coverages
        if len(coverages) == 1:  # most patients: one coverage
            only = coverages[0]
            valid = only.valid
            if valid.first <= day <= valid.last and (payer_id is None or only.payer_id == payer_id):
                return only
            return None
        found = [
            c
            for c in coverages
            if c.valid.first <= day <= c.valid.last and (payer_id is None or c.payer_id == payer_id)
        ]
        if not found:
            return None
        return next((c for c in found if c.primary), found[0])

    def approved(self, payer_id: str) -> tuple[PriorAuthorization, ...]:
        """The approved (wholly or in part) authorizations of ``payer_id``, first to lapse first."""
        return self.approved_by_payer.get(payer_id, ())

    def issued(self, payer_id: str) -> tuple[Referral, ...]:
        """The issued, not closed, referrals of ``payer_id``, first to lapse first."""
        return self.issued_by_payer.get(payer_id, ())

    def used(self, record: str) -> Usage:
        """The usage of one authorization or referral (empty when never used)."""
        return self.usage.get(record, EMPTY_USAGE)

    def with_usage(self, usage: Mapping[str, Usage]) -> PatientRecords:
        """These records with another usage (the prepared answers are shared, not rebuilt)."""
        changed = object.__new__(PatientRecords)
        changed.coverages = self.coverages
        changed.authorizations = self.authorizations
        changed.referrals = self.referrals
        changed.usage = usage
        changed.approved_by_payer = self.approved_by_payer
        changed.issued_by_payer = self.issued_by_payer
        changed.prepared = {}  # prepared from another usage
        return changed

    def __repr__(self) -> str:
        return (
            f"PatientRecords(coverages={len(self.coverages)}, "
            f"authorizations={len(self.authorizations)}, referrals={len(self.referrals)})"
        )


def _usable_authorization(auth: PriorAuthorization) -> bool:
    return auth.is_usable


def _usable_referral(referral: Referral) -> bool:
    return referral.is_usable


_NONE: Final = PatientRecords()


@final
class AuthorizationIndex:
    """Every patient's records, looked up by the patient's id."""

    __slots__ = ("_patients",)

    def __init__(self, patients: Mapping[str, PatientRecords]) -> None:
        self._patients = dict(patients)

    @classmethod
    def build(
        cls,
        *,
        coverages: Iterable[Coverage] = (),
        authorizations: Iterable[PriorAuthorization] = (),
        referrals: Iterable[Referral] = (),
        uses: Iterable[Use] = (),
    ) -> AuthorizationIndex:
        """The index of everything given."""
        covered: dict[str, list[Coverage]] = {}
        for coverage in coverages:
            covered.setdefault(coverage.patient, []).append(coverage)
        auths: dict[str, list[PriorAuthorization]] = {}
        for auth in authorizations:
            auths.setdefault(auth.patient, []).append(auth)
        refs: dict[str, list[Referral]] = {}
        for referral in referrals:
            refs.setdefault(referral.patient, []).append(referral)
        usage = usage_by_record(uses)
        patients = {}
        for patient in covered.keys() | auths.keys() | refs.keys():
            mine = [r.id for r in auths.get(patient, ())] + [r.id for r in refs.get(patient, ())]
            patients[patient] = PatientRecords(
                coverages=covered.get(patient, ()),
                authorizations=auths.get(patient, ()),
                referrals=refs.get(patient, ()),
                usage={record: usage[record] for record in mine if record in usage},
            )
        return cls(patients)

    def with_uses(self, patient: str, uses: Sequence[Use]) -> AuthorizationIndex:
        """This index with ``uses`` of ``patient``'s records counted too (nothing is saved)."""
        if not uses:
            return self
        records = self.patient(patient)
        usage = dict(records.usage)
        for record in {use.record for use in uses}:
            usage[record] = records.used(record).plus(u for u in uses if u.record == record)
        changed = records.with_usage(usage)
        return AuthorizationIndex({**self._patients, patient: changed})

    def patient(self, patient: str) -> PatientRecords:
        """The records of ``patient`` (empty when there are none)."""
        return self._patients.get(patient, _NONE)

    def patients(self) -> tuple[str, ...]:
        """Every patient id with a record, sorted."""
        return tuple(sorted(self._patients))

    def __repr__(self) -> str:
        return f"AuthorizationIndex(patients={len(self._patients)})"

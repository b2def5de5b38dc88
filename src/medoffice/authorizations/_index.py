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

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Final, final

from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._usage import EMPTY_USAGE, Usage, Use, usage_by_record

__all__ = ["AuthorizationIndex", "PatientRecords"]


@final
class PatientRecords:
    """One patient's coverages, authorizations and referrals, and their usage."""

    __slots__ = ("authorizations", "coverages", "referrals", "usage")

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

    def coverage_on(self, day: date, payer_id: str | None = None) -> Coverage | None:
        """The coverage in force on ``day`` (of ``payer_id``, or the primary one)."""
        found = [
            c
            for c in self.coverages
            if c.valid.first <= day <= c.valid.last and (payer_id is None or c.payer_id == payer_id)
        ]
        if not found:
            return None
        return next((c for c in found if c.primary), found[0])

    def used(self, record: str) -> Usage:
        """The usage of one authorization or referral (empty when never used)."""
        return self.usage.get(record, EMPTY_USAGE)

    def __repr__(self) -> str:
        return (
            f"PatientRecords(coverages={len(self.coverages)}, "
            f"authorizations={len(self.authorizations)}, referrals={len(self.referrals)})"
        )


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
        changed = PatientRecords(
            coverages=records.coverages,
            authorizations=records.authorizations,
            referrals=records.referrals,
            usage=usage,
        )
        return AuthorizationIndex({**self._patients, patient: changed})

    def patient(self, patient: str) -> PatientRecords:
        """The records of ``patient`` (empty when there are none)."""
        return self._patients.get(patient, _NONE)

    def patients(self) -> tuple[str, ...]:
        """Every patient id with a record, sorted."""
        return tuple(sorted(self._patients))

    def __repr__(self) -> str:
        return f"AuthorizationIndex(patients={len(self._patients)})"

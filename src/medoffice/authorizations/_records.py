"""Referrals, prior authorizations and coverage: the records a front desk keeps for a payer.

A :class:`PriorAuthorization` is the payer's approval, before the service, of some procedure
codes for a patient: a number of visits or units within a date range, sometimes only at one
place of service or with one rendering provider. A :class:`Referral` is a primary care
provider's order sending the patient to a specialist for a number of visits. Each carries its
status and the history of every change (:func:`change_status` refuses a move the workflow does
not allow, and appends the change). How much of either has been used is never stored on the
record: it is counted from bookings and submitted claim lines (:mod:`._usage`).

:class:`Coverage` says which payer and plan type cover a patient over a range of days, so a
booking (which knows the patient, not the payer) finds the plan's requirements.

More information: CMS, Prior Authorization and Pre-Claim Review Initiatives
(https://www.cms.gov/data-research/monitoring-programs/medicare-fee-service-compliance-programs/prior-authorization-and-pre-claim-review-initiatives);
ASC X12 005010X222A1 (837P) TR3, REF*G1 and REF*9F.

>>> from datetime import UTC, date, datetime
>>> from medoffice.kernel import DateRange
>>> auth = PriorAuthorization(
...     id="PA-1",
...     patient="p-1",
...     payer_id="60054",
...     number="A123",
...     procedures={"97110"},
...     approved=12,
...     valid=DateRange(date(2026, 3, 1), date(2026, 5, 31)),
... )
>>> auth.status.value, auth.is_usable
('requested', False)
>>> approved = change_status(
...     auth, AuthorizationStatus.APPROVED, at=datetime(2026, 3, 2, tzinfo=UTC)
... )
>>> approved.is_usable, [c.status for c in approved.history]
(True, ['approved'])
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Final, TypeVar, final

import attrs

from medoffice.kernel import DateRange, InvalidArgument, InvalidValue

__all__ = [
    "AuthorizationStatus",
    "Coverage",
    "PlanType",
    "PriorAuthorization",
    "QuantityUnit",
    "Referral",
    "ReferralStatus",
    "StatusChange",
    "TransitionNotAllowed",
    "change_status",
]


def _text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be a non-empty string")


def _optional_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(_, attribute, value)


def _codes(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidValue("expected a collection of codes, not a single string")
    codes = frozenset(str(code).strip().upper() for code in value)
    if "" in codes:
        raise InvalidValue("a code must not be empty")
    return codes


def _diagnoses(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(_codes(value)))


def _count(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"{attribute.name} is a whole number, zero or more")


def _range(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, DateRange):
        raise InvalidValue(f"{attribute.name} is a DateRange of valid days")


def _aware(_: object, __: attrs.Attribute[datetime], given: datetime) -> None:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidValue("a status change needs a timezone-aware instant")


def _history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return tuple(value)


@final
class AuthorizationStatus(enum.StrEnum):
    """Where a prior authorization request stands."""

    REQUESTED = "requested"
    PENDING = "pending"
    APPROVED = "approved"
    PARTIALLY_APPROVED = "partially-approved"
    DENIED = "denied"
    EXPIRED = "expired"


@final
class ReferralStatus(enum.StrEnum):
    """Where a referral stands, from the request to the closed loop."""

    REQUESTED = "requested"
    SENT = "sent"
    SCHEDULED = "scheduled"
    SEEN = "seen"
    REPORT_RECEIVED = "report-received"
    CLOSED = "closed"


@final
class QuantityUnit(enum.StrEnum):
    """What an approval counts: visits (one per day of service) or billed units."""

    VISITS = "visits"
    UNITS = "units"


@final
class PlanType(enum.StrEnum):
    """The kind of plan, which decides much of what needs a referral or an authorization."""

    HMO = "hmo"
    PPO = "ppo"
    EPO = "epo"
    POS = "pos"
    INDEMNITY = "indemnity"
    MEDICARE = "medicare"
    MEDICARE_ADVANTAGE = "medicare-advantage"
    MEDICAID = "medicaid"
    OTHER = "other"


_A = AuthorizationStatus
_R = ReferralStatus
_AUTH_MOVES: Final[dict[AuthorizationStatus, frozenset[AuthorizationStatus]]] = {
    _A.REQUESTED: frozenset({_A.PENDING, _A.APPROVED, _A.PARTIALLY_APPROVED, _A.DENIED}),
    _A.PENDING: frozenset({_A.APPROVED, _A.PARTIALLY_APPROVED, _A.DENIED}),
    _A.APPROVED: frozenset({_A.EXPIRED, _A.PARTIALLY_APPROVED}),
    _A.PARTIALLY_APPROVED: frozenset({_A.APPROVED, _A.EXPIRED}),
    _A.DENIED: frozenset({_A.PENDING}),  # an appeal reopens the request
    _A.EXPIRED: frozenset(),
}
_REFERRAL_MOVES: Final[dict[ReferralStatus, frozenset[ReferralStatus]]] = {
    _R.REQUESTED: frozenset({_R.SENT, _R.CLOSED}),
    _R.SENT: frozenset({_R.SCHEDULED, _R.SEEN, _R.CLOSED}),
    _R.SCHEDULED: frozenset({_R.SEEN, _R.SENT, _R.CLOSED}),
    _R.SEEN: frozenset({_R.SCHEDULED, _R.REPORT_RECEIVED, _R.CLOSED}),
    _R.REPORT_RECEIVED: frozenset({_R.CLOSED}),
    _R.CLOSED: frozenset(),
}
_USABLE_AUTH: Final = frozenset({_A.APPROVED, _A.PARTIALLY_APPROVED})
_USABLE_REFERRAL: Final = frozenset({_R.SENT, _R.SCHEDULED, _R.SEEN, _R.REPORT_RECEIVED})


class TransitionNotAllowed(InvalidArgument):
    """A status change the workflow does not allow (a programmer's or a clerk's slip)."""


@final
@attrs.frozen(kw_only=True)
class StatusChange:
    """One change of status: the new status, when, and an optional note (never PHI)."""

    status: str
    at: datetime = attrs.field(validator=_aware)
    note: str = ""


@final
@attrs.frozen(kw_only=True)
class Coverage:
    """The payer and plan type that cover ``patient`` on the days of ``valid``."""

    patient: str = attrs.field(validator=_text)
    payer_id: str = attrs.field(validator=_text)
    payer_type: str = attrs.field(default="commercial", validator=_text)
    plan_type: PlanType = attrs.field(default=PlanType.OTHER, converter=PlanType)
    valid: DateRange = attrs.field(default=DateRange(date.min, date.max), validator=_range)
    primary: bool = True


@final
@attrs.frozen(kw_only=True)
class PriorAuthorization:
    """A payer's approval of ``procedures`` for a patient: ``approved`` visits or units.

    ``place_of_service`` and ``rendering`` (a provider id or NPI) restrict the approval when
    given. ``number`` is the payer's authorization number, sent as REF*G1 on the claim.
    """

    id: str = attrs.field(validator=_text)
    patient: str = attrs.field(validator=_text)
    payer_id: str = attrs.field(validator=_text)
    procedures: frozenset[str] = attrs.field(converter=_codes)
    approved: int = attrs.field(validator=_count)
    valid: DateRange = attrs.field(validator=_range)
    number: str | None = attrs.field(default=None, validator=_optional_text)
    unit: QuantityUnit = attrs.field(default=QuantityUnit.VISITS, converter=QuantityUnit)
    place_of_service: str | None = attrs.field(default=None, validator=_optional_text)
    rendering: str | None = attrs.field(default=None, validator=_optional_text)
    requested_on: date | None = None
    status: AuthorizationStatus = attrs.field(
        default=AuthorizationStatus.REQUESTED, converter=AuthorizationStatus
    )
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_history)

    @property
    def is_usable(self) -> bool:
        """Whether the payer approved it (wholly or in part) and it has not expired."""
        return self.status in _USABLE_AUTH

    def covers(self, procedure: str) -> bool:
        """Whether ``procedure`` is one of the approved codes."""
        return procedure in self.procedures

    def to_dict(self, *, used: int | None = None) -> dict[str, object]:
        """The authorization as JSON-ready data (ids and codes; ``used`` when counted)."""
        return _data(
            self,
            used,
            self.approved,
            procedures=sorted(self.procedures),
            approved=self.approved,
            unit=self.unit.value,
            place_of_service=self.place_of_service,
            rendering=self.rendering,
        )


@final
@attrs.frozen(kw_only=True)
class Referral:
    """A referral from ``referring`` to ``receiving`` (provider ids or NPIs) for ``visits``.

    ``diagnoses`` are the reasons (ICD-10-CM codes); ``number`` is the payer's referral number,
    sent as REF*9F on the claim. ``receiving`` may be ``None`` for any specialist of the plan.
    """

    id: str = attrs.field(validator=_text)
    patient: str = attrs.field(validator=_text)
    payer_id: str = attrs.field(validator=_text)
    referring: str = attrs.field(validator=_text)
    visits: int = attrs.field(validator=_count)
    valid: DateRange = attrs.field(validator=_range)
    receiving: str | None = attrs.field(default=None, validator=_optional_text)
    diagnoses: tuple[str, ...] = attrs.field(default=(), converter=_diagnoses)
    number: str | None = attrs.field(default=None, validator=_optional_text)
    requested_on: date | None = None
    status: ReferralStatus = attrs.field(default=ReferralStatus.REQUESTED, converter=ReferralStatus)
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=_history)

    @property
    def is_usable(self) -> bool:
        """Whether the referral has been issued and not closed."""
        return self.status in _USABLE_REFERRAL

    def sends_to(self, provider: str | None) -> bool:
        """Whether a visit with ``provider`` is one this referral sends the patient to."""
        return self.receiving is None or self.receiving == provider

    def to_dict(self, *, used: int | None = None) -> dict[str, object]:
        """The referral as JSON-ready data (ids and codes; ``used`` when counted)."""
        return _data(
            self,
            used,
            self.visits,
            referring=self.referring,
            receiving=self.receiving,
            diagnoses=list(self.diagnoses),
            visits=self.visits,
        )


def _data(
    record: PriorAuthorization | Referral, used: int | None, limit: int, **own: object
) -> dict[str, object]:
    valid = record.valid
    data: dict[str, object] = {
        "id": record.id,
        "patient": record.patient,
        "payer_id": record.payer_id,
        "number": record.number,
        **own,
        "status": record.status.value,
        "valid_from": valid.first.isoformat(),
        "valid_through": None if valid.is_open_ended else valid.last.isoformat(),
        "history": [
            {"status": c.status, "at": c.at.isoformat(), "note": c.note} for c in record.history
        ],
    }
    if used is not None:
        data["used"] = used
        data["left"] = max(0, limit - used)
    return data


Record = TypeVar("Record", PriorAuthorization, Referral)


def change_status(
    record: Record,
    status: AuthorizationStatus | ReferralStatus | str,
    *,
    at: datetime,
    note: str = "",
) -> Record:
    """``record`` moved to ``status`` with the change appended to its history.

    Raises :class:`TransitionNotAllowed` for a move the workflow does not allow.
    """
    if isinstance(record, PriorAuthorization):
        try:
            target: AuthorizationStatus | ReferralStatus = AuthorizationStatus(status)
        except ValueError:
            raise InvalidArgument(f"{status!r} is not an authorization status") from None
        allowed = _AUTH_MOVES[record.status]
    else:
        try:
            target = ReferralStatus(status)
        except ValueError:
            raise InvalidArgument(f"{status!r} is not a referral status") from None
        allowed = _REFERRAL_MOVES[record.status]
    if target not in allowed:
        raise TransitionNotAllowed(f"cannot go from {record.status} to {target}")
    change = StatusChange(status=target.value, at=at, note=note)
    return attrs.evolve(record, status=target, history=(*record.history, change))

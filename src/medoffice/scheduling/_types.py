"""Appointment types: how long a visit takes and what it needs.

An :class:`AppointmentType` fixes the duration (and the alternatives a scheduler may choose),
buffers before and after (room turnover, charting), the start grid (every 15 minutes from local
midnight, or every 20 minutes from 08:10), minimum notice and booking horizon, the resources it
needs (:class:`ResourceRequirement`: any room of a kind, a specific device, a second staff
role), which providers may see it, the :class:`PatientRule` (new or established patients, an age
range, one open appointment of the type at a time), :class:`Limit`\\ s per provider per day or
week (count and minutes, counted in the practice's zone), and seats for group visits with an
explicit number of overbooked seats.

More information: HL7 FHIR R4 Appointment (https://hl7.org/fhir/R4/appointment.html).

>>> new_patient = AppointmentType(
...     code="NEW",
...     duration_minutes=40,
...     buffer_after_minutes=10,
...     grid_minutes=20,
...     resources=[ResourceRequirement(category="exam-room")],
...     patients=PatientRule(established=False),
...     limits=[Limit(period=LimitPeriod.DAY, max_count=4)],
... )
>>> new_patient.durations
(40,)
>>> Patient(ref="p-1", established=False, birth_date=date(1990, 5, 1))
Patient(ref='p-1', established=False)
>>> Patient(ref="p-1", established=False, birth_date=date(1990, 5, 1)).age_on(date(2026, 4, 30))
35
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Any, final

import attrs

from medoffice.kernel import InvalidValue
from medoffice.scheduling._convert import text, to_tuple

__all__ = [
    "AppointmentType",
    "Limit",
    "LimitPeriod",
    "Patient",
    "PatientRule",
    "ResourceRequirement",
]


def _minutes(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"{attribute.name} is a whole number of minutes, zero or more")


def _at_least_one(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(f"{attribute.name} must be a whole number of at least 1")


def _optional_count(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _minutes(_, attribute, value)


def _frozen(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


@final
@attrs.frozen(kw_only=True)
class ResourceRequirement:
    """One resource a visit needs: any resource of ``category``, or only one ``among`` ids."""

    category: str
    among: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen)


@final
@attrs.frozen(kw_only=True)
class PatientRule:
    """Who may have this visit: ``established`` True/False/None (either), an age range in whole
    years on the day of the visit, and whether only one open appointment of the type is allowed."""

    established: bool | None = None
    min_age: int | None = attrs.field(default=None, validator=_optional_count)
    max_age: int | None = attrs.field(default=None, validator=_optional_count)
    one_open: bool = False


@final
class LimitPeriod(enum.StrEnum):
    """The period a limit counts over, in the practice's zone (weeks start on Monday)."""

    DAY = "day"
    WEEK = "week"


@final
@attrs.frozen(kw_only=True)
class Limit:
    """At most ``max_count`` visits and/or ``max_minutes`` of this type per provider per period."""

    period: LimitPeriod = attrs.field(converter=LimitPeriod)
    max_count: int | None = attrs.field(default=None, validator=_optional_count)
    max_minutes: int | None = attrs.field(default=None, validator=_optional_count)


def _durations(value: Iterable[int]) -> tuple[int, ...]:
    items = tuple(value)
    for item in items:
        _at_least_one(None, attrs.fields(AppointmentType).duration_minutes, item)
    return items


@final
@attrs.frozen(kw_only=True, cache_hash=True)
class AppointmentType:
    """A kind of visit and the rules for booking it (all durations in real minutes).

    Starts fall on a wall-clock grid of ``grid_minutes`` from ``grid_offset_minutes`` past the
    hour; left unset, the grid is the visit's own length (a 20-minute visit is offered at
    :00, :20 and :40), as most booking tools do.
    """

    code: str = attrs.field()
    duration_minutes: int = attrs.field(validator=_at_least_one)
    alternative_minutes: tuple[int, ...] = attrs.field(default=(), converter=_durations)
    buffer_before_minutes: int = attrs.field(default=0, validator=_minutes)
    buffer_after_minutes: int = attrs.field(default=0, validator=_minutes)
    grid_minutes: int | None = attrs.field(default=None)
    grid_offset_minutes: int = attrs.field(default=0, validator=_minutes)
    min_notice_minutes: int = attrs.field(default=0, validator=_minutes)
    horizon_days: int | None = attrs.field(default=None, validator=_optional_count)
    resources: tuple[ResourceRequirement, ...] = attrs.field(default=(), converter=to_tuple)
    eligible_providers: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen)
    patients: PatientRule = PatientRule()
    limits: tuple[Limit, ...] = attrs.field(default=(), converter=to_tuple)
    seats: int = attrs.field(default=1, validator=_at_least_one)
    overbook_seats: int = attrs.field(default=0, validator=_minutes)

    @code.validator
    def _named(self, _: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue("an appointment type has a non-empty code")

    @grid_minutes.validator
    def _grid(self, _: attrs.Attribute[int | None], value: object) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise InvalidValue("grid_minutes must be a whole number of at least 1")

    @property
    def grid(self) -> int:
        """The start grid in minutes: ``grid_minutes``, else the visit's length."""
        return self.duration_minutes if self.grid_minutes is None else self.grid_minutes

    @property
    def durations(self) -> tuple[int, ...]:
        """The standard duration first, then the allowed alternatives."""
        return (
            self.duration_minutes,
            *(m for m in self.alternative_minutes if m != self.duration_minutes),
        )

    def allows_provider(self, provider: str) -> bool:
        """Whether ``provider`` is one of the eligible providers (any, when none are listed)."""
        return not self.eligible_providers or provider in self.eligible_providers


@final
@attrs.frozen(kw_only=True)
class Patient:
    """What booking needs to know about a patient; ``ref`` is an opaque internal id.

    The date of birth is protected health information: it is never shown in a ``repr``.
    """

    ref: str = attrs.field(validator=text)
    established: bool = True
    birth_date: date | None = attrs.field(default=None, repr=False)

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day`` (a 29 February birthday counts from 1 March)."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        years = day.year - born.year
        if (day.month, day.day) < (born.month, born.day):
            years -= 1
        return years

"""Scheduling metrics over a range of days and a set of providers.

:func:`schedule_metrics` measures, from a :class:`~medoffice.scheduling.ScheduleSnapshot`:

- ``open_minutes``: the providers' open template time on the days (closures excluded);
- ``fill_rate``: the share of open time held by booked visits (any status that holds time);
- ``utilisation``: the share of open time used by visits that took place (checked in, arrived,
  fulfilled);
- ``fragmentation``: the share of the free open time lying in pieces shorter than
  ``useful_minutes`` (time nobody can book);
- ``no_show_rate``: no-shows among the visits that were due (no-shows plus visits that took
  place);
- ``overbook_rate``: the share of booked visits placed in overbooked seats.

:func:`third_next_available` is the AAFP/IHI access measure: how long from ``now`` until the
third open slot of a type (the third rather than the first, as single cancellations distort the
first). :func:`waitlist_conversion` is the share of offered waitlist entries that were booked.

More information: Institute for Healthcare Improvement, "Third Next Available Appointment"
(https://www.ihi.org/resources/measures/third-next-available-appointment); MGMA
access metrics.

>>> from datetime import UTC, date, datetime, time, timedelta
>>> from medoffice.kernel import DateRange, TimeRange
>>> from medoffice.scheduling import (
...     Appointment,
...     AppointmentStatus,
...     AppointmentType,
...     PracticeSetup,
...     Schedule,
...     ScheduleSnapshot,
...     WeeklyTemplate,
...     Window,
... )
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(11))],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="UTC", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
...     practice_zone="UTC",
... )
>>> nine = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> visit = Appointment(
...     id="a-1",
...     type_code="FU",
...     provider="dr-a",
...     patient="p-1",
...     span=TimeRange(nine, nine + timedelta(minutes=30)),
...     status=AppointmentStatus.FULFILLED,
... )
>>> m = schedule_metrics(
...     ScheduleSnapshot(setup=setup, appointments=[visit]),
...     days=DateRange.single(date(2026, 3, 2)),
...     providers=["dr-a"],
... )
>>> m.open_minutes, m.fill_rate, m.utilisation, m.no_show_rate
(120, 0.25, 0.25, 0.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final, final

import attrs

from medoffice.kernel import DateRange, InvalidArgument, TimeRange
from medoffice.scheduling._appointments import AppointmentStatus
from medoffice.scheduling._slots import next_available
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._templates import open_windows
from medoffice.scheduling._waitlist import Offer, WaitlistEntry, WaitlistStatus
from medoffice.scheduling.ports import ProviderEligibility

__all__ = ["ScheduleMetrics", "schedule_metrics", "third_next_available", "waitlist_conversion"]

_TOOK_PLACE: Final = frozenset(
    {AppointmentStatus.CHECKED_IN, AppointmentStatus.ARRIVED, AppointmentStatus.FULFILLED}
)


@final
@attrs.frozen(kw_only=True)
class ScheduleMetrics:
    """Minutes and counts, and the rates computed from them (0.0 when nothing to divide by)."""

    open_minutes: int
    booked_minutes: int
    attended_minutes: int
    unusable_minutes: int
    free_minutes: int
    booked: int
    overbooked: int
    no_shows: int
    took_place: int

    @property
    def fill_rate(self) -> float:
        return self.booked_minutes / self.open_minutes if self.open_minutes else 0.0

    @property
    def utilisation(self) -> float:
        return self.attended_minutes / self.open_minutes if self.open_minutes else 0.0

    @property
    def fragmentation(self) -> float:
        return self.unusable_minutes / self.free_minutes if self.free_minutes else 0.0

    @property
    def no_show_rate(self) -> float:
        due = self.no_shows + self.took_place
        return self.no_shows / due if due else 0.0

    @property
    def overbook_rate(self) -> float:
        return self.overbooked / self.booked if self.booked else 0.0


def _minutes(ranges: Sequence[TimeRange]) -> int:
    return sum(int(r.duration.total_seconds()) for r in ranges) // 60


def _free(
    windows: dict[str, list[TimeRange]], held: dict[str, list[TimeRange]], useful: int
) -> tuple[int, int]:
    """Free open minutes, and those in pieces shorter than ``useful`` minutes."""
    free_min = unusable = 0
    for provider, spans in windows.items():
        taken = TimeRange.merge(held[provider])
        for window in spans:
            pieces = [window]
            for busy in taken:
                pieces = [p for piece in pieces for p in piece.subtract(busy)]
            for piece in pieces:
                length = int(piece.duration.total_seconds()) // 60
                free_min += length
                if length < useful:
                    unusable += length
    return free_min, unusable


def schedule_metrics(
    snapshot: ScheduleSnapshot,
    *,
    days: DateRange,
    providers: Sequence[str],
    useful_minutes: int = 15,
) -> ScheduleMetrics:
    """The metrics of ``providers`` over ``days`` (see the module docstring)."""
    if days.is_open_ended:
        raise InvalidArgument("metrics need a closed range of days")
    wanted = set(providers)
    windows: dict[str, list[TimeRange]] = {}
    for provider in providers:
        schedule = snapshot.setup.schedule(provider)
        if schedule is None:
            continue
        spans = [
            w.span
            for day in days
            for w in open_windows(schedule, day, closures=snapshot.closures, dst=snapshot.setup.dst)
        ]
        windows[provider] = list(TimeRange.merge(spans))
    counts = {"booked": 0, "overbooked": 0, "no_shows": 0, "took_place": 0}
    booked_min = attended_min = 0
    held: dict[str, list[TimeRange]] = {p: [] for p in windows}
    for item in snapshot.appointments:
        if item.provider not in wanted or item.provider not in windows:
            continue
        inside = [c for w in windows[item.provider] if (c := w.intersect(item.span)) is not None]
        if not inside:
            continue
        if item.status is AppointmentStatus.NOSHOW:
            counts["no_shows"] += 1
        if not item.holds_time:
            continue
        counts["booked"] += 1
        counts["overbooked"] += item.overbooked
        minutes = _minutes(inside)
        booked_min += minutes
        held[item.provider].append(item.held)
        if item.status in _TOOK_PLACE:
            counts["took_place"] += 1
            attended_min += minutes
    free_min, unusable = _free(windows, held, useful_minutes)
    return ScheduleMetrics(
        open_minutes=sum(_minutes(s) for s in windows.values()),
        booked_minutes=booked_min,
        attended_minutes=attended_min,
        unusable_minutes=unusable,
        free_minutes=free_min,
        **counts,
    )


def third_next_available(
    snapshot: ScheduleSnapshot,
    *,
    type_code: str,
    providers: Sequence[str],
    now: datetime,
    within_days: int = 180,
    eligibility: ProviderEligibility | None = None,
) -> timedelta | None:
    """Time from ``now`` to the third open start of ``type_code``; ``None`` if fewer exist."""
    found = next_available(
        snapshot,
        type_code=type_code,
        providers=providers,
        now=now,
        count=3,
        within_days=within_days,
        eligibility=eligibility,
    )
    return found[2].start - now if len(found) == 3 else None


def waitlist_conversion(entries: Sequence[WaitlistEntry], offers: Sequence[Offer]) -> float:
    """The share of entries that received an offer and were booked (0.0 when none were offered)."""
    offered = {o.entry_id for o in offers}
    if not offered:
        return 0.0
    booked = sum(1 for e in entries if e.id in offered and e.status is WaitlistStatus.BOOKED)
    return booked / len(offered)

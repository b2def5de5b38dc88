"""Availability in detail: date overrides, resource kinds and the daylight-saving policy.

The weekly pattern itself (:class:`~medoffice.scheduling.Schedule`,
:class:`~medoffice.scheduling.WeeklyTemplate`, :class:`~medoffice.scheduling.Window`,
:class:`~medoffice.scheduling.Break`) is in :mod:`medoffice.scheduling`. Here are the rest: the
date overrides (a day off, a replaced day, an added or removed window; :data:`DateOverride` is
any one of them), the kinds of resource a schedule belongs to, the expansion of one day into
open windows, and the explicit policy that turns a wall-clock time in a daylight-saving gap or
overlap into an instant.

>>> from datetime import date, time
>>> from medoffice.kernel import DateRange
>>> from medoffice.scheduling import Schedule, WeeklyTemplate, Window
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(12))],
... )
>>> dr_a = Schedule(
...     resource="dr-a",
...     zone="America/New_York",
...     templates=[week],
...     overrides=[DayOff(day=date(2026, 3, 9))],
... )
>>> [w.span.duration.seconds // 3600 for w in open_windows(dr_a, date(2026, 3, 2))]
[3]
>>> open_windows(dr_a, date(2026, 3, 9))
()

More information: RFC 5545 (https://www.rfc-editor.org/rfc/rfc5545) on local times in a gap or
an overlap; ``docs/scheduling.md``, "The daylight-saving policy".
"""

from medoffice.scheduling._templates import (
    AddWindow,
    DateOverride,
    DayOff,
    OpenWindow,
    RemoveWindow,
    ReplaceDay,
    ResourceKind,
    WallWindow,
    open_windows,
)
from medoffice.scheduling._time import (
    DstPolicy,
    GapPolicy,
    OverlapPolicy,
    resolve,
)

__all__ = [
    "AddWindow",
    "DateOverride",
    "DayOff",
    "DstPolicy",
    "GapPolicy",
    "OpenWindow",
    "OverlapPolicy",
    "RemoveWindow",
    "ReplaceDay",
    "ResourceKind",
    "WallWindow",
    "open_windows",
    "resolve",
]

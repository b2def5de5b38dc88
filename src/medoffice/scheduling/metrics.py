"""Scheduling metrics over a range of days and a set of providers.

:func:`schedule_metrics` gives open, booked and attended minutes, fill rate and no-show rate (a
:class:`ScheduleMetrics`); :func:`third_next_available` is the IHI access measure and
:func:`waitlist_conversion` the share of offered waitlist entries that were booked.

More information: Institute for Healthcare Improvement, "Third Next Available Appointment"
(https://www.ihi.org/resources/measures/third-next-available-appointment).
"""

from medoffice.scheduling._metrics import (
    ScheduleMetrics,
    schedule_metrics,
    third_next_available,
    waitlist_conversion,
)

__all__ = [
    "ScheduleMetrics",
    "schedule_metrics",
    "third_next_available",
    "waitlist_conversion",
]

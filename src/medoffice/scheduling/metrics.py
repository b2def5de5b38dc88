"""Scheduling metrics over a range of days and a set of providers.

:func:`schedule_metrics` gives open, booked and attended minutes, fill rate and no-show rate (a
:class:`ScheduleMetrics`); :func:`third_next_available` is the IHI access measure and
:func:`waitlist_conversion` the share of offered waitlist entries that were booked.

More information: Institute for Healthcare Improvement, "Third Next Available Appointment"
(https://www.ihi.org/resources/measures/third-next-available-appointment).
"""

from medoffice.scheduling._metrics import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.scheduling._metrics import __all__  # noqa: F401 - and its list is this module's own

"""Alert plans and the due-date index: reminders on business days, with escalation.

:func:`plan_alerts` turns due dates into :class:`Alert` values at each kind's cadence, tier by
tier (:class:`Tier`, :data:`DEFAULT_TIERS`, :data:`DEFAULT_THRESHOLDS`), on the days of a
:class:`WeekdayCalendar`; :class:`DueIndex` answers "what falls due between these days" for a
roster from :class:`DueItem` values.
"""

from medoffice.credentials._alerts import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.credentials._alerts import __all__  # noqa: F401 - and its list is this module's own

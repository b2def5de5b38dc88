"""Alert plans and the due-date index: reminders on business days, with escalation.

:func:`plan_alerts` turns due dates into :class:`Alert` values at each kind's cadence, tier by
tier (:class:`Tier`, :data:`DEFAULT_TIERS`, :data:`DEFAULT_THRESHOLDS`), on the days of a
:class:`WeekdayCalendar`; :class:`DueIndex` answers "what falls due between these days" for a
roster from :class:`DueItem` values.
"""

from medoffice.credentials._alerts import (
    DEFAULT_THRESHOLDS,
    DEFAULT_TIERS,
    Alert,
    DueIndex,
    DueItem,
    Tier,
    WeekdayCalendar,
    plan_alerts,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "DEFAULT_TIERS",
    "Alert",
    "DueIndex",
    "DueItem",
    "Tier",
    "WeekdayCalendar",
    "plan_alerts",
]

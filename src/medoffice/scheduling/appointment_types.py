"""The rules an appointment type carries: resources, patients and limits.

An :class:`~medoffice.scheduling.AppointmentType` may require resources
(:class:`ResourceRequirement`: any resource of a category, or one of named ids), restrict who
may be booked (:class:`PatientRule`: new or established, an age range, one open visit of the
type) and cap a provider's day or ISO week (:class:`Limit` per :class:`LimitPeriod`, counted in
the practice's zone). The booking decision checks every one of them.

>>> from medoffice.scheduling import AppointmentType
>>> visit = AppointmentType(
...     code="US",
...     duration_minutes=30,
...     resources=[ResourceRequirement(category="ultrasound")],
...     limits=[Limit(period=LimitPeriod.DAY, max_count=8)],
... )
>>> [r.category for r in visit.resources], visit.limits[0].period.value
(['ultrasound'], 'day')
"""

from medoffice.scheduling._types import (
    Limit,
    LimitPeriod,
    PatientRule,
    ResourceRequirement,
)

__all__ = [
    "Limit",
    "LimitPeriod",
    "PatientRule",
    "ResourceRequirement",
]

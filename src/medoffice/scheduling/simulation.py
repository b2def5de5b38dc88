"""A small discrete-event simulation of one clinic session, to compare appointment templates.

:func:`simulate` plays a session many times with seeded arrivals, no-shows and service times and
returns a :class:`SimulationResult` (patient waiting, provider idle time, overtime);
:func:`compare_templates` runs the :func:`standard_templates` (one per slot, Bailey-Welch, ...)
on the same random draws.
"""

from medoffice.scheduling._simulation import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.scheduling._simulation import __all__  # noqa: F401 - and its list is this module's own

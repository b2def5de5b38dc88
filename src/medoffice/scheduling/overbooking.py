"""Overbooking: no-show probabilities, expected attendance, and rules from the literature.

A no-show model (the ``NoShowModel`` port) scores :class:`NoShowFeatures`;
:func:`expected_attendance` sums the show probabilities, :func:`plan_overbooking` books capacity
divided by the expected show rate (an :class:`OverbookPlan`), and :func:`bailey_welch` is the
two-at-the-start rule.

>>> bailey_welch(4)
(2, 1, 1, 0)

More information: N. T. J. Bailey, "A study of queues and appointment systems in hospital
out-patient departments", J. R. Stat. Soc. B 14 (1952).
"""

from medoffice.scheduling._overbooking import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.scheduling._overbooking import __all__  # noqa: F401 - and its list is this module's own

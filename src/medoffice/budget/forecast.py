"""Year-end forecasts, each labelled with the method that produced it.

:func:`forecasts` runs every :class:`ForecastMethod` that the data allows (:func:`run_rate`,
:func:`trailing_average`, :func:`seasonal` against the prior year,
:func:`actual_plus_remaining_budget`, :func:`committed`) and returns one :class:`Forecast` each.

>>> from medoffice.kernel import Money
>>> closed = [Money.of(s, "USD") for s in ("100.00", "120.00", "110.00")]
>>> run_rate(closed, periods=12).amount
Money('1320.00', 'USD')
"""

from medoffice.budget._forecast import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.budget._forecast import __all__  # noqa: F401 - and its list is this module's own

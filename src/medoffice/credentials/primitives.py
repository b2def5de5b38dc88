"""Rule primitives: the date arithmetic every renewal rule is built from.

Month arithmetic that clamps to the month's end, birth-month and parity expiries, rolling and
posted due dates, season ends, windows after a day, and the calendar months a record leaves
uncovered. Each is a pure function of dates.

>>> from datetime import date
>>> add_months(date(2026, 1, 31), 1), end_of_month(date(2026, 2, 3))
(datetime.date(2026, 2, 28), datetime.date(2026, 2, 28))
"""

from medoffice.credentials._primitives import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.credentials._primitives import __all__  # noqa: F401 - and its list is this module's own

"""Reports as a controller reads them: the profit and loss statement and the top variances.

:func:`profit_and_loss` gives the revenue and expense accounts with their names, budget and
actual side by side, total revenue, total expense and net income; balance-sheet accounts are
left out. :func:`largest_variances` lists the N largest variances of a variance report.

>>> from medoffice.budget import Budget, ChartOfAccounts, FiscalCalendar, aggregate
>>> empty = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
>>> actuals = aggregate([], empty.calendar, 2026, "USD")
>>> profit_and_loss(empty, actuals, ChartOfAccounts.of([])).net_income.actual
Money('0.00', 'USD')
"""

from medoffice.budget._reports import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.budget._reports import __all__  # noqa: F401 - and its list is this module's own

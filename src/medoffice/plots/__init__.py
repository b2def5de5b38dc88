"""Pictures of the library's reports, drawn with matplotlib (the ``plots`` extra).

Each function draws onto the matplotlib ``Axes`` it is given (or onto a new figure) and returns
the axes, so a picture can sit in a grid of subplots or be saved with ``ax.figure.savefig``.
The functions read no clock: the day a picture is drawn for is an argument.

- :func:`utilisation_heatmap`: fill rate or utilisation per provider and day or week, from a
  :class:`~medoffice.scheduling.ScheduleSnapshot` (see :mod:`medoffice.scheduling.metrics`);
- :func:`budget_chart`: budget and actual per period for one account of a
  :class:`~medoffice.budget.VarianceReport`, with the forecasts of
  :mod:`medoffice.budget.forecast` as a line and a band over the open periods;
- :func:`expiry_timeline`: every staff member's credential statuses on a day, coloured by
  state (in force, expiring, in grace, lapsed, missing; ``COLOURS`` holds the colours), with a
  line on that day;
- :func:`pareto_chart`: findings by rule id, or denials by category, reason or claim rule,
  largest first with the cumulative share.

Importing this module without matplotlib raises an ``ImportError`` that names the extra:
``pip install "medoffice[plots]"``.

More information: Matplotlib, "The Lifecycle of a Plot" (https://matplotlib.org/stable/tutorials/lifecycle.html);
J. M. Juran, Pareto analysis (the vital few).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from medoffice.kernel import Finding, Report
>>> report = Report.of(
...     [
...         Finding(rule="CLM-DX-002", severity="error", message="not billable", path="dx[0]"),
...         Finding(rule="CLM-DX-002", severity="error", message="not billable", path="dx[1]"),
...         Finding(rule="CLM-NPI-001", severity="error", message="bad check digit", path="npi"),
...     ]
... )
>>> ax = pareto_chart(report, title="Findings by rule")
>>> [int(bar.get_height()) for bar in ax.patches]
[2, 1]
>>> [round(float(v), 1) for v in ax.figure.axes[-1].lines[0].get_ydata()]
[66.7, 100.0]
"""

from medoffice.plots._budget import budget_chart
from medoffice.plots._heatmap import utilisation_heatmap
from medoffice.plots._pareto import pareto_chart
from medoffice.plots._timeline import COLOURS, expiry_timeline

__all__ = ["COLOURS", "budget_chart", "expiry_timeline", "pareto_chart", "utilisation_heatmap"]

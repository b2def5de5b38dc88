"""Practice KPIs: revenue-cycle and cost measures with their definitions and sources.

Each function computes one measure from plain amounts and counts and returns a :class:`Kpi`
naming its formula and source; :func:`classify` places a value in a :class:`BenchmarkBand`.

>>> kpi = clean_claim_rate(clean=912, submitted=1000)
>>> kpi.name, kpi.value
('clean-claim rate', Decimal('91.20'))

More information: MGMA DataDive Cost and Revenue (https://www.mgma.com/data); HFMA MAP Keys
(https://www.hfma.org/data-and-insights/map/).
"""

from medoffice.budget._kpis import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.budget._kpis import __all__  # noqa: F401 - and its list is this module's own

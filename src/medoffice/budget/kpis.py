"""Practice KPIs: revenue-cycle and cost measures with their definitions and sources.

Each function computes one measure from plain amounts and counts and returns a :class:`Kpi`
naming its formula and source; :func:`classify` places a value in a :class:`BenchmarkBand`.

>>> kpi = clean_claim_rate(clean=912, submitted=1000)
>>> kpi.name, kpi.value
('clean-claim rate', Decimal('91.20'))

More information: MGMA DataDive Cost and Revenue (https://www.mgma.com/data); HFMA MAP Keys
(https://www.hfma.org/data-and-insights/map/).
"""

from medoffice.budget._kpis import (
    BenchmarkBand,
    Kpi,
    ar_over,
    classify,
    clean_claim_rate,
    cost_to_collect,
    days_in_ar,
    denial_rate_by_amount,
    denial_rate_by_count,
    first_pass_resolution_rate,
    fte,
    net_collection_rate,
    no_show_rate,
    overhead_ratio,
    support_staff_cost_per_fte_physician,
)

__all__ = [
    "BenchmarkBand",
    "Kpi",
    "ar_over",
    "classify",
    "clean_claim_rate",
    "cost_to_collect",
    "days_in_ar",
    "denial_rate_by_amount",
    "denial_rate_by_count",
    "first_pass_resolution_rate",
    "fte",
    "net_collection_rate",
    "no_show_rate",
    "overhead_ratio",
    "support_staff_cost_per_fte_physician",
]

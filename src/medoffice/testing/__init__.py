"""medoffice's public test kit.

- :class:`FrozenClock`, the clock for tests;
- Hypothesis strategies for every kernel value and identifier;
- contract suites, one base class per port, that every adapter (fakes included) subclasses.

This package imports Hypothesis; install the ``test`` dependency group to use it.
"""

from __future__ import annotations

from medoffice.testing._clock import FrozenClock
from medoffice.testing._contracts import ClockContract
from medoffice.testing._identifier_strategies import (
    clias,
    cpt_codes,
    deas,
    eins,
    hcpcs_codes,
    icd10cm_codes,
    mbis,
    modifiers,
    npis,
)
from medoffice.testing._kernel_strategies import (
    aware_datetimes,
    currencies,
    date_ranges,
    decimals_with_places,
    findings,
    money,
    reports,
    rule_ids,
    time_ranges,
)

__all__ = [
    "ClockContract",
    "FrozenClock",
    "aware_datetimes",
    "clias",
    "cpt_codes",
    "currencies",
    "date_ranges",
    "deas",
    "decimals_with_places",
    "eins",
    "findings",
    "hcpcs_codes",
    "icd10cm_codes",
    "mbis",
    "modifiers",
    "money",
    "npis",
    "reports",
    "rule_ids",
    "time_ranges",
]

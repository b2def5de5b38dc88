"""Public names of the remittance rule catalogue.

``ERA_RULES`` lists every 835 rule with its authority; the rule ids are constants:
``NOT_835`` (``ERA-SET``), ``BALANCE_PAYMENT``, ``BALANCE_CLAIM``, ``BALANCE_LINE``,
``BALANCE_LINES_PAID`` (the ``ERA-BAL-*`` balancing rules) and ``CODE_NOT_IN_EFFECT``
(``ERA-CODE-NOT-IN-EFFECT``).
"""

from medoffice.revenue._catalogue import (
    BALANCE_CLAIM,
    BALANCE_LINE,
    BALANCE_LINES_PAID,
    BALANCE_PAYMENT,
    CODE_NOT_IN_EFFECT,
    NOT_835,
    EraRule,
    era_rule,
    render_era_catalogue,
)

__all__ = [
    "BALANCE_CLAIM",
    "BALANCE_LINE",
    "BALANCE_LINES_PAID",
    "BALANCE_PAYMENT",
    "CODE_NOT_IN_EFFECT",
    "NOT_835",
    "EraRule",
    "era_rule",
    "render_era_catalogue",
]

"""Public names of the remittance rule catalogue."""

from __future__ import annotations

from medoffice.revenue._catalogue import (
    BALANCE_CLAIM,
    BALANCE_LINE,
    BALANCE_LINES_PAID,
    BALANCE_PAYMENT,
    CODE_NOT_IN_EFFECT,
    ERA_RULES,
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
    "ERA_RULES",
    "NOT_835",
    "EraRule",
    "era_rule",
    "render_era_catalogue",
]

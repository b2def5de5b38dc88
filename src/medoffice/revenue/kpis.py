"""Public names of the revenue-cycle KPIs."""

from __future__ import annotations

from medoffice.revenue._kpis import (
    ArFacts,
    ar_facts,
    revenue_kpis,
)

__all__ = [
    "ArFacts",
    "ar_facts",
    "revenue_kpis",
]

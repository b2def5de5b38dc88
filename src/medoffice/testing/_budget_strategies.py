"""Hypothesis strategies for the budget domain."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import strategies as st

from medoffice.budget._calendar import FiscalCalendar, PeriodPattern
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._transfers import Transfer, TransferLeg
from medoffice.kernel import Currency, Money
from medoffice.testing._kernel_strategies import currencies

__all__ = [
    "budget_currencies",
    "budget_dimensions",
    "budget_transfers",
    "fiscal_calendars",
]


def budget_currencies() -> st.SearchStrategy[Currency]:
    """Currencies of every ISO 4217 exponent a budget can hold: 0, 2, 3 and 4."""
    return currencies(exponents=(0, 2, 3, 4))


def fiscal_calendars() -> st.SearchStrategy[FiscalCalendar]:
    """Calendars of every pattern starting on any month and any day up to the 28th."""
    return st.builds(
        FiscalCalendar,
        pattern=st.sampled_from(list(PeriodPattern)),
        start_month=st.integers(1, 12),
        start_day=st.integers(1, 28),
    )


def budget_dimensions(
    *, cost_centres: tuple[str, ...] = ("CLINIC", "FRONT", "LAB")
) -> st.SearchStrategy[Dimensions]:
    """Dimensions with a cost centre (or none) and sometimes a location."""
    return st.builds(
        lambda cc, loc: Dimensions(cost_centre=cc, location=loc),
        st.none() | st.sampled_from(cost_centres),
        st.none() | st.sampled_from(("MAIN", "NORTH")),
    )


@st.composite
def budget_transfers(
    draw: st.DrawFn,
    *,
    currency: Currency,
    accounts: tuple[str, ...] = ("6100", "6200", "6300"),
    periods: int = 12,
    effective: st.SearchStrategy[date] | None = None,
    ident: str | None = None,
) -> Transfer:
    """Balanced transfers: one leg out, one to three legs in, never a zero leg."""
    out_units = draw(st.integers(1, 10**7))
    pieces = draw(st.integers(1, min(3, out_units)))
    cuts = (
        sorted(
            draw(st.sets(st.integers(1, out_units - 1), min_size=pieces - 1, max_size=pieces - 1))
        )
        if pieces > 1
        else []
    )
    bounds = [0, *cuts, out_units]
    ins = [b - a for a, b in itertools.pairwise(bounds)]

    def leg(units: int) -> TransferLeg:
        return TransferLeg(
            account=draw(st.sampled_from(accounts)),
            period=draw(st.integers(1, periods)),
            amount=Money.from_minor_units(units, currency),
        )

    return Transfer(
        id=ident or draw(st.uuids()).hex,
        legs=(leg(-out_units), *(leg(u) for u in ins)),
        requester=draw(st.sampled_from(("ana", "ben"))),
        reason="reallocation",
        effective=draw(effective or st.dates(date(2026, 1, 1), date(2026, 12, 31))),
    )

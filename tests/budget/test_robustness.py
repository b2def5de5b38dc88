"""Junk in, a medoffice error out: never a bare AttributeError or TypeError."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, cast

import pytest

from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._encumbrance import Encumbrance
from medoffice.budget._funds import ApprovalBand, PurchaseRequest
from medoffice.budget._ledger import Leg
from medoffice.budget._phasing import Flat, phase
from medoffice.budget._transfers import TransferLeg
from medoffice.kernel import MedofficeError, Money

JUNK: list[Any] = [None, "", "€", 1.5, object(), Decimal("1.00")]


def _junk_id(value: Any) -> str:
    """The test id of a junk value: its repr, without a bare object's address (so that every
    test process collects the same ids)."""
    return "object()" if type(value) is object else repr(value)


USD = Money.of("1.00", "USD")


def usd_budget() -> Budget:
    return Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())


BUILDERS: dict[str, Callable[[Any], object]] = {
    "leg amount": lambda j: Leg(account="a", amount=j),
    "transfer leg amount": lambda j: TransferLeg(account="a", period=1, amount=j),
    "request amount": lambda j: PurchaseRequest(id="r", account="a", amount=j, on=date(2026, 1, 1)),
    "band minimum": lambda j: ApprovalBand(minimum=j, role="r"),
    "requisition amount": lambda j: Encumbrance.requisition(
        id="e", account="a", amount=j, on=date(2026, 1, 1)
    ),
    "phased amount": lambda j: phase(j, FiscalCalendar().periods(2026), Flat()),
    "budget cell": lambda j: usd_budget().set("a", 1, cast(Any, "1" if j is None else j)),
    "dimension value": lambda j: Dimensions(cost_centre=" " if j in {None, "€"} else j),
    "calendar start": lambda j: FiscalCalendar(start_month=j),
    "fiscal year": lambda j: FiscalCalendar().periods(j),
    "budget currency": lambda j: Budget(
        name="b", fiscal_year=2026, currency=j, calendar=FiscalCalendar()
    ),
}


class TestJunkIsRefusedClearly:
    @pytest.mark.parametrize("junk", JUNK, ids=_junk_id)
    @pytest.mark.parametrize("builder", list(BUILDERS), ids=str)
    def test_junk_raises_a_medoffice_error(self, builder: str, junk: Any) -> None:
        """Each entry point refuses junk with a medoffice exception."""
        with pytest.raises(MedofficeError):
            BUILDERS[builder](junk)

    def test_the_same_entry_points_accept_good_values(self) -> None:
        """The junk tests fail for the right reason: good values are accepted."""
        assert Leg(account="a", amount=USD).amount == USD
        assert phase(USD, FiscalCalendar().periods(2026), Flat())[0].currency.code == "USD"
        assert usd_budget().set("a", 1, USD).amount("a", 1) == USD

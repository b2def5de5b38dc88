"""Funds checks and approvals: available funds, bands, dual control, escalation, splits."""

from __future__ import annotations

from datetime import date

from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._encumbrance import Encumbrance
from medoffice.budget._funds import (
    ApprovalBand,
    ApprovalPolicy,
    FundsLedger,
    PurchaseRequest,
    check_funds,
    required_approvers,
)
from medoffice.budget._ledger import Leg, Transaction, aggregate
from medoffice.budget._phasing import Flat
from medoffice.kernel import DateRange, Money

ON = date(2026, 4, 1)


def usd(text: str) -> Money:
    return Money.of(text, "USD")


BUDGET = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar()).with_phased(
    "6100", usd("12000"), Flat()
)
SPENT = Transaction(
    id="T",
    on=date(2026, 2, 1),
    legs=(Leg(account="6100", amount=usd("2000")), Leg(account="2000", amount=usd("-2000"))),
)
ACTUALS = aggregate(SPENT.postings(), BUDGET.calendar, 2026, "USD")
ORDER = Encumbrance.requisition(
    id="PO-1",
    account="6100",
    amount=usd("3000"),
    on=date(2026, 3, 25),
    vendor="ACME",
    category="IT",
).order(usd("3000"), on=date(2026, 3, 26))
LEDGER = FundsLedger(budget=BUDGET, actuals=ACTUALS, encumbrances=(ORDER,))
POLICY = ApprovalPolicy(
    bands=(
        ApprovalBand(minimum=usd("0"), maximum=usd("1000"), role="supervisor"),
        ApprovalBand(minimum=usd("1000"), role="practice manager"),
        ApprovalBand(minimum=usd("0"), role="IT lead", category="IT"),
    ),
    dual_control_above=usd("5000"),
    escalation_role="administrator",
    split_threshold=usd("1000"),
    split_window_days=14,
)


def request(amount: str, **kw: object) -> PurchaseRequest:
    fields: dict[str, object] = {"id": "R", "account": "6100", "amount": usd(amount), "on": ON}
    fields.update(kw)
    return PurchaseRequest(**fields)  # type: ignore[arg-type]


class TestFundsAvailable:
    def test_available_is_budget_plus_transfers_less_actuals_and_encumbrances(self) -> None:
        """12000 - 2000 actual - 3000 on order = 7000; a 500 transfer in makes 7500."""
        assert LEDGER.available("6100") == usd("7000")
        moved = FundsLedger(
            budget=BUDGET,
            actuals=ACTUALS,
            encumbrances=(ORDER,),
            transfers={("6100", Dimensions(), 5): 50000},
        )
        assert moved.available("6100") == usd("7500")

    def test_a_request_within_funds_passes(self) -> None:
        """700 of 7000 available leaves 6300 and raises nothing."""
        result = check_funds(request("700"), LEDGER, POLICY)
        assert result.ok
        assert not result.report
        assert result.remaining == usd("6300")


class TestFundsFindings:
    def test_overspending_is_an_error_and_escalates(self) -> None:
        """8000 against 7000 is BUD-FUNDS-001 and adds the administrator and a second person."""
        result = check_funds(request("8000"), LEDGER, POLICY)
        assert [str(f.rule) for f in result.report.errors] == ["BUD-FUNDS-001"]
        assert result.approvers.roles == ("practice manager", "administrator")
        assert result.approvers.minimum_people == 2

    def test_overspending_may_be_a_warning_by_policy(self) -> None:
        """With block_over_budget off the finding is a warning and the check passes."""
        lenient = ApprovalPolicy(bands=POLICY.bands, block_over_budget=False)
        assert check_funds(request("8000"), LEDGER, lenient).ok

    def test_an_unbudgeted_account_is_a_warning(self) -> None:
        """Nothing set for 6200 is BUD-FUNDS-002 (and overspending, since 0 is available)."""
        result = check_funds(request("10", account="6200"), LEDGER, POLICY)
        assert {str(f.rule) for f in result.report} == {"BUD-FUNDS-001", "BUD-FUNDS-002"}

    def test_another_currency_is_an_error_not_a_crash(self) -> None:
        """A CAD request against a USD budget is BUD-FUNDS-004."""
        cad = PurchaseRequest(id="R", account="6100", amount=Money.of("1", "CAD"), on=ON)
        assert [str(f.rule) for f in check_funds(cad, LEDGER, POLICY).report] == ["BUD-FUNDS-004"]

    def test_a_split_purchase_is_flagged(self) -> None:
        """Two 600 IT orders from one vendor within 14 days pass the 1000 threshold together."""
        small = Encumbrance.requisition(
            id="PO-2",
            account="6100",
            amount=usd("600"),
            on=date(2026, 3, 28),
            vendor="ACME",
            category="IT",
        )
        ledger = FundsLedger(budget=BUDGET, actuals=ACTUALS, encumbrances=(ORDER, small))
        flagged = check_funds(request("600", vendor="ACME", category="IT"), ledger, POLICY)
        assert [str(f.rule) for f in flagged.report] == ["BUD-FUNDS-003"]
        other_vendor = check_funds(request("600", vendor="Other", category="IT"), ledger, POLICY)
        assert not other_vendor.report
        late = check_funds(
            request("600", vendor="ACME", category="IT", on=date(2026, 5, 1)), ledger, POLICY
        )
        assert not late.report


class TestApprovers:
    def test_bands_pick_roles_by_amount_and_category(self) -> None:
        """500 of IT needs the supervisor and the IT lead; 500 of anything else the supervisor."""
        assert required_approvers(request("500", category="IT"), POLICY, ON).roles == (
            "supervisor",
            "IT lead",
        )
        assert required_approvers(request("500"), POLICY, ON).roles == ("supervisor",)

    def test_band_edges_are_half_open(self) -> None:
        """Exactly 1000 belongs to the manager's band, not the supervisor's."""
        assert required_approvers(request("1000"), POLICY, ON).roles == ("practice manager",)

    def test_dual_control_above_the_limit(self) -> None:
        """6000 needs two different people; 5000 needs one."""
        assert required_approvers(request("6000"), POLICY, ON).minimum_people == 2
        assert required_approvers(request("5000"), POLICY, ON).minimum_people == 1

    def test_bands_apply_only_on_their_dates(self) -> None:
        """A band valid from May does not apply in April."""
        later = ApprovalPolicy(
            bands=(
                ApprovalBand(
                    minimum=usd("0"), role="new CFO", valid=DateRange.starting(date(2026, 5, 1))
                ),
            )
        )
        assert required_approvers(request("1"), later, ON).roles == ()
        assert required_approvers(request("1"), later, date(2026, 5, 1)).roles == ("new CFO",)

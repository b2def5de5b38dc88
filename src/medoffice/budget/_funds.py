"""Funds checks and approvals: may this purchase go ahead, and who must sign it?

Funds available for an account and its dimensions, over the fiscal year, is
``budget + net transfers - actuals - open encumbrances``. :func:`check_funds` compares a
purchase request with it and with the policy, and returns a :class:`FundsCheck` whose report
holds the findings; :func:`required_approvers` reads the approval bands of the policy (by amount,
category and role, all data), adds a second approver above the dual-control limit and an
escalation role when the request would overspend.

Split purchases, the classic way around an approval limit, are detected as requests to the same
vendor in the same category within ``split_window_days`` whose sum passes ``split_threshold``
while each stays under it.

Rule ids: ``BUD-FUNDS-001`` insufficient funds; ``BUD-FUNDS-002`` nothing budgeted for the
account; ``BUD-FUNDS-003`` suspected split purchase; ``BUD-FUNDS-004`` currency differs from the
budget's.

More information: COSO Internal Control, Integrated Framework (segregation of duties,
authorisation limits; https://www.coso.org); GAO Standards for Internal Control in the Federal
Government ("Green Book", GAO-14-704G), principle 10 on split purchases.

>>> from medoffice.budget import Budget, FiscalCalendar, Flat, aggregate
>>> budget = Budget(
...     name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar()
... ).with_phased("6100", Money.of("1200.00", "USD"), Flat())
>>> ledger = FundsLedger(budget=budget, actuals=aggregate((), budget.calendar, 2026, "USD"))
>>> policy = ApprovalPolicy(
...     bands=(ApprovalBand(minimum=Money.of("0.00", "USD"), role="manager"),),
...     escalation_role="administrator",
... )
>>> request = PurchaseRequest(
...     id="R1", account="6100", amount=Money.of("1500.00", "USD"), on=date(2026, 4, 1)
... )
>>> result = check_funds(request, ledger, policy)
>>> [str(f.rule) for f in result.report], result.approvers.roles
(['BUD-FUNDS-001'], ('manager', 'administrator'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.budget._budget import Budget, CellKey
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._encumbrance import Encumbrance, EncumbranceStatus
from medoffice.budget._ledger import Actuals
from medoffice.kernel import (
    DateRange,
    Finding,
    InvalidArgument,
    InvalidValue,
    Money,
    Report,
    Severity,
)

__all__ = [
    "ApprovalBand",
    "ApprovalPolicy",
    "Approvers",
    "FundsCheck",
    "FundsLedger",
    "PurchaseRequest",
    "check_funds",
    "required_approvers",
]

_NO_DIMENSIONS: Final = Dimensions()
_ALWAYS: Final = DateRange.starting(date.min)


def _money(given: Money) -> Money:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, Money):
        raise InvalidValue(f"an amount is Money, not {type(value).__name__}")
    return value


@final
@attrs.frozen(kw_only=True)
class PurchaseRequest:
    """A request to commit money; vendor and category feed split-purchase detection."""

    id: str
    account: str
    amount: Money = attrs.field(converter=_money)
    on: date
    dimensions: Dimensions = _NO_DIMENSIONS
    vendor: str | None = None
    category: str | None = None


@final
@attrs.frozen(kw_only=True)
class ApprovalBand:
    """``role`` must approve requests from ``minimum`` up to (excluding) ``maximum``."""

    minimum: Money = attrs.field(converter=_money)
    role: str
    maximum: Money | None = None
    category: str | None = None
    valid: DateRange = _ALWAYS

    def applies(self, request: PurchaseRequest, on: date) -> bool:
        """Whether the band covers the request on ``on``."""
        if request.amount.currency != self.minimum.currency:
            return False
        return (
            self.valid.contains(on)
            and self.minimum <= request.amount
            and (self.maximum is None or request.amount < self.maximum)
            and (self.category is None or self.category == request.category)
        )


def _bands(value: Iterable[ApprovalBand]) -> tuple[ApprovalBand, ...]:
    return tuple(value)


def _encumbrances(value: Iterable[Encumbrance]) -> tuple[Encumbrance, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class ApprovalPolicy:
    """Approval bands, dual control, over-budget handling and split detection, as data."""

    bands: tuple[ApprovalBand, ...] = attrs.field(converter=_bands)
    dual_control_above: Money | None = None
    escalation_role: str | None = None
    block_over_budget: bool = True
    split_window_days: int = 30
    split_threshold: Money | None = None


@final
@attrs.frozen(kw_only=True)
class Approvers:
    """Who must approve: the roles, and how many different people at least."""

    roles: tuple[str, ...]
    minimum_people: int


@final
@attrs.frozen(kw_only=True)
class FundsLedger:
    """What a funds check reads: the budget, net transfers, actuals and encumbrances."""

    budget: Budget
    actuals: Actuals
    encumbrances: tuple[Encumbrance, ...] = attrs.field(default=(), converter=_encumbrances)
    transfers: Mapping[CellKey, int] = attrs.field(factory=dict)

    def _sum(self, cells: Iterable[tuple[CellKey, int]], account: str, dims: Dimensions) -> int:
        return sum(v for (a, d, _), v in cells if a == account and d == dims)

    def budgeted(self, account: str, dimensions: Dimensions = _NO_DIMENSIONS) -> Money | None:
        """The year's budget plus net transfers; ``None`` when no cell is set."""
        units = self.budget.units()
        set_any = any(a == account and d == dimensions for a, d, _ in units) or any(
            a == account and d == dimensions for a, d, _ in self.transfers
        )
        if not set_any:
            return None
        total = self._sum(units.items(), account, dimensions) + self._sum(
            self.transfers.items(), account, dimensions
        )
        return Money.from_minor_units(total, self.budget.currency)

    def open_encumbrances(self, account: str, dimensions: Dimensions = _NO_DIMENSIONS) -> Money:
        """What is still committed against the account."""
        return Money.sum(
            (
                e.open
                for e in self.encumbrances
                if e.account == account and e.dimensions == dimensions
            ),
            currency=self.budget.currency,
        )

    def available(self, account: str, dimensions: Dimensions = _NO_DIMENSIONS) -> Money:
        """Budget + net transfers - actuals - open encumbrances, for the year."""
        budgeted = self.budgeted(account, dimensions) or Money.zero(self.budget.currency)
        actual = Money.from_minor_units(
            self._sum(self.actuals.units.items(), account, dimensions), self.budget.currency
        )
        return budgeted - actual - self.open_encumbrances(account, dimensions)


def required_approvers(
    request: PurchaseRequest, policy: ApprovalPolicy, on: date, *, over_budget: bool = False
) -> Approvers:
    """The roles that must approve ``request`` on ``on``, in band order, without repeats."""
    roles = [band.role for band in policy.bands if band.applies(request, on)]
    if over_budget and policy.escalation_role:
        roles.append(policy.escalation_role)
    unique = tuple(dict.fromkeys(roles))
    dual = policy.dual_control_above is not None and request.amount > policy.dual_control_above
    return Approvers(roles=unique, minimum_people=2 if dual else 1)


@final
@attrs.frozen(kw_only=True)
class FundsCheck:
    """The answer of :func:`check_funds`."""

    available: Money
    remaining: Money
    approvers: Approvers
    report: Report

    @property
    def ok(self) -> bool:
        """Whether the request may proceed (to its approvers)."""
        return self.report.ok


def check_funds(
    request: PurchaseRequest, ledger: FundsLedger, policy: ApprovalPolicy
) -> FundsCheck:
    """Whether funds cover ``request``, what is left after it, and who must approve it."""
    currency = ledger.budget.currency
    if request.amount.currency != currency:
        finding = Finding(
            rule="BUD-FUNDS-004",
            severity=Severity.ERROR,
            message="the request's currency differs from the budget's",
            path="amount",
            value=request.amount.currency.code,
        )
        zero = Money.zero(currency)
        return FundsCheck(
            available=zero,
            remaining=zero,
            approvers=Approvers(roles=(), minimum_people=1),
            report=Report.of([finding]),
        )
    findings: list[Finding] = []
    if ledger.budgeted(request.account, request.dimensions) is None:
        findings.append(
            Finding(
                rule="BUD-FUNDS-002",
                severity=Severity.WARNING,
                message="nothing is budgeted for this account and dimensions",
                path="account",
                value=request.account,
            )
        )
    available = ledger.available(request.account, request.dimensions)
    remaining = available - request.amount
    over = remaining.is_negative()
    if over:
        findings.append(
            Finding(
                rule="BUD-FUNDS-001",
                severity=Severity.ERROR if policy.block_over_budget else Severity.WARNING,
                message="the request exceeds the funds available",
                path="amount",
                value=str(request.amount.amount),
            )
        )
    if _looks_split(request, ledger.encumbrances, policy):
        findings.append(
            Finding(
                rule="BUD-FUNDS-003",
                severity=Severity.WARNING,
                message="recent requests to this vendor and category add up past the threshold",
                path="vendor",
            )
        )
    return FundsCheck(
        available=available,
        remaining=remaining,
        approvers=required_approvers(request, policy, request.on, over_budget=over),
        report=Report.of(findings),
    )


def _looks_split(
    request: PurchaseRequest, encumbrances: Iterable[Encumbrance], policy: ApprovalPolicy
) -> bool:
    threshold = policy.split_threshold
    if threshold is None or request.vendor is None or request.amount >= threshold:
        return False
    if policy.split_window_days < 0:
        raise InvalidArgument("split_window_days must not be negative")
    window = DateRange(request.on - timedelta(days=policy.split_window_days), request.on)
    related = [
        e.committed
        for e in encumbrances
        if e.status is not EncumbranceStatus.CANCELLED
        and e.id != request.id
        and e.vendor == request.vendor
        and e.category == request.category
        and window.contains(e.on)
        and e.committed.currency == threshold.currency
        and e.committed < threshold
    ]
    if not related:
        return False
    return Money.sum(related, currency=threshold.currency) + request.amount >= threshold

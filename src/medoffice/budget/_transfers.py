"""Reallocations: an append-only journal of balanced budget transfers, replayed bitemporally.

A transfer moves budget between cells (accounts, dimensions, periods): its legs take money out
(negative) and put it in (positive), and the legs of each currency sum to zero, so a transfer can
never create or destroy a cent. A transfer is *drafted*, *submitted* (pending), then *approved*
or *rejected* by someone other than its requester. Nothing is ever edited: every step is a new
:class:`JournalEntry` stamped with the instant it was recorded. A step the journal does not allow
is refused with a value, :class:`~medoffice.kernel.Refused`, whose finding names the rule:
``BUD-TRANSFER-001`` (already in the journal), ``-002`` (no such transfer), ``-003`` (not
pending) or ``-004`` (the requester deciding their own transfer).

Two times matter. The *effective date* says from when the transfer changes the budget; the
*knowledge time* says when the journal learnt of the approval. :func:`budget_as_of` replays the
journal for any pair: "the budget for March as we knew it on 10 April" is reproducible forever,
even after later, back-dated transfers.

More information: Snodgrass, *Developing Time-Oriented Database Applications in SQL* (bitemporal
data, https://www2.cs.arizona.edu/~rts/tdbbook.pdf); GFOA on budget amendments.

>>> from datetime import UTC, datetime
>>> from medoffice.kernel import Money
>>> t = Transfer(
...     id="TR-1",
...     legs=(
...         TransferLeg(account="6100", period=3, amount=Money.of("-250.00", "USD")),
...         TransferLeg(account="6200", period=3, amount=Money.of("250.00", "USD")),
...     ),
...     requester="ana",
...     reason="supplies to IT",
...     effective=date(2026, 3, 1),
... )
>>> journal = [submit(t, recorded=datetime(2026, 3, 2, tzinfo=UTC))]
>>> decide(journal, "TR-1", approve=True, actor="ana", recorded=datetime(2026, 3, 3, tzinfo=UTC))
Refused(report=Report(findings=(Finding(rule=RuleId('BUD-TRANSFER-004'), ...),)))
>>> journal.append(
...     decide(
...         journal, "TR-1", approve=True, actor="ben", recorded=datetime(2026, 3, 4, tzinfo=UTC)
...     )
... )
>>> net_transfers(journal, effective=date(2026, 3, 31), known=datetime(2026, 3, 3, tzinfo=UTC))
{}
>>> net_transfers(journal, effective=date(2026, 3, 31), known=datetime(2026, 3, 5, tzinfo=UTC))
{('6100', Dimensions(...), 3): -25000, ('6200', Dimensions(...), 3): 25000}
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Final, final

import attrs

from medoffice.budget._budget import Budget, CellKey
from medoffice.budget._dimensions import Dimensions
from medoffice.kernel import CurrencyMismatch, InvalidValue, Money, Refused

__all__ = [
    "JournalEntry",
    "Transfer",
    "TransferLeg",
    "TransferState",
    "TransferStatus",
    "budget_as_of",
    "decide",
    "draft",
    "net_transfers",
    "pending_transfers",
    "submit",
    "transfer_states",
]

_NO_DIMENSIONS: Final = Dimensions()


def _money(given: Money) -> Money:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, Money):
        raise InvalidValue(f"an amount is Money, not {type(value).__name__}")
    return value


@final
class TransferStatus(enum.StrEnum):
    """Where a transfer is in its approval."""

    DRAFT = "draft"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@final
@attrs.frozen(kw_only=True)
class TransferLeg:
    """Money out of (negative) or into (positive) one budget cell."""

    account: str
    period: int
    amount: Money = attrs.field(converter=_money)
    dimensions: Dimensions = _NO_DIMENSIONS

    @property
    def key(self) -> CellKey:
        """The budget cell the leg touches."""
        return (self.account, self.dimensions, self.period)


def _aware(given: datetime) -> datetime:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidValue("a recorded time is a timezone-aware datetime")
    return value


def _legs(value: Iterable[TransferLeg]) -> tuple[TransferLeg, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class Transfer:
    """A balanced reallocation: per currency, the legs sum to zero."""

    id: str
    legs: tuple[TransferLeg, ...] = attrs.field(converter=_legs)
    requester: str
    reason: str
    effective: date

    def __attrs_post_init__(self) -> None:
        if len(self.legs) < 2:
            raise InvalidValue("a transfer moves money between at least two cells")
        sums: dict[str, int] = {}
        for leg in self.legs:
            if leg.amount.is_zero():
                raise InvalidValue("a transfer leg moves a non-zero amount")
            code = leg.amount.currency.code
            sums[code] = sums.get(code, 0) + leg.amount.minor_units
        if any(sums.values()):
            raise InvalidValue("a transfer must balance: per currency, out equals in")


@final
@attrs.frozen(kw_only=True)
class JournalEntry:
    """One recorded step: a transfer submitted or drafted, or a decision on it."""

    transfer_id: str
    status: TransferStatus
    actor: str
    recorded: datetime = attrs.field(converter=_aware)
    transfer: Transfer | None = None
    note: str | None = None


@final
@attrs.frozen(kw_only=True)
class TransferState:
    """A transfer as the journal knows it at some instant."""

    transfer: Transfer
    status: TransferStatus
    approver: str | None
    decided: datetime | None


def draft(transfer: Transfer, *, recorded: datetime) -> JournalEntry:
    """The entry recording a draft (not yet submitted for approval)."""
    return JournalEntry(
        transfer_id=transfer.id,
        status=TransferStatus.DRAFT,
        actor=transfer.requester,
        recorded=recorded,
        transfer=transfer,
    )


def submit(
    transfer: Transfer, *, recorded: datetime, journal: Sequence[JournalEntry] = ()
) -> JournalEntry | Refused:
    """The entry submitting ``transfer`` for approval (new, or a draft already in ``journal``).

    Refused (``BUD-TRANSFER-001``) when the journal already holds the transfer, other than as
    that same draft.
    """
    found = transfer_states(journal).get(transfer.id)
    if found is not None and (
        found.status is not TransferStatus.DRAFT or found.transfer != transfer
    ):
        return Refused.because(
            "BUD-TRANSFER-001",
            f"transfer {transfer.id} is already in the journal",
            path="id",
            value=transfer.id,
        )
    return JournalEntry(
        transfer_id=transfer.id,
        status=TransferStatus.PENDING,
        actor=transfer.requester,
        recorded=recorded,
        transfer=transfer,
    )


def decide(
    journal: Sequence[JournalEntry],
    transfer_id: str,
    *,
    approve: bool,
    actor: str,
    recorded: datetime,
    note: str | None = None,
) -> JournalEntry | Refused:
    """The entry approving or rejecting a pending transfer (never by its requester).

    Refused when the journal has no such transfer (``BUD-TRANSFER-002``), when it is not
    pending (``BUD-TRANSFER-003``) or when ``actor`` requested it (``BUD-TRANSFER-004``).
    """
    state = transfer_states(journal).get(transfer_id)
    if state is None:
        return Refused.because(
            "BUD-TRANSFER-002",
            f"no transfer {transfer_id} in the journal",
            path="transfer_id",
            value=transfer_id,
        )
    if state.status is not TransferStatus.PENDING:
        return Refused.because(
            "BUD-TRANSFER-003",
            f"transfer {transfer_id} is {state.status}, not pending",
            path="transfer_id",
            value=transfer_id,
        )
    if actor == state.transfer.requester:
        return Refused.because(
            "BUD-TRANSFER-004", "the requester cannot decide their own transfer", path="actor"
        )
    return JournalEntry(
        transfer_id=transfer_id,
        status=TransferStatus.APPROVED if approve else TransferStatus.REJECTED,
        actor=actor,
        recorded=recorded,
        note=note,
    )


def transfer_states(
    journal: Iterable[JournalEntry], *, known: datetime | None = None
) -> dict[str, TransferState]:
    """Every transfer's state, replaying entries recorded at or before ``known`` (all if None)."""
    states: dict[str, TransferState] = {}
    for entry in journal:
        if known is not None and entry.recorded > known:
            continue
        current = states.get(entry.transfer_id)
        if entry.transfer is not None:
            states[entry.transfer_id] = TransferState(
                transfer=entry.transfer, status=entry.status, approver=None, decided=None
            )
        elif current is not None:
            states[entry.transfer_id] = attrs.evolve(
                current, status=entry.status, approver=entry.actor, decided=entry.recorded
            )
    return states


def net_transfers(
    journal: Iterable[JournalEntry], *, effective: date, known: datetime | None = None
) -> dict[CellKey, int]:
    """Net minor units moved per cell by transfers approved as known at ``known``.

    Only transfers effective on or before ``effective`` count. Cells that net to zero are left
    out, so the result sums to zero per currency.
    """
    net: dict[CellKey, int] = {}
    for state in transfer_states(journal, known=known).values():
        if state.status is not TransferStatus.APPROVED or state.transfer.effective > effective:
            continue
        for leg in state.transfer.legs:
            net[leg.key] = net.get(leg.key, 0) + leg.amount.minor_units
    return {k: v for k, v in sorted(net.items(), key=_cell_order) if v}


def _cell_order(item: tuple[CellKey, int]) -> tuple[str, tuple[str, ...], int]:
    (account, dims, period), _ = item
    return (account, dims.sort_key(), period)


def budget_as_of(
    budget: Budget,
    journal: Iterable[JournalEntry],
    *,
    effective: date,
    known: datetime | None = None,
) -> Budget:
    """The budget with the transfers effective by ``effective``, as known at ``known``."""
    entries = list(journal)
    for entry in entries:
        for leg in entry.transfer.legs if entry.transfer else ():
            if leg.amount.currency != budget.currency:
                raise CurrencyMismatch("a transfer leg is in another currency than the budget")
    zero = Money.zero(budget.currency)
    changes = {
        (account, dims, period): (budget.amount(account, period, dims) or zero)
        + Money.from_minor_units(units, budget.currency)
        for (account, dims, period), units in net_transfers(
            entries, effective=effective, known=known
        ).items()
    }
    return budget.with_amounts(changes) if changes else budget


def pending_transfers(journal: Iterable[JournalEntry]) -> Mapping[str, TransferState]:
    """The transfers waiting for a decision, by id."""
    return {k: v for k, v in transfer_states(journal).items() if v.status is TransferStatus.PENDING}

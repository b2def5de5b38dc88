"""The accounts-receivable ledger: append-only entries per claim line, replayable as of any day.

Every change to what someone owes on a service line is one :class:`LedgerEntry`: the charge when
the claim is billed (owed by its payer), each payment and adjustment a remittance posts, and each
transfer of a balance from the payer to the patient (patient responsibility) or to a secondary
payer (a crossover). An entry's ``cents`` is its signed effect, in minor units, on the balance
the ``party`` owes for that line, so for any line at any moment::

    charges = payments + adjustments + open balance      (to the cent)

where the open balance is what the parties still owe, and transfers move it between parties
without changing it. Provider-level adjustments (PLB: recoupments, interest, forward balances)
are entries of kind ``provider`` on no claim: they explain the deposit, not a line's balance.
Nothing is ever changed or removed: a reversal is new entries of the opposite sign, so the
ledger as of a past day (:meth:`ArLedger.as_of`) is exactly what it was then.

More information: HFMA, *Patient Financial Communications Best Practices*; AAFP, *Evaluating
Your Practice's Revenue Cycle* (https://www.aafp.org/practice-management).

>>> from datetime import date
>>> entries = [
...     LedgerEntry(date(2026, 3, 2), "A1", 1, "charge", 12500, "USD", "P1", "", "bill", ""),
...     LedgerEntry(date(2026, 3, 20), "A1", 1, "payment", -8000, "USD", "P1", "", "T1", ""),
...     LedgerEntry(
...         date(2026, 3, 20), "A1", 1, "adjustment", -2500, "USD", "P1", "CO-45", "T1", ""
...     ),
...     LedgerEntry(date(2026, 3, 20), "A1", 1, "transfer", -2000, "USD", "P1", "PR-2", "T1", ""),
...     LedgerEntry(
...         date(2026, 3, 20), "A1", 1, "transfer", 2000, "USD", "patient", "PR-2", "T1", ""
...     ),
... ]
>>> ledger = ArLedger(entries)
>>> ledger.line("A1", 1).open_by_party
{'patient': Money('20.00', 'USD')}
>>> ledger.as_of(date(2026, 3, 10)).line("A1", 1).open
Money('125.00', 'USD')
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Final, NamedTuple, final

import attrs

from medoffice.kernel import Money

__all__ = ["PATIENT", "ArLedger", "ArTotals", "EntryKind", "LedgerEntry", "LineBalance"]

#: The party of a balance the patient owes.
PATIENT: Final = "patient"


@final
class EntryKind(enum.StrEnum):
    """What an entry records."""

    CHARGE = "charge"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"
    PATIENT_PAYMENT = "patient_payment"
    WRITE_OFF = "write_off"
    PROVIDER = "provider"


class LedgerEntry(NamedTuple):
    """One ledger line (a tuple: millions of them are posted and aged).

    ``cents`` is the signed effect on what ``party`` owes for ``claim`` line ``line`` (a charge
    is positive, a payment negative); ``code`` the adjustment's group and reason (``CO-45``) or
    the PLB reason; ``source`` the remittance (``originator/trace``) or ``bill``;
    ``reference`` the payer's claim number.
    """

    on: date
    claim: str
    line: int
    kind: str
    cents: int
    currency: str
    party: str
    code: str
    source: str
    reference: str

    @property
    def amount(self) -> Money:
        """The entry's amount as money."""
        return Money.from_minor_units(self.cents, self.currency)


_PAYMENTS: Final = frozenset({EntryKind.PAYMENT.value, EntryKind.PATIENT_PAYMENT.value})
_ADJUSTMENTS: Final = frozenset({EntryKind.ADJUSTMENT.value, EntryKind.WRITE_OFF.value})


@final
@attrs.frozen(kw_only=True)
class LineBalance:
    """One line's totals: charges, payments and adjustments received, and who owes the rest."""

    charges: Money
    payments: Money
    adjustments: Money
    open_by_party: dict[str, Money]

    @property
    def open(self) -> Money:
        """The open balance, whoever owes it."""
        return Money.sum(self.open_by_party.values(), currency=self.charges.currency)

    @property
    def balances(self) -> bool:
        """Whether charges = payments + adjustments + open balance, to the cent."""
        return self.charges == self.payments + self.adjustments + self.open


@final
@attrs.frozen(kw_only=True)
class ArTotals:
    """Totals of a ledger: what the KPIs are computed from (positive amounts)."""

    charges: Money
    payments: Money
    contractual_adjustments: Money
    other_adjustments: Money
    receivables: Money
    credit_balances: Money


class ArLedger:
    """The entries of a practice's receivables, and what they add up to."""

    __slots__ = ("_by_line", "_entries")

    def __init__(self, entries: Iterable[LedgerEntry] = ()) -> None:
        self._entries = tuple(entries)
        by_line: dict[tuple[str, int], list[LedgerEntry]] = defaultdict(list)
        for entry in self._entries:
            if entry.kind != EntryKind.PROVIDER:
                by_line[entry.claim, entry.line].append(entry)
        self._by_line = dict(by_line)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LedgerEntry]:
        return iter(self._entries)

    def __repr__(self) -> str:
        return f"ArLedger({len(self._entries)} entries)"

    @property
    def entries(self) -> tuple[LedgerEntry, ...]:
        """Every entry, in the order posted."""
        return self._entries

    def as_of(self, day: date) -> ArLedger:
        """The ledger as it stood at the end of ``day`` (entries dated on or before it)."""
        return ArLedger(entry for entry in self._entries if entry.on <= day)

    def lines(self) -> Iterator[tuple[str, int]]:
        """Every (claim, line) with an entry, in the order first posted."""
        return iter(self._by_line)

    def line(self, claim: str, line: int, *, currency: str = "USD") -> LineBalance:
        """The balance of one claim line (zeros when it has no entry)."""
        charges = payments = adjustments = 0
        parties: dict[str, int] = {}
        for entry in self._by_line.get((claim, line), ()):
            kind, cents = entry.kind, entry.cents
            currency = entry.currency
            if kind == EntryKind.CHARGE:
                charges += cents
            elif kind in _PAYMENTS:
                payments -= cents
            elif kind in _ADJUSTMENTS:
                adjustments -= cents
            parties[entry.party] = parties.get(entry.party, 0) + cents

        def money(cents: int) -> Money:
            return Money.from_minor_units(cents, currency)

        return LineBalance(
            charges=money(charges),
            payments=money(payments),
            adjustments=money(adjustments),
            open_by_party={party: money(c) for party, c in sorted(parties.items()) if c},
        )

    def open_balances(self) -> dict[tuple[str, str], int]:
        """What each party owes on each claim, in minor units: ``{(claim, party): cents}``.

        Only non-zero balances; a negative one is a credit balance (paid more than owed).
        """
        totals: dict[tuple[str, str], int] = defaultdict(int)
        for entry in self._entries:
            if entry.kind != EntryKind.PROVIDER:
                totals[entry.claim, entry.party] += entry.cents
        return {key: cents for key, cents in totals.items() if cents}

    def totals(self, *, currency: str = "USD", since: date | None = None) -> ArTotals:
        """Charges, payments and adjustments dated from ``since`` on, and the open balances.

        Contractual adjustments are those of group CO; write-offs and other groups are the
        other adjustments; receivables are the positive open balances of each claim and party,
        credit balances the negative ones (as a positive amount).
        """
        sums: dict[str, int] = defaultdict(int)
        contractual = 0
        for entry in self._entries:
            if since is not None and entry.on < since:
                continue
            sums[entry.kind] += entry.cents
            if entry.kind == EntryKind.ADJUSTMENT and entry.code.startswith("CO-"):
                contractual -= entry.cents
        balances = self.open_balances().values()

        def money(cents: int) -> Money:
            return Money.from_minor_units(cents, currency)

        adjustments = -(sums[EntryKind.ADJUSTMENT] + sums[EntryKind.WRITE_OFF])
        return ArTotals(
            charges=money(sums[EntryKind.CHARGE]),
            payments=money(-(sums[EntryKind.PAYMENT] + sums[EntryKind.PATIENT_PAYMENT])),
            contractual_adjustments=money(contractual),
            other_adjustments=money(adjustments - contractual),
            receivables=money(sum(c for c in balances if c > 0)),
            credit_balances=money(-sum(c for c in balances if c < 0)),
        )

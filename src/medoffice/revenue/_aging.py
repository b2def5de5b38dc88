"""Accounts receivable by age: what is still owed, by payer or by patient, in 30-day buckets.

Each open balance (one claim, one party: a payer or the patient) is an :class:`OpenItem` dated
from the claim's first date of service or the day it was first billed (:class:`AgingBasis`, the
practice's choice). :func:`age` sorts them into the buckets 0-30, 31-60, 61-90, 91-120 and over
120 days old on the day asked, and totals them by payer (the patient's own balances form the
row ``patient``) or by patient (only what patients owe: their statements' balances). A credit
balance (negative) is aged like any other and lowers its bucket.

More information: MGMA DataDive Cost and Revenue glossary, "A/R aging"; AAFP, *Evaluating Your
Practice's Revenue Cycle* (percentage of A/R over 90 and 120 days).

>>> from datetime import date
>>> items = [
...     OpenItem("A1", "P1", "p-1", date(2026, 1, 5).toordinal(), 10000, "USD"),
...     OpenItem("A2", "patient", "p-1", date(2026, 3, 1).toordinal(), 2000, "USD"),
... ]
>>> aging = age(items, as_of=date(2026, 3, 31), by="payer")
>>> for row in aging.rows:
...     print(row.key, [str(m.amount) for m in row.buckets])
P1 ['0.00', '0.00', '100.00', '0.00', '0.00']
patient ['20.00', '0.00', '0.00', '0.00', '0.00']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final, Literal, NamedTuple, final

import attrs

from medoffice.kernel import InvalidArgument, Money
from medoffice.revenue._ledger import PATIENT, ArLedger
from medoffice.revenue._model import BilledClaim

__all__ = ["BUCKETS", "Aging", "AgingBasis", "AgingRow", "OpenItem", "age", "open_items"]

#: The buckets' first and last days (the last is open-ended).
BUCKETS: Final[tuple[tuple[int, int | None], ...]] = (
    (0, 30),
    (31, 60),
    (61, 90),
    (91, 120),
    (121, None),
)
_LABELS: Final = ("0-30", "31-60", "61-90", "91-120", "121+")
# The bucket of each age up to 121 days (older is the last bucket).
_BY_AGE: Final = tuple(min(max(days - 1, 0) // 30, 4) for days in range(122))


@final
class AgingBasis(enum.StrEnum):
    """What an open balance's age counts from."""

    SERVICE = "service"
    BILLED = "billed"


class OpenItem(NamedTuple):
    """One open balance: claim, party owing it, patient key, the basis day (an ordinal), cents."""

    claim: str
    party: str
    patient: str
    basis: int
    cents: int
    currency: str


@final
@attrs.frozen(kw_only=True)
class AgingRow:
    """One payer's or patient's balances, bucket by bucket."""

    key: str
    buckets: tuple[Money, ...]

    @property
    def total(self) -> Money:
        """The row's total."""
        return Money.sum(self.buckets, currency=self.buckets[0].currency)


@final
@attrs.frozen(kw_only=True)
class Aging:
    """An aging report: rows sorted by key, and the totals of each bucket."""

    as_of: date
    by: str
    rows: tuple[AgingRow, ...]
    totals: tuple[Money, ...]

    @property
    def by_bucket_start(self) -> dict[int, Money]:
        """The totals keyed by each bucket's first day (what ``budget.ar_over`` takes)."""
        return {start: total for (start, _), total in zip(BUCKETS, self.totals, strict=True)}

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""

        def amounts(values: tuple[Money, ...]) -> dict[str, str]:
            return {label: str(m.amount) for label, m in zip(_LABELS, values, strict=True)}

        return {
            "as_of": self.as_of.isoformat(),
            "by": self.by,
            "rows": [
                {"key": r.key, "buckets": amounts(r.buckets), "total": str(r.total.amount)}
                for r in self.rows
            ],
            "totals": amounts(self.totals),
        }


def open_items(
    ledger: ArLedger,
    claims: Mapping[str, BilledClaim],
    *,
    basis: AgingBasis = AgingBasis.SERVICE,
) -> list[OpenItem]:
    """The open balances of ``ledger``, each dated by its claim's basis day."""
    found: list[OpenItem] = []
    for (claim, party), cents in ledger.open_balances().items():
        billed = claims.get(claim)
        if billed is None:
            continue
        day = billed.first_service_date if basis is AgingBasis.SERVICE else billed.billed_on
        currency = billed.lines[0].charge.currency.code
        found.append(OpenItem(claim, party, billed.patient, day.toordinal(), cents, currency))
    return found


def age(
    items: Iterable[OpenItem], *, as_of: date, by: Literal["payer", "patient"] = "payer"
) -> Aging:
    """Age ``items`` on ``as_of`` into the five buckets, by payer or by patient."""
    if by not in {"payer", "patient"}:
        raise InvalidArgument("aging is by 'payer' or by 'patient'")
    today = as_of.toordinal()
    table = _BY_AGE
    rows: dict[str, list[int]] = {}
    currencies: set[str] = set()
    for _, party, patient, basis, cents, currency in items:
        currencies.add(currency)
        if by == "payer":
            key = party
        elif party == PATIENT:
            key = patient
        else:
            continue
        days = today - basis
        bucket = table[days] if 0 <= days < 122 else (4 if days > 0 else 0)
        row = rows.get(key)
        if row is None:
            row = rows[key] = [0, 0, 0, 0, 0]
        row[bucket] += cents

    if len(currencies) > 1:
        raise InvalidArgument("the open items of one aging are in one currency")
    currency = currencies.pop() if currencies else "USD"

    def money(values: list[int]) -> tuple[Money, ...]:
        return tuple(Money.from_minor_units(v, currency) for v in values)

    totals = [sum(row[i] for row in rows.values()) for i in range(5)]
    return Aging(
        as_of=as_of,
        by=by,
        rows=tuple(AgingRow(key=key, buckets=money(rows[key])) for key in sorted(rows)),
        totals=money(totals),
    )

"""Posting a remittance to the claims it pays: pure, and idempotent by its trace number.

:func:`post_remittance` matches each claim paid to the claim billed, by the patient control
number the 837 sent (CLP01), else by the payer's claim number of an earlier posting (CLP07), and
each service line paid to a billed line by its line control number (REF*6R), else by procedure,
modifiers, date of service and units, relaxing from the most to the least precise. It then
writes ledger entries per line: the payment, each adjustment (group CO, OA, PI, CR), and each
patient-responsibility amount (PR) as a transfer of that balance from the payer to the patient,
or to the secondary payer when the payer forwarded the claim (a crossover, CLP02 19-21).
A secondary payer's OA-23 (the prior payer's adjudication) restates amounts the primary already
posted and is not posted again. Adjustments that are denials
(:mod:`medoffice.revenue.denials`) are not written off: the
balance stays open with the payer and the denial goes to the work list with its next action.
Claim-level amounts are spread over the claim's lines in proportion to their charges (cent
exact, largest remainder). A reversal (CLP02 = 22) carries negated amounts and so posts the
opposite entries; the corrected claim that follows posts afresh. Provider-level adjustments
become ``provider`` entries on no claim. Whatever cannot be posted (an unknown claim, a line
matching none, a claim that does not balance, a claim pended rather than adjudicated) goes to
the work queue with the reason, and nothing of it is lost. A remittance whose key
(``originator/trace``) was posted before posts nothing.

More information: ASC X12 005010X221A1 (835) TR3, sections 1.10.2.1 (balancing), 1.10.2.8
(reversals and corrections) and 1.10.2.13 (crossovers); CMS MLN, *Understanding the Remittance
Advice for Professional Providers*.

>>> from datetime import date
>>> from medoffice.kernel import Money
>>> from medoffice.revenue._model import (
...     Adjustment,
...     BilledClaim,
...     BilledLine,
...     ClaimPayment,
...     Remittance,
...     ServicePayment,
... )
>>> usd = lambda text: Money.of(text, "USD")
>>> billed = BilledClaim(
...     control_number="A1",
...     payer_id="P1",
...     patient="p-1",
...     billed_on=date(2026, 3, 3),
...     lines=(
...         BilledLine(
...             number=1, procedure="99213", charge=usd("125.00"), service_date=date(2026, 3, 2)
...         ),
...     ),
... )
>>> paid = ServicePayment(
...     procedure="99213",
...     charge=usd("125.00"),
...     paid=usd("80.00"),
...     service_date=date(2026, 3, 2),
...     adjustments=(
...         Adjustment(group="CO", reason="45", amount=usd("25.00")),
...         Adjustment(group="PR", reason="2", amount=usd("20.00")),
...     ),
... )
>>> era = Remittance(
...     trace="T1",
...     originator="1P1",
...     payment=usd("80.00"),
...     paid_on=date(2026, 3, 20),
...     claims=(
...         ClaimPayment(
...             control_number="A1",
...             status="1",
...             charge=usd("125.00"),
...             paid=usd("80.00"),
...             services=(paid,),
...         ),
...     ),
... )
>>> posting = post_remittance(era, billed={"A1": billed}, posted=set())
>>> for entry in posting.entries:
...     print(entry.kind, entry.cents, entry.party, entry.code)
payment -8000 P1
adjustment -2500 P1 CO-45
transfer -2000 P1 PR-2
transfer 2000 patient PR-2
>>> post_remittance(era, billed={"A1": billed}, posted={era.key}).duplicate
True
"""

from __future__ import annotations

import contextlib
import enum
import gc
from collections.abc import Container, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.kernel import Money
from medoffice.revenue._balancing import is_balanced
from medoffice.revenue._denials import (
    Denial,
    DenialCategory,
    NextAction,
    classify,
    next_action,
)
from medoffice.revenue._ledger import PATIENT, EntryKind, LedgerEntry
from medoffice.revenue._model import (
    Adjustment,
    BilledClaim,
    BilledLine,
    ClaimPayment,
    Remittance,
    ServicePayment,
)

__all__ = ["Posting", "WorkItem", "WorkReason", "charge_entries", "post_remittance"]

_FORWARDED: Final = frozenset({"19", "20", "21"})
_NOT_ADJUDICATED: Final = frozenset({"5", "13", "15", "16", "17", "23", "25"})
# OA-23 ("impact of prior payer adjudication") restates what an earlier payer already settled.
_PRIOR_PAYER: Final = "23"
_PAYMENT: Final = EntryKind.PAYMENT.value
_ADJUSTMENT: Final = EntryKind.ADJUSTMENT.value
_TRANSFER: Final = EntryKind.TRANSFER.value
_new: Final = tuple.__new__


@final
class WorkReason(enum.StrEnum):
    """Why a remitted claim or line was not posted."""

    UNKNOWN_CLAIM = "unknown_claim"
    LINE_NOT_MATCHED = "line_not_matched"
    UNBALANCED = "unbalanced"
    NOT_ADJUDICATED = "not_adjudicated"


@final
@attrs.frozen(kw_only=True)
class WorkItem:
    """Something a remittance said that could not be posted, and why (the work queue)."""

    source: str
    claim: str
    line: int
    reason: WorkReason
    cents: int
    currency: str
    segment: int = 0

    @property
    def amount(self) -> Money:
        """The money it concerns (the payment of the claim or line)."""
        return Money.from_minor_units(self.cents, self.currency)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "source": self.source,
            "claim": self.claim,
            "line": self.line,
            "reason": self.reason.value,
            "amount": str(self.amount.amount),
            "currency": self.currency,
            "segment": self.segment,
        }


@final
@attrs.frozen(kw_only=True)
class Posting:
    """What posting one remittance writes: ledger entries, denials, and the work queue."""

    key: str
    duplicate: bool = False
    entries: tuple[LedgerEntry, ...] = ()
    denials: tuple[Denial, ...] = ()
    work: tuple[WorkItem, ...] = ()


def charge_entries(claim: BilledClaim) -> tuple[LedgerEntry, ...]:
    """The charges of a billed claim, owed by its payer from the day it was billed."""
    return tuple(
        LedgerEntry(
            claim.billed_on,
            claim.control_number,
            line.number,
            EntryKind.CHARGE.value,
            line.charge.minor_units,
            line.charge.currency.code,
            claim.payer_id,
            "",
            "bill",
            "",
        )
        for line in claim.lines
    )


def _allocate(cents: int, weights: Sequence[int]) -> list[int]:
    """``cents`` split in proportion to ``weights``, summing back exactly (largest remainder)."""
    total = sum(weights)
    if not weights:
        return []
    if total <= 0:
        return [cents] + [0] * (len(weights) - 1)
    sign, whole = (1, cents) if cents >= 0 else (-1, -cents)
    shares = [whole * w // total for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -((whole * weights[i]) % total))
    for i in order[: whole - sum(shares)]:
        shares[i] += 1
    return [sign * s for s in shares]


def _key(procedure: str, modifiers: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    return procedure, tuple(sorted(modifiers))


def _fits(level: int, service: ServicePayment, day: date | None, line: BilledLine) -> bool:
    """Whether ``line`` matches ``service`` at ``level`` (0 the most precise, 4 the least)."""
    if level == 0:
        return service.line_control != "" and service.line_control == str(line.number)
    if line.procedure != service.procedure or (level < 4 and day not in {None, line.service_date}):
        return False
    if level == 3:
        return True
    if _key(line.procedure, line.modifiers) != _key(service.procedure, service.modifiers):
        return False
    return level == 2 or line.units == service.units


def _match(
    service: ServicePayment, fallback_day: date | None, lines: list[BilledLine]
) -> BilledLine | None:
    """The billed line ``service`` pays, among ``lines`` not yet matched (removed when found)."""
    day = service.service_date or fallback_day
    for level in range(5):
        for index, line in enumerate(lines):
            if _fits(level, service, day, line):
                return lines.pop(index)
    return None


class _Poster:
    def __init__(self, remittance: Remittance, on: date, appeal_days: Mapping[str, int]) -> None:
        self.remittance = remittance
        self.source = remittance.key
        self.on = remittance.paid_on or on
        self.currency = remittance.payment.currency.code
        self.appeal_days = appeal_days
        self.entries: list[LedgerEntry] = []
        self.denials: list[Denial] = []
        self.work: list[WorkItem] = []

    def queue(self, claim: ClaimPayment, line: int, reason: WorkReason, cents: int) -> None:
        segment = claim.segment
        if line and line <= len(claim.services):
            segment = claim.services[line - 1].segment or segment
        self.work.append(
            WorkItem(
                source=self.source,
                claim=claim.control_number,
                line=line,
                reason=reason,
                cents=cents,
                currency=self.currency,
                segment=segment,
            )
        )

    def claim(self, payment: ClaimPayment, billed: BilledClaim) -> None:
        remittance = self.remittance
        if payment.is_secondary:
            party = remittance.payer_id or remittance.originator or billed.payer_id
        else:
            party = billed.payer_id
        # A reversal of a forwarded claim takes the share back from the payer it went to.
        forwarded = payment.status in _FORWARDED or payment.is_reversal
        receiver = payment.crossover_payer if forwarded and payment.crossover_payer else PATIENT
        context = (payment, billed, party, receiver)
        if not payment.services:
            self.spread(context, billed.lines)
            return
        unmatched = list(billed.lines)
        matched: list[tuple[BilledLine, ServicePayment]] = []
        for number, service in enumerate(payment.services, start=1):
            found = _match(service, payment.service_date, unmatched)
            if found is None:
                self.queue(payment, number, WorkReason.LINE_NOT_MATCHED, service.paid.minor_units)
            else:
                matched.append((found, service))
        spread: list[list[int]] = []
        if payment.adjustments:
            weights = [service.charge.minor_units for _, service in matched]
            spread = [_allocate(a.cents, weights) for a in payment.adjustments]
        for index, (line, service) in enumerate(matched):
            shares = [(a, a.cents) for a in service.adjustments]
            if spread:
                shares += [(a, s[index]) for a, s in zip(payment.adjustments, spread, strict=True)]
            remarks = (*service.remarks, *payment.remarks)
            self.line(context, line, service.paid.minor_units, shares, remarks)

    def spread(
        self, context: tuple[ClaimPayment, BilledClaim, str, str], lines: Sequence[BilledLine]
    ) -> None:
        """A claim paid without service lines: its amounts spread over the lines billed."""
        payment = context[0]
        weights = [line.charge.minor_units for line in lines]
        paid = _allocate(payment.paid.minor_units, weights)
        spread = [_allocate(a.cents, weights) for a in payment.adjustments]
        for index, line in enumerate(lines):
            shares = [(a, s[index]) for a, s in zip(payment.adjustments, spread, strict=True)]
            self.line(context, line, paid[index], shares, payment.remarks)

    def line(
        self,
        context: tuple[ClaimPayment, BilledClaim, str, str],
        line: BilledLine,
        paid: int,
        shares: Sequence[tuple[Adjustment, int]],
        remarks: Sequence[str],
    ) -> None:
        payment, billed, party, receiver = context
        add, on, currency, source = self.entries.append, self.on, self.currency, self.source
        claim, number, reference = billed.control_number, line.number, payment.payer_claim_number

        # Entries are made with tuple.__new__, skipping the NamedTuple's Python-level __new__:
        # posting makes millions of them.
        if paid:
            entry = (on, claim, number, _PAYMENT, -paid, currency, party, "", source, reference)
            add(_new(LedgerEntry, entry))
        for adjustment, cents in shares:
            group = adjustment.group  # a str enum, compared as its text (no costly .value)
            if not cents or (adjustment.reason == _PRIOR_PAYER and group == "OA"):
                continue
            denied = classify(group, adjustment.reason, remarks)
            code = adjustment.code
            if group == "PR":
                entry = (
                    on,
                    claim,
                    number,
                    _TRANSFER,
                    -cents,
                    currency,
                    party,
                    code,
                    source,
                    reference,
                )
                add(_new(LedgerEntry, entry))
                entry = (
                    on,
                    claim,
                    number,
                    _TRANSFER,
                    cents,
                    currency,
                    receiver,
                    code,
                    source,
                    reference,
                )
                add(_new(LedgerEntry, entry))
            elif denied is None:
                entry = (
                    on,
                    claim,
                    number,
                    _ADJUSTMENT,
                    -cents,
                    currency,
                    party,
                    code,
                    source,
                    reference,
                )
                add(_new(LedgerEntry, entry))
            if denied is not None and cents > 0:
                self.deny(line.number, billed, adjustment, cents, denied, remarks, party)

    def deny(  # noqa: PLR0917 - one call site, all of them facts of the one denial
        self,
        line: int,
        billed: BilledClaim,
        adjustment: Adjustment,
        cents: int,
        denied: tuple[DenialCategory, str | None],
        remarks: Sequence[str],
        party: str,
    ) -> None:
        category, rule = denied
        action = next_action(category, adjustment.group.value)
        days = self.appeal_days.get(party)
        appeal_by = self.on + timedelta(days=days) if action is NextAction.APPEAL and days else None
        self.denials.append(
            Denial(
                source=self.source,
                claim=billed.control_number,
                line=line,
                on=self.on,
                group=adjustment.group.value,
                reason=adjustment.reason,
                remarks=tuple(remarks),
                cents=cents,
                currency=self.currency,
                category=category,
                action=action,
                appeal_by=appeal_by,
                claims_rule=rule,
                payer=party,
            )
        )

    def provider_adjustments(self) -> None:
        remittance = self.remittance
        party = remittance.payer_id or remittance.originator
        for plb in remittance.provider_adjustments:
            self.entries.append(
                LedgerEntry(
                    plb.fiscal_period_end or self.on,
                    "",
                    0,
                    EntryKind.PROVIDER.value,
                    plb.amount.minor_units,
                    plb.amount.currency.code,
                    party,
                    plb.reason,
                    self.source,
                    plb.reference,
                )
            )


def post_remittance(
    remittance: Remittance,
    *,
    billed: Mapping[str, BilledClaim],
    posted: Container[str],
    payer_claims: Mapping[str, str] | None = None,
    on: date = date.min,
    appeal_days: Mapping[str, int] | None = None,
) -> Posting:
    """Post ``remittance`` against the claims ``billed`` (by patient control number).

    ``posted`` holds the keys of remittances already posted; ``payer_claims`` maps the payer's
    claim numbers of earlier postings to their control numbers; ``on`` is the posting date used
    when the remittance names no payment date; ``appeal_days`` the appeal window of each payer.
    """
    key = remittance.key
    if key in posted:
        return Posting(key=key, duplicate=True)
    with _collector_paused():
        return _post(remittance, billed, payer_claims or {}, on, appeal_days or {})


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a remittance posts.

    Posting makes a ledger entry per payment, adjustment and transfer (hundreds of thousands for
    a large remittance), every one of them kept and none in a reference cycle; the collector
    would scan them again and again as they pile up, which halves posting's speed. It is
    switched back on afterwards if it was on (collection is postponed, never skipped).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _post(
    remittance: Remittance,
    billed: Mapping[str, BilledClaim],
    by_payer_number: Mapping[str, str],
    on: date,
    appeal_days: Mapping[str, int],
) -> Posting:
    key = remittance.key
    poster = _Poster(remittance, on, appeal_days)
    for payment in remittance.claims:
        claim = billed.get(payment.control_number)
        if claim is None and payment.payer_claim_number:
            found = by_payer_number.get(payment.payer_claim_number)
            claim = billed.get(found) if found is not None else None
        if claim is None:
            poster.queue(payment, 0, WorkReason.UNKNOWN_CLAIM, payment.paid.minor_units)
        elif payment.status in _NOT_ADJUDICATED:
            poster.queue(payment, 0, WorkReason.NOT_ADJUDICATED, payment.paid.minor_units)
        elif not is_balanced(payment):
            poster.queue(payment, 0, WorkReason.UNBALANCED, payment.paid.minor_units)
        else:
            poster.claim(payment, claim)
    poster.provider_adjustments()
    return Posting(
        key=key,
        entries=tuple(poster.entries),
        denials=tuple(poster.denials),
        work=tuple(poster.work),
    )

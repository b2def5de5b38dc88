"""The 835 reader's quick paths give what the checked ones give; varied files read back whole."""

from __future__ import annotations

import gc
import random
from collections.abc import Generator
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.formats.x12._elements import amount
from medoffice.adapters.formats.x12._remit_reader import read_835, read_835_all
from medoffice.adapters.formats.x12._remit_values import read_adjustments, usd
from medoffice.adapters.formats.x12._remit_writer import remittances_to_835
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, Money
from medoffice.revenue._balancing import check_remittance
from medoffice.revenue._model import Adjustment, ClaimPayment, Remittance
from medoffice.testing import generate_835, synthetic_billed_claims, synthetic_remittance

_AMOUNT_TEXT = st.one_of(
    st.from_regex(r"-?[0-9]{0,16}(\.[0-9]{0,3})?", fullmatch=True),
    st.text(alphabet="0123456789.-+eE _²", max_size=20),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
)


def _element(raw: str) -> tuple[Money | None, list[Finding]]:
    found: list[Finding] = []
    return amount(Segment(1, 0, ("AMT", "B6", raw)), 2, found.append, required=True), found


class TestPlainAmounts:
    @given(_AMOUNT_TEXT)
    def test_a_quick_amount_is_the_checked_one(self, raw: str) -> None:
        """Any text the quick path reads is money the element reader reads, cents and all."""
        quick = usd(raw)
        checked, findings = _element(raw)
        if quick is not None:
            assert checked is not None
            assert (checked, findings) == (quick[0], [])
            assert quick[1] == checked.minor_units
            assert quick[0].amount.as_tuple() == Money.of(raw, "USD").amount.as_tuple()

    @given(st.integers(-(10**12), 10**12))
    def test_every_amount_of_cents_is_read_quickly(self, cents: int) -> None:
        """Whole dollars, dimes and cents, negative or not, all take the quick path."""
        text = f"{Decimal(cents).scaleb(-2):f}"
        for raw in (text, text.rstrip("0"), str(cents)):
            quick = usd(raw)
            assert quick is not None
            assert quick[0] == Money.of(raw, "USD")

    def test_adjustments_are_the_constructed_ones(self) -> None:
        """A CAS read quickly gives the adjustments the public constructor gives."""
        found = read_adjustments(
            Segment(4, 0, ("CAS", "PR", "1", "12.5", "", "2", ".07", "3")), print
        )
        assert found == (
            Adjustment(group="PR", reason="1", amount=Money.of("12.50", "USD")),
            Adjustment(group="PR", reason="2", amount=Money.of("0.07", "USD"), quantity=Decimal(3)),
        )
        assert [(a.code, a.cents) for a in found] == [("PR-1", 1250), ("PR-2", 7)]


def _varied(count: int, seed: int) -> bytes:
    return generate_835(count, seed=seed, varied=True)


class TestVariedFiles:
    def test_a_varied_file_reads_back_balanced(self) -> None:
        """A varied file of several payers reads without a finding, claims and all."""
        data = _varied(400, seed=11)
        reading = read_835_all(data)
        assert reading.report.ok, reading.report.to_dict()
        assert sum(len(r.claims) for r in reading.remittances) == data.count(b"~CLP*")
        assert len({r.payer_id for r in reading.remittances}) > 3
        for segment in (b"~MIA*", b"~MOA*", b"~LQ*", b"~PLB*", b"~REF*", b"~AMT*", b"~DTM*"):
            assert segment in data, segment

    def test_amounts_codes_and_dates_vary(self) -> None:
        """Few adjustment amounts, procedures or claim numbers repeat, unlike the fee schedule."""
        claims = [
            c
            for r in read_835_all(_varied(300, seed=2)).remittances
            for c in r.claims
            if c.status != "22"
        ]
        amounts = [a.amount for c in claims for s in c.services for a in s.adjustments]
        assert len(set(amounts)) > len(amounts) / 2
        assert len({s.procedure for c in claims for s in c.services}) > 40
        assert len({c.payer_claim_number for c in claims}) == len(claims)
        assert any(s.modifiers for c in claims for s in c.services)
        assert any(len({a.group for a in s.adjustments}) > 1 for c in claims for s in c.services)

    def test_what_is_written_in_detail_reads_back_the_same(self) -> None:
        """The companion segments change nothing read: the values round-trip."""
        claims = list(synthetic_billed_claims(200, seed=5, varied=True))
        era = synthetic_remittance(claims, seed=5, varied=True)
        (read,) = read_835_all(remittances_to_835([era], detail=True)).remittances
        assert [_unplaced(c) for c in read.claims] == list(era.claims)
        assert read.provider_adjustments == era.provider_adjustments
        assert any(c.filing_indicator == "MA" and c.remarks for c in read.claims)

    def test_balancing_while_reading_finds_what_checking_afterwards_finds(self) -> None:
        """Amounts changed at random give the findings check_remittance gives for the values."""
        rng = random.Random(7)
        data = _varied(200, seed=3).decode("latin-1")
        parts = data.split("*")
        for _ in range(60):
            at = rng.randrange(len(parts))
            if parts[at].replace(".", "", 1).isdecimal():
                parts[at] = rng.choice(("1.01", "0", "99999.99", "12.345", "x", "-3"))
        items = read_835_all("*".join(parts).encode("latin-1"))
        balancing = sorted(
            (f.rule, f.path, f.value) for f in items.report if f.rule.startswith("ERA-BAL")
        )
        expected = sorted(
            (f.rule, f.path, f.value) for r in items.remittances for f in check_remittance(r)
        )
        assert balancing == expected
        assert balancing


def _unplaced(claim: ClaimPayment) -> ClaimPayment:
    """The claim without the segment positions a reader records."""
    lines = tuple(attrs.evolve(line, segment=0) for line in claim.services)
    return attrs.evolve(claim, segment=0, services=lines)


def test_remittance_values_are_of_their_types() -> None:
    """Read values are the very types the public constructors make (Money, tuples)."""
    (era, *_) = read_835_all(_varied(30, seed=1)).remittances
    assert isinstance(era, Remittance)
    line = era.claims[0].services[0]
    assert type(line.charge) is Money
    assert type(line.adjustments) is tuple


class TestCollector:
    def test_the_collector_runs_whenever_the_caller_does(self) -> None:
        """Paused only inside the reader: on at every item handed over and at the end."""
        assert gc.isenabled()
        states = [gc.isenabled() for _ in read_835(_varied(50, seed=4))]
        assert states
        assert all(states)
        assert gc.isenabled()

    def test_a_collector_switched_off_stays_off(self) -> None:
        """A caller that switched the collector off finds it off, during and after."""
        gc.disable()
        try:
            states = [gc.isenabled() for _ in read_835(_varied(20, seed=4))]
            assert not any(states)
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_a_reading_left_unfinished_leaves_the_collector_on(self) -> None:
        """Stopping after the first item (and closing the reader) restores the collector."""
        reading = read_835(_varied(50, seed=4))
        assert isinstance(reading, Generator)
        next(reading)
        assert gc.isenabled()
        reading.close()
        assert gc.isenabled()

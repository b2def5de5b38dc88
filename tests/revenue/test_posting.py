"""Posting remittances: payments, adjustments and transfers per line; the rest to a work queue."""

from __future__ import annotations

import gc
from datetime import date

import attrs
import pytest

from medoffice.kernel import Money
from medoffice.revenue._denials import DenialCategory, NextAction
from medoffice.revenue._ledger import PATIENT, ArLedger
from medoffice.revenue._model import (
    Adjustment,
    BilledClaim,
    BilledLine,
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)
from medoffice.revenue._posting import Posting, WorkReason, charge_entries, post_remittance
from medoffice.testing import reversal_of, synthetic_billed_claims, synthetic_remittance


def usd(text: str) -> Money:
    return Money.of(text, "USD")


DOS = date(2026, 3, 2)


def office_visit() -> BilledClaim:
    return BilledClaim(
        control_number="A1",
        payer_id="PAYER-A",
        patient="p-1",
        billed_on=date(2026, 3, 3),
        lines=(
            BilledLine(
                number=1,
                procedure="99214",
                modifiers=("25",),
                charge=usd("185.00"),
                service_date=DOS,
            ),
            BilledLine(number=2, procedure="36415", charge=usd("15.00"), service_date=DOS),
        ),
    )


def line(
    code: str, charge: str, paid: str, *adjustments: Adjustment, **more: object
) -> ServicePayment:
    return ServicePayment(
        procedure=code,
        charge=usd(charge),
        paid=usd(paid),
        service_date=DOS,
        adjustments=adjustments,
        **more,  # type: ignore[arg-type]
    )


def co(reason: str, amount: str) -> Adjustment:
    return Adjustment(group="CO", reason=reason, amount=usd(amount))


def pr(reason: str, amount: str) -> Adjustment:
    return Adjustment(group="PR", reason=reason, amount=usd(amount))


def era(
    *claims: ClaimPayment, trace: str = "T1", plb: tuple[ProviderAdjustment, ...] = ()
) -> Remittance:
    paid = Money.sum((c.paid for c in claims), currency="USD")
    taken = Money.sum((p.amount for p in plb), currency="USD")
    return Remittance(
        trace=trace,
        originator="1PAYER-A",
        payer_id="PAYER-A",
        payment=paid - taken,
        paid_on=date(2026, 3, 20),
        claims=claims,
        provider_adjustments=plb,
    )


def claim(
    *services: ServicePayment, status: str = "1", number: str = "A1", **more: object
) -> ClaimPayment:
    return ClaimPayment(
        control_number=number,
        status=status,
        charge=Money.sum((s.charge for s in services), currency="USD"),
        paid=Money.sum((s.paid for s in services), currency="USD"),
        services=services,
        payer_claim_number="PCN-9",
        **more,  # type: ignore[arg-type]
    )


def post(remittance: Remittance, *earlier: Posting, **more: object) -> tuple[Posting, ArLedger]:
    billed = office_visit()
    posting = post_remittance(remittance, billed={"A1": billed}, posted=set(), **more)  # type: ignore[arg-type]
    entries = [*charge_entries(billed), *(e for p in earlier for e in p.entries), *posting.entries]
    return posting, ArLedger(entries)


PAID = claim(
    line("99214", "185.00", "100.00", co("45", "37.00"), pr("2", "48.00")),
    line("36415", "15.00", "10.00", co("45", "5.00")),
)


class TestPayments:
    def test_a_paid_claim_leaves_the_patient_share_open(self) -> None:
        """Payment and contractual adjustment settle the payer; coinsurance goes to the patient."""
        _, ledger = post(era(PAID))
        first = ledger.line("A1", 1)
        assert (first.payments, first.adjustments) == (usd("100.00"), usd("37.00"))
        assert first.open_by_party == {PATIENT: usd("48.00")}
        assert first.balances
        assert ledger.line("A1", 2).open == usd("0.00")

    def test_lines_match_by_procedure_when_their_order_differs(self) -> None:
        """Lines paid in another order than billed still post to their own lines."""
        _, ledger = post(era(attrs.evolve(PAID, services=PAID.services[::-1])))
        assert ledger.line("A1", 2).payments == usd("10.00")

    def test_the_line_control_number_wins(self) -> None:
        """REF*6R names the billed line even when the procedure was recoded by the payer."""
        recoded = line(
            "99213", "185.00", "100.00", co("45", "37.00"), pr("2", "48.00"), line_control="1"
        )
        _, ledger = post(era(claim(recoded)))
        assert ledger.line("A1", 1).payments == usd("100.00")

    def test_claim_level_amounts_are_spread_by_charge_to_the_cent(self) -> None:
        """A claim paid without lines spreads payment and adjustments over its lines exactly."""
        bare = ClaimPayment(
            control_number="A1",
            status="1",
            charge=usd("200.00"),
            paid=usd("100.01"),
            adjustments=(co("45", "99.99"),),
        )
        _, ledger = post(era(bare))
        one, two = ledger.line("A1", 1), ledger.line("A1", 2)
        assert one.payments + two.payments == usd("100.01")
        assert one.open == two.open == usd("0.00")
        assert one.balances
        assert two.balances

    def test_the_payer_claim_number_finds_a_claim_whose_control_number_changed(self) -> None:
        """CLP01 unknown, CLP07 posted before: the claim is found by the payer's number."""
        billed = office_visit()
        first = post_remittance(era(PAID), billed={"A1": billed}, posted=set())
        second = post_remittance(
            era(attrs.evolve(PAID, control_number="A1-X"), trace="T2"),
            billed={"A1": billed},
            posted={first.key},
            payer_claims={"PCN-9": "A1"},
        )
        assert second.work == ()
        assert len(second.entries) == len(first.entries)


class TestIdempotence:
    def test_the_same_trace_posts_nothing_the_second_time(self) -> None:
        """A remittance whose key was posted answers a duplicate and writes nothing."""
        remittance = era(PAID)
        again = post_remittance(remittance, billed={"A1": office_visit()}, posted={remittance.key})
        assert again.duplicate
        assert (again.entries, again.work) == ((), ())


class TestReversals:
    def test_a_reversal_and_correction_leave_only_the_correction(self) -> None:
        """CLP02 = 22 takes the first payment back; the corrected claim posts afresh."""
        first, _ = post(era(PAID))
        reversal = reversal_of(era(PAID), trace="T2", paid_on=date(2026, 4, 1))
        corrected = claim(
            line("99214", "185.00", "120.00", co("45", "25.00"), pr("2", "40.00")),
            line("36415", "15.00", "10.00", co("45", "5.00")),
        )
        both = attrs.evolve(reversal, claims=(*reversal.claims, corrected))
        second, ledger = post(both, first)
        assert second.work == ()
        one = ledger.line("A1", 1)
        assert (one.payments, one.adjustments, one.open_by_party) == (
            usd("120.00"),
            usd("25.00"),
            {PATIENT: usd("40.00")},
        )


class TestDenials:
    def test_a_denied_line_stays_open_with_the_payer_and_says_what_to_do(self) -> None:
        """CO-50 is not written off: the balance stays with the payer and an appeal is due."""
        denied = claim(
            line("99214", "185.00", "0", co("50", "185.00")),
            line("36415", "15.00", "10.00", co("45", "5.00")),
        )
        posting, ledger = post(era(denied), appeal_days={"PAYER-A": 120})
        assert ledger.line("A1", 1).open_by_party == {"PAYER-A": usd("185.00")}
        (denial,) = posting.denials
        assert (denial.category, denial.action, denial.appeal_by) == (
            DenialCategory.MEDICAL_NECESSITY,
            NextAction.APPEAL,
            date(2026, 7, 18),
        )
        assert (denial.amount, denial.line) == (usd("185.00"), 1)

    def test_a_bundling_denial_names_the_claim_rule(self) -> None:
        """CO-97 is a coding denial to correct, that the NCCI PTP edit would have caught."""
        denied = claim(
            line("99214", "185.00", "150.00", co("45", "35.00")),
            line("36415", "15.00", "0", co("97", "15.00")),
        )
        posting, _ = post(era(denied))
        (denial,) = posting.denials
        assert (denial.action, denial.claims_rule) == (
            NextAction.CORRECT_AND_RESUBMIT,
            "NCCI-PTP-0",
        )

    def test_a_non_covered_patient_denial_is_billed_to_the_patient(self) -> None:
        """PR-96 moves the balance to the patient and asks to bill them."""
        denied = claim(line("99214", "185.00", "0", pr("96", "185.00")))
        posting, ledger = post(era(denied))
        assert ledger.line("A1", 1).open_by_party == {PATIENT: usd("185.00")}
        assert [d.action for d in posting.denials] == [NextAction.BILL_PATIENT]


class TestCrossovers:
    def test_a_crossover_moves_the_patient_share_to_the_secondary(self) -> None:
        """CLP02 = 19 with NM1*TT: coinsurance is owed by the secondary payer, then paid by it."""
        forwarded = attrs.evolve(PAID, status="19", crossover_payer="MEDIGAP-1")
        first, ledger = post(era(forwarded))
        assert ledger.line("A1", 1).open_by_party == {"MEDIGAP-1": usd("48.00")}
        secondary = Remittance(
            trace="S1",
            originator="1MEDIGAP",
            payer_id="MEDIGAP-1",
            payment=usd("48.00"),
            paid_on=date(2026, 4, 2),
            claims=(
                ClaimPayment(
                    control_number="A1",
                    status="2",
                    charge=usd("185.00"),
                    paid=usd("48.00"),
                    services=(
                        line(
                            "99214",
                            "185.00",
                            "48.00",
                            Adjustment(group="OA", reason="23", amount=usd("137.00")),
                        ),
                    ),
                ),
            ),
        )
        _, ledger = post(secondary, first)
        one = ledger.line("A1", 1)
        assert (one.open_by_party, one.payments, one.adjustments) == (
            {},
            usd("148.00"),
            usd("37.00"),
        )
        assert one.balances


class TestProviderAdjustments:
    def test_plb_amounts_are_their_own_ledger_lines(self) -> None:
        """A recoupment and interest are provider entries on no claim; line balances ignore them."""
        plb = (
            ProviderAdjustment(
                provider="1234567893", reason="WO", reference="PCN-0", amount=usd("30.00")
            ),
            ProviderAdjustment(provider="1234567893", reason="L6", amount=usd("-1.25")),
        )
        posting, ledger = post(era(PAID, plb=plb))
        provider = [e for e in posting.entries if e.kind == "provider"]
        assert [(e.code, e.cents, e.claim) for e in provider] == [
            ("WO", 3000, ""),
            ("L6", -125, ""),
        ]
        assert ledger.line("A1", 1).balances


class TestWorkQueue:
    @pytest.mark.parametrize(
        ("payment", "reason"),
        [
            (
                attrs.evolve(PAID, control_number="NOPE", payer_claim_number=""),
                WorkReason.UNKNOWN_CLAIM,
            ),
            (attrs.evolve(PAID, status="5"), WorkReason.NOT_ADJUDICATED),
            (attrs.evolve(PAID, paid=usd("1.00")), WorkReason.UNBALANCED),
        ],
    )
    def test_what_cannot_be_posted_is_queued_with_its_reason(
        self, payment: ClaimPayment, reason: WorkReason
    ) -> None:
        """An unknown, pended or unbalanced claim posts nothing and is queued."""
        posting, _ = post(era(payment))
        assert [w.reason for w in posting.work] == [reason]
        assert posting.entries == ()

    def test_a_line_that_matches_no_billed_line_is_queued(self) -> None:
        """A paid procedure the claim never billed is queued; the other lines post."""
        stray = claim(
            line("99214", "185.00", "100.00", co("45", "37.00"), pr("2", "48.00")),
            line("93000", "60.00", "40.00", co("45", "20.00")),
        )
        posting, ledger = post(era(stray))
        assert [(w.reason, w.line, w.amount) for w in posting.work] == [
            (WorkReason.LINE_NOT_MATCHED, 2, usd("40.00"))
        ]
        assert ledger.line("A1", 1).payments == usd("100.00")
        assert posting.work[0].to_dict()["reason"] == "line_not_matched"


class TestSynthetic:
    def test_a_synthetic_remittance_posts_without_work(self) -> None:
        """Every claim of a generated remittance finds its claim and lines."""
        claims = list(synthetic_billed_claims(40, seed=3))
        remittance = synthetic_remittance(claims, seed=3)
        posting = post_remittance(
            remittance, billed={c.control_number: c for c in claims}, posted=set()
        )
        assert posting.work == ()
        assert posting.entries


class TestCollector:
    @pytest.mark.parametrize("enabled", [True, False])
    def test_posting_leaves_the_garbage_collector_as_it_found_it(self, enabled: bool) -> None:
        """The collector paused for posting is switched back on only if it was on."""
        was = gc.isenabled()
        try:
            if enabled:
                gc.enable()
            else:
                gc.disable()
            post(era(PAID))
            assert gc.isenabled() is enabled
        finally:
            if was:
                gc.enable()
            else:
                gc.disable()


class TestLedger:
    def test_an_entry_reads_as_money_and_the_ledger_counts_them(self) -> None:
        """An entry's cents read back as Money; the ledger says how many it holds."""
        _, ledger = post(era(PAID))
        first = ledger.entries[0]
        assert first.amount == Money.from_minor_units(first.cents, "USD")
        assert len(ledger) == len(list(ledger))
        assert repr(ledger) == f"ArLedger({len(ledger)} entries)"

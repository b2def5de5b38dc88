"""NCCI, modifier and batch behaviour beyond the one-trigger-one-near-miss cases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import attrs
import pytest
from hypothesis import given, settings

from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.claims import Claim, check_claim, check_claims
from medoffice.claims._history import identity_digest, keyed, patient_key
from medoffice.kernel import InvalidArgument, Report
from medoffice.testing._claims_strategies import PATIENT_NAME, claims

from ._cases import claim, context, line

DAY = date(2026, 3, 2)


def _found(report: Report) -> set[tuple[str, str]]:
    return {(f.rule.value, f.path) for f in report}


class TestIndicatorNineNeverFires:
    def test_a_pair_with_indicator_9_is_no_edit(self) -> None:
        """20610 with 20604 (indicator 9) yields no PTP finding."""
        report = check_claim(claim(lines=(line("20610"), line("20604"))), context=context())
        assert not {rule for rule, _ in _found(report)} & {
            "NCCI-PTP-0",
            "NCCI-PTP-1",
            "NCCI-PTP-1-BYPASSED",
        }


class TestPairsOnlyWithinOneDay:
    def test_the_pair_on_different_days_is_no_edit(self) -> None:
        """The same pair on two days of service does not meet."""
        lines = (line("29881"), line("29877", service_from=date(2026, 3, 3)))
        report = check_claim(claim(lines=lines), context=context())
        assert "NCCI-PTP-1" not in {rule for rule, _ in _found(report)}

    def test_indicator_0_ignores_modifiers(self) -> None:
        """An NCCI-associated modifier cannot bypass an indicator-0 pair."""
        lines = (line("93000", modifiers=("59",)), line("93005", modifiers=("XU",)))
        report = check_claim(claim(lines=lines), context=context())
        assert ("NCCI-PTP-0", "lines[1].procedure") in _found(report)
        assert "NCCI-PTP-1-BYPASSED" not in {rule for rule, _ in _found(report)}


class TestHistoryJoinsTheDay:
    def test_a_pair_split_across_claims_is_found(self) -> None:
        """A column-2 code sent today meets the column-1 code submitted earlier the same day."""
        history = InMemoryClaimHistory()
        history.record(claim(patient_control_number="PCN-A", lines=(line("99214"),)))
        later = claim(patient_control_number="PCN-B", lines=(line("36415"),))
        [(_, report)] = check_claims([later], context=context(), history=history)
        assert ("NCCI-PTP-0", "lines[0].procedure") in _found(report)

    def test_without_history_the_second_claim_is_clean_of_pairs(self) -> None:
        """The same claim checked alone has no PTP finding."""
        later = claim(patient_control_number="PCN-B", lines=(line("36415"),))
        [(_, report)] = check_claims([later], context=context())
        assert "NCCI-PTP-0" not in {rule for rule, _ in _found(report)}

    def test_the_day_sum_of_an_mue_includes_earlier_claims(self) -> None:
        """99214 (MAI 2, one a day) submitted twice the same day exceeds its MUE."""
        history = InMemoryClaimHistory()
        history.record(claim(patient_control_number="PCN-A", lines=(line("99214"),)))
        again = claim(patient_control_number="PCN-B", lines=(line("99214"),))
        [(_, report)] = check_claims([again], context=context(), history=history)
        assert ("MUE-DAY-POLICY", "lines[0].units") in _found(report)

    def test_another_patient_does_not_count(self) -> None:
        """Lines of another patient on the same day never join the sum."""
        history = InMemoryClaimHistory()
        other = claim(patient_control_number="PCN-A", lines=(line("99214"),))
        history.record(
            attrs.evolve(other, subscriber=attrs.evolve(other.subscriber, member_id="9ZZ9ZZ9ZZ99"))
        )
        again = claim(patient_control_number="PCN-B", lines=(line("99214"),))
        [(_, report)] = check_claims([again], context=context(), history=history)
        assert "MUE-DAY-POLICY" not in {rule for rule, _ in _found(report)}

    def test_a_void_removes_the_earlier_lines(self) -> None:
        """Voiding (frequency 8) the earlier claim takes its lines out of the day."""
        history = InMemoryClaimHistory()
        first = claim(patient_control_number="PCN-A", lines=(line("99214"),))
        history.record(first)
        history.record(attrs.evolve(first, frequency="8", original_reference="X1"))
        again = claim(patient_control_number="PCN-B", lines=(line("99214"),))
        [(_, report)] = check_claims([again], context=context(), history=history)
        assert "MUE-DAY-POLICY" not in {rule for rule, _ in _found(report)}


class TestCheckClaimsStreams:
    def test_each_report_comes_before_the_next_claim_is_read(self) -> None:
        """The first result is available although reading the second claim fails."""

        def source() -> Iterator[Claim]:
            yield claim()
            raise RuntimeError("the reader broke")

        results = check_claims(source(), context=context())
        first, report = next(results)
        assert first == claim()
        assert report.ok

    def test_progress_counts_every_claim(self) -> None:
        """The callback hears 1, 2, 3 for three claims."""
        seen: list[int] = []
        list(check_claims([claim()] * 3, context=context(), progress=seen.append))
        assert seen == [1, 2, 3]

    def test_a_batch_gives_the_same_reports_as_one_by_one(self) -> None:
        """Streaming changes nothing in the findings."""
        batch = [claim(), claim(lines=(line("29881"), line("29877")))]
        streamed = [report for _, report in check_claims(batch, context=context())]
        assert streamed == [check_claim(c, context=context()) for c in batch]


_SECRET = b"sixteen bytes at least, thirty-two"


class TestPatientKey:
    def test_the_key_hides_the_patient(self) -> None:
        """The key contains neither the name nor the member id."""
        key = patient_key(claim(), secret=_SECRET)
        assert "Sample" not in key
        assert claim().subscriber.member_id not in key

    def test_two_patients_have_two_keys(self) -> None:
        """A different member id gives a different key."""
        other = claim()
        other = attrs.evolve(other, subscriber=attrs.evolve(other.subscriber, member_id="2AB"))
        assert patient_key(other, secret=_SECRET) != patient_key(claim(), secret=_SECRET)

    def test_the_key_cannot_be_recomputed_without_the_secret(self) -> None:
        """Another secret gives an unrelated key; the unkeyed digest is not the key."""
        key = patient_key(claim(), secret=_SECRET)
        assert key != patient_key(claim(), secret=b"another secret of sixteen bytes")
        assert key != identity_digest(claim())
        assert key == keyed(identity_digest(claim()), secret=_SECRET)

    @pytest.mark.parametrize("secret", [b"short", "a str of sixteen or more", None])
    def test_a_weak_or_missing_secret_is_refused(self, secret: object) -> None:
        """Fewer than 16 bytes, or not bytes at all, is refused."""
        with pytest.raises(InvalidArgument):
            patient_key(claim(), secret=secret)  # type: ignore[arg-type]


class TestTheEditRulesAreTotal:
    @settings(max_examples=60, deadline=None)
    @given(claims(max_lines=8))
    def test_no_claim_makes_an_edit_rule_fail(self, value: Claim) -> None:
        """With the edit tables loaded every rule still runs on junk, and no PHI is quoted."""
        history = InMemoryClaimHistory()
        history.record(value)
        [(_, report)] = check_claims([value], context=context(), history=history)
        assert "CHK-INTERNAL" not in {f.rule.value for f in report}
        assert all(PATIENT_NAME not in f"{f.message}{f.value}" for f in report)

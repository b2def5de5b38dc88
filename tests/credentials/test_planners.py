"""Recredentialing planner, monitoring ledger and alert plan."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._alerts import DueIndex, DueItem, Tier, WeekdayCalendar, plan_alerts
from medoffice.credentials._model import VerificationEvent
from medoffice.credentials._monitoring import Screening, monitoring_ledger
from medoffice.credentials._recredentialing import RecredentialingPath, plan_recredentialing
from medoffice.kernel import InvalidArgument
from medoffice.testing._credentials_strategies import screenings


def check(day: date, source: str = "board") -> VerificationEvent:
    return VerificationEvent(source=source, on=day, outcome="verified")


class TestRecredentialingDueDate:
    def test_thirty_six_months_counted_to_the_month(self) -> None:
        """Decided 2022-08-15: the next decision is due by 2025-08-31."""
        assert plan_recredentialing(date(2022, 8, 15)).due_on == date(2025, 8, 31)

    def test_paths_on_time_late_and_reinitial(self) -> None:
        """On the due date on time; up to 30 days after late; later re-initial."""
        previous = date(2022, 8, 15)
        paths = [
            plan_recredentialing(previous, committee_on=day).path
            for day in (date(2025, 8, 31), date(2025, 9, 30), date(2025, 10, 1))
        ]
        assert paths == [
            RecredentialingPath.ON_TIME,
            RecredentialingPath.LATE,
            RecredentialingPath.REINITIAL,
        ]

    def test_committee_before_the_previous_decision_is_an_error(self) -> None:
        """A committee cannot meet before the decision it follows."""
        with pytest.raises(InvalidArgument):
            plan_recredentialing(date(2024, 8, 1), committee_on=date(2024, 7, 1))


class TestVerificationTimeLimits:
    def test_180_days_for_files_processed_before_july_2025(self) -> None:
        """Committee 2025-06-30 (NCQA 2024): a check 180 days old is fresh, 181 stale."""
        committee = date(2025, 6, 30)
        fresh, old = check(committee - timedelta(days=180)), check(committee - timedelta(181))
        plan = plan_recredentialing(
            date(2022, 7, 1), committee_on=committee, verifications=[fresh, old]
        )
        assert plan.pack == "NCQA-2024"
        assert plan.stale == (old,)

    def test_120_days_from_july_2025(self) -> None:
        """Committee 2025-07-01 (NCQA 2025): a check 121 days old is stale."""
        committee = date(2025, 7, 1)
        fresh, old = check(committee - timedelta(days=120)), check(committee - timedelta(121))
        plan = plan_recredentialing(
            date(2022, 7, 1), committee_on=committee, verifications=[old, fresh]
        )
        assert (plan.pack, plan.verification_days, plan.stale) == ("NCQA-2025", 120, (old,))

    def test_a_check_after_the_committee_cannot_support_it(self) -> None:
        """A verification dated after the decision is listed as stale."""
        later = check(date(2025, 9, 2))
        plan = plan_recredentialing(
            date(2022, 8, 15), committee_on=date(2025, 9, 1), verifications=[later]
        )
        assert plan.stale == (later,)


class TestMonitoringLedger:
    def test_gaps_per_source_and_hits_for_review(self) -> None:
        """Missing SAM months are gaps; a possible match spoils compliance."""
        log = [
            Screening(person_id="S-1", source="LEIE", on=date(2025, 9, 1), result="clear"),
            Screening(person_id="S-1", source="LEIE", on=date(2025, 10, 15), result="clear"),
            Screening(person_id="S-1", source="SAM", on=date(2025, 9, 2), result="clear"),
            Screening(person_id="S-2", source="LEIE", on=date(2025, 9, 3), result="possible_match"),
            Screening(person_id="S-2", source="LEIE", on=date(2025, 10, 3), result="clear"),
            Screening(person_id="S-2", source="SAM", on=date(2025, 9, 3), result="clear"),
            Screening(person_id="S-2", source="SAM", on=date(2025, 10, 3), result="clear"),
        ]
        ledger = monitoring_ledger(
            log, ["S-2", "S-1"], date(2025, 9, 1), date(2025, 10, 31), sources=["LEIE", "SAM"]
        )
        assert [str(g) for _, g in ledger.gaps] == ["SAM 2025-10"]
        assert [p.person_id for p in ledger.people if p.hits] == ["S-2"]
        assert not ledger.compliant

    def test_a_person_never_screened_has_every_month_as_a_gap(self) -> None:
        """Nobody logged: every month of the period is a gap, for every shipped source."""
        ledger = monitoring_ledger([], ["S-9"], date(2025, 1, 1), date(2025, 3, 31))
        assert len(ledger.people[0].gaps) == 3 * 4

    @given(st.lists(screenings(), max_size=40), st.randoms())
    def test_the_order_of_the_log_does_not_matter(
        self, log: list[Screening], rnd: random.Random
    ) -> None:
        """Shuffled logs give the same ledger."""
        shuffled = list(log)
        rnd.shuffle(shuffled)
        people = ["S-1", "S-2", "S-3"]
        first, last = date(2024, 1, 1), date(2026, 12, 31)
        assert monitoring_ledger(log, people, first, last) == monitoring_ledger(
            shuffled, people, first, last
        )


ITEM = DueItem(holder_id="S-1", requirement="bls", due_on=date(2026, 8, 1))


class TestAlertPlan:
    def test_reminders_move_back_to_the_previous_business_day(self) -> None:
        """Due Saturday 2026-08-01: the 7-day reminder on Saturday 07-25 moves to Friday 07-24."""
        plan = plan_alerts([ITEM], date(2026, 7, 1), horizon_days=60, thresholds=(7,))
        assert [a.send_on for a in plan] == [date(2026, 7, 24)]

    def test_holidays_are_skipped(self) -> None:
        """With 07-24 a holiday the reminder goes out on Thursday 07-23."""
        calendar = WeekdayCalendar([date(2026, 7, 24)])
        plan = plan_alerts(
            [ITEM], date(2026, 7, 1), horizon_days=60, thresholds=(7,), calendar=calendar
        )
        assert [a.send_on for a in plan] == [date(2026, 7, 23)]

    def test_thresholds_landing_on_the_same_day_are_sent_once_at_the_higher_tier(self) -> None:
        """8 and 7 days before a Saturday both shift to Friday: one reminder, the urgent one."""
        plan = plan_alerts([ITEM], date(2026, 7, 1), horizon_days=60, thresholds=(8, 7))
        assert [(a.send_on, a.days_before, a.tier) for a in plan] == [
            (date(2026, 7, 24), 7, Tier.DIRECTOR)
        ]

    def test_escalation_tiers_follow_the_days_left(self) -> None:
        """120 days: holder; 30: manager; 7: director."""
        plan = plan_alerts([ITEM], date(2026, 1, 1), horizon_days=365, thresholds=(120, 30, 7))
        assert [a.tier for a in plan] == [Tier.HOLDER, Tier.MANAGER, Tier.DIRECTOR]

    def test_overdue_items_get_one_top_tier_alert_today(self) -> None:
        """Past due: a single alert on ``on`` at the top tier."""
        plan = plan_alerts([ITEM], date(2026, 8, 5), horizon_days=30)
        assert [(a.send_on, a.days_before, a.tier) for a in plan] == [
            (date(2026, 8, 5), -1, Tier.DIRECTOR)
        ]

    def test_negative_horizon_is_refused(self) -> None:
        """A horizon is never negative."""
        with pytest.raises(InvalidArgument):
            plan_alerts([ITEM], date(2026, 1, 1), horizon_days=-1)

    @given(
        st.lists(
            st.builds(
                DueItem,
                holder_id=st.sampled_from(["S-1", "S-2"]),
                requirement=st.sampled_from(["bls", "dea_registration/TX"]),
                due_on=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
            ),
            max_size=20,
        ),
        st.dates(date(2026, 1, 1), date(2027, 6, 30)),
    )
    def test_plans_are_deterministic_unique_and_inside_the_horizon(
        self, items: list[DueItem], on: date
    ) -> None:
        """Same input in any order, same plan; no duplicates; every day inside the horizon."""
        plan = plan_alerts(items, on, horizon_days=90)
        assert plan == plan_alerts(list(reversed(items)), on, horizon_days=90)
        keys = [(a.send_on, a.item) for a in plan]
        assert len(keys) == len(set(keys))
        assert all(on <= a.send_on <= on + timedelta(days=90) for a in plan)
        assert all(a.send_on.weekday() < 5 or a.days_before < 0 for a in plan)


class TestDueIndex:
    def test_next_due_starts_at_the_day_and_is_sorted(self) -> None:
        """Items due on or after the day, soonest first, up to the limit."""
        items = [
            DueItem(holder_id=f"S-{n}", requirement="bls", due_on=date(2026, 1, 1) + timedelta(n))
            for n in range(10)
        ]
        index = DueIndex(reversed(items))
        assert index.next_due(date(2026, 1, 4), limit=3) == tuple(items[3:6])
        assert index.due_between(date(2026, 1, 9), date(2026, 2, 1)) == tuple(items[8:])


class TestRecredentialingProperties:
    @given(
        st.dates(date(2015, 1, 1), date(2030, 1, 1)),
        st.integers(0, 2000),
        st.integers(0, 400),
    )
    def test_paths_only_get_worse_as_the_committee_meets_later(
        self, previous: date, first: int, extra: int
    ) -> None:
        """Meeting later never turns a late or re-initial path into a better one."""
        order = list(RecredentialingPath)
        early = plan_recredentialing(previous, committee_on=previous + timedelta(days=first))
        late = plan_recredentialing(previous, committee_on=previous + timedelta(days=first + extra))
        assert early.path is not None
        assert late.path is not None
        assert order.index(late.path) >= order.index(early.path)

    @given(
        st.dates(date(2024, 7, 1), date(2030, 1, 1)),
        st.lists(st.integers(-10, 400), max_size=10),
    )
    def test_a_verification_is_stale_exactly_when_outside_the_time_limit(
        self, committee: date, ages: list[int]
    ) -> None:
        """Stale means older than the pack's limit or dated after the committee."""
        checks = [check(committee - timedelta(days=a), source=f"s{i}") for i, a in enumerate(ages)]
        plan = plan_recredentialing(date(2022, 1, 1), committee_on=committee, verifications=checks)
        assert plan.verification_days is not None
        limit = plan.verification_days
        expected = {c for c, a in zip(checks, ages, strict=True) if a < 0 or a > limit}
        assert set(plan.stale) == expected

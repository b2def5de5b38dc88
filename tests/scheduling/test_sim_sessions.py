"""The session simulator: reproducible, and it shows the trade-offs templates make."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._simulation import compare_templates, simulate, standard_templates


class TestSimulate:
    """Waiting, idle time, overtime and patients seen."""

    def test_the_same_seed_gives_the_same_result(self) -> None:
        """Simulation is seeded."""
        one = simulate((1,) * 10, slot_minutes=15, service_minutes=14, no_show=0.2, runs=50)
        assert one == simulate((1,) * 10, slot_minutes=15, service_minutes=14, no_show=0.2, runs=50)

    def test_nobody_comes_means_an_idle_session(self) -> None:
        """With every patient a no-show the provider is idle all session and sees nobody."""
        result = simulate((1,) * 4, slot_minutes=15, service_minutes=15, no_show=1.0, runs=10)
        assert result.patients_seen == 0
        assert result.idle_minutes == 60
        assert result.overtime_minutes == 0

    def test_fixed_times_on_the_grid_never_wait(self) -> None:
        """Consultations exactly one slot long, one patient per slot: no wait, no idle."""
        result = simulate(
            (1,) * 6, slot_minutes=15, service_minutes=15, service_cv=0, no_show=0.0, runs=5
        )
        assert result.mean_wait_minutes == 0
        assert result.idle_minutes == 0
        assert result.patients_seen == 6

    @settings(max_examples=20, deadline=None)
    @given(
        template=st.lists(st.integers(0, 3), min_size=1, max_size=16),
        no_show=st.floats(0, 1),
    )
    def test_figures_stay_in_range(self, template: list[int], no_show: float) -> None:
        """Seen never exceeds booked; idle never exceeds the session; nothing is negative."""
        result = simulate(template, slot_minutes=15, service_minutes=15, no_show=no_show, runs=20)
        assert 0 <= result.patients_seen <= sum(template)
        assert 0 <= result.idle_minutes <= 15 * len(template) + 1e-9
        assert result.overtime_minutes >= 0
        assert result.mean_wait_minutes >= 0

    def test_bad_settings_are_refused(self) -> None:
        """An empty template or a probability above one is an InvalidArgument."""
        with pytest.raises(InvalidArgument):
            simulate((), slot_minutes=15, service_minutes=15, no_show=0.1)
        with pytest.raises(InvalidArgument):
            simulate((1,), slot_minutes=15, service_minutes=15, no_show=1.5)


class TestCompareTemplates:
    """Overbooking trades waiting and overtime for patients seen and less idle time."""

    def test_overbooking_sees_more_and_idles_less_at_a_cost(self) -> None:
        """With 20% no-shows, an extra patient at the end raises seen and overtime."""
        found = compare_templates(
            standard_templates(12), slot_minutes=15, service_minutes=15, no_show=0.2, runs=400
        )
        plain, extra = found["individual"], found["overbook-end"]
        assert extra.patients_seen > plain.patients_seen
        assert extra.overtime_minutes > plain.overtime_minutes
        assert found["bailey-welch"].idle_minutes < plain.idle_minutes

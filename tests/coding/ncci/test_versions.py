"""Choosing the table version for a date of service."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.ncci import MueTable, MueVersion, Quarter

QUARTERS = st.builds(Quarter, st.integers(2020, 2028), st.integers(1, 4))


def table_of(quarters: list[Quarter]) -> MueTable:
    return MueTable(
        MueVersion.of(version=str(q), quarter=q, limits=()) for q in dict.fromkeys(quarters)
    )


class TestVersionForADate:
    @given(
        quarters=st.lists(QUARTERS, min_size=1, max_size=6),
        on=st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)),
    )
    def test_the_latest_version_started_by_the_date_is_used(
        self, quarters: list[Quarter], on: date
    ) -> None:
        """The newest quarter starting on or before the date; the oldest before them all."""
        started = [q for q in quarters if q.first_day <= on]
        expected = max(started) if started else min(quarters)
        assert table_of(quarters).version_on(on) == str(expected)

    def test_a_version_of_unknown_quarter_counts_as_the_earliest(self) -> None:
        """A file that names no quarter answers only dates before every dated version."""
        table = MueTable(
            [
                MueVersion.of(version="undated", quarter=None, limits=()),
                MueVersion.of(version="2026Q3", quarter=Quarter(2026, 3), limits=()),
            ]
        )
        assert table.version_on(date(2026, 6, 30)) == "undated"
        assert table.version_on(date(2026, 7, 1)) == "2026Q3"

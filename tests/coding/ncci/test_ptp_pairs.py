"""The PTP pairs among a day's codes: the same answers as asking each ordered pair."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.ncci import PtpTable, PtpTableBuilder, Quarter

CODES = ("10060", "10061", "11042", "29877", "29881", "36415", "99213", "99214")
DAYS = st.dates(min_value=date(2010, 1, 1), max_value=date(2027, 12, 31))
ROWS = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.sampled_from(CODES),
        DAYS,
        st.none() | DAYS,
        st.sampled_from((0, 1, 9)),
    ),
    max_size=30,
)


def table_of(rows: list[tuple[str, str, date, date | None, int]]) -> PtpTable:
    builder = PtpTableBuilder(version="NCCI-2026Q3", quarter=Quarter(2026, 3))
    for first, second, effective, deleted, indicator in rows:
        last = None if deleted is None else max(deleted, effective)
        builder.add(first, second, effective=effective, deleted=last, indicator=indicator)
    return PtpTable.of(builder.build())


class TestIndicatorsAmong:
    @given(ROWS, st.lists(st.sampled_from((*CODES, "J1100")), max_size=10), DAYS)
    def test_they_agree_with_each_ordered_pair(
        self, rows: list[tuple[str, str, date, date | None, int]], codes: list[str], day: date
    ) -> None:
        """Every pair of distinct codes in force, with its indicator; nothing else."""
        table = table_of(rows)
        expected = {
            (first, second): indicator
            for first in dict.fromkeys(codes)
            for second in dict.fromkeys(codes)
            if first != second
            and (indicator := table.modifier_indicator(first, second, on=day)) is not None
        }
        assert table.indicators_among(codes, on=day) == expected
        assert table.indicators_among(codes, on=day) == expected  # remembered sets, same answer

    @given(
        ROWS,
        st.lists(st.sampled_from((*CODES, "J1100")), max_size=10),
        st.sets(st.sampled_from((*CODES, "J1100"))),
        DAYS,
    )
    def test_touching_keeps_the_pairs_with_one_of_those_codes(
        self,
        rows: list[tuple[str, str, date, date | None, int]],
        codes: list[str],
        touching: set[str],
        day: date,
    ) -> None:
        """Only the pairs with a code in ``touching``; the same indicators."""
        table = table_of(rows)
        wanted = [code for code in codes if code in touching]
        expected = {
            pair: indicator
            for pair, indicator in table.indicators_among(codes, on=day).items()
            if pair[0] in touching or pair[1] in touching
        }
        assert table.indicators_among(codes, on=day, touching=wanted) == expected
        assert table.indicators_among(codes, on=day, touching=tuple(touching)) == expected

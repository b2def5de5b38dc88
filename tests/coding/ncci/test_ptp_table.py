"""The PTP index: lookups by date of service, deletion dates, indicator 9, several versions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.ncci import (
    ModifierIndicator,
    PtpEdit,
    PtpTable,
    PtpTableBuilder,
    Quarter,
)
from medoffice.kernel import InvalidArgument, InvalidValue

Q3 = Quarter(2026, 3)
Q4 = Quarter(2026, 4)


def table_of(*rows: tuple[str, str, date, date | None, int], quarter: Quarter = Q3) -> PtpTable:
    builder = PtpTableBuilder(version=f"NCCI-{quarter}", quarter=quarter)
    for first, second, effective, deleted, indicator in rows:
        builder.add(first, second, effective=effective, deleted=deleted, indicator=indicator)
    return PtpTable.of(builder.build())


class TestDatesOfService:
    def test_an_edit_applies_from_its_effective_date(self) -> None:
        """The effective date is the first day in force; the day before has no edit."""
        table = table_of(("10060", "99213", date(2013, 7, 1), None, 1))
        assert table.edit("10060", "99213", on=date(2013, 6, 30)) is None
        assert table.modifier_indicator("10060", "99213", on=date(2013, 7, 1)) == 1

    def test_the_deletion_date_is_the_last_day_in_force(self) -> None:
        """A deletion date of 2019-12-31 still applies that day, not the next."""
        table = table_of(("10060", "99211", date(2013, 7, 1), date(2019, 12, 31), 1))
        assert table.edit("10060", "99211", on=date(2019, 12, 31)) is not None
        assert table.edit("10060", "99211", on=date(2020, 1, 1)) is None

    def test_indicator_nine_never_applies(self) -> None:
        """An indicator 9 row is not an edit, even on its own effective date."""
        table = table_of(("10060", "92012", date(2013, 7, 1), date(2013, 7, 1), 9))
        assert table.edit("10060", "92012", on=date(2013, 7, 1)) is None
        assert len(table.history("10060", "92012", on=date(2013, 7, 1))) == 1

    def test_a_reinstated_pair_answers_by_period(self) -> None:
        """A pair deleted and added again has no edit in the gap and one after."""
        table = table_of(
            ("10060", "99211", date(2020, 10, 1), None, 0),
            ("10060", "99211", date(2013, 7, 1), date(2019, 12, 31), 1),
        )
        assert table.modifier_indicator("10060", "99211", on=date(2018, 1, 1)) == 1
        assert table.edit("10060", "99211", on=date(2020, 5, 1)) is None
        edit = table.edit("10060", "99211", on=date(2026, 8, 3))
        assert edit is not None
        assert edit.indicator is ModifierIndicator.NOT_ALLOWED
        assert not edit.modifier_allowed

    def test_the_pair_is_ordered(self) -> None:
        """Column 1 and column 2 are not interchangeable."""
        table = table_of(("12002", "12001", date(1996, 1, 1), None, 0))
        assert table.edit("12001", "12002", on=date(2026, 8, 3)) is None

    def test_unknown_codes_have_no_edit(self) -> None:
        """Codes the table never saw are simply not edited."""
        table = table_of(("12002", "12001", date(1996, 1, 1), None, 0))
        assert table.edit("99999", "12001", on=date(2026, 8, 3)) is None
        assert table.edit("12002", "99999", on=date(2026, 8, 3)) is None


class TestEditValues:
    def test_an_edit_carries_its_row(self) -> None:
        """The returned edit names both codes, its dates, indicator and version."""
        table = table_of(("10060", "99211", date(2013, 7, 1), date(2019, 12, 31), 1))
        assert table.edit("10060", "99211", on=date(2015, 1, 1)) == PtpEdit(
            column1="10060",
            column2="99211",
            effective=date(2013, 7, 1),
            deleted=date(2019, 12, 31),
            indicator=1,
            version="NCCI-2026Q3",
        )

    def test_in_force_on_agrees_with_the_table(self) -> None:
        """An edit's own check gives the same answer as the index."""
        edit = PtpEdit(
            column1="1", column2="2", effective=date(2020, 1, 1), deleted=None, indicator=9
        )
        assert not edit.in_force_on(date(2021, 1, 1))

    def test_edits_among_finds_both_directions(self) -> None:
        """Every ordered pair among a claim's codes is checked."""
        table = table_of(
            ("12002", "12001", date(1996, 1, 1), None, 0),
            ("12001", "36000", date(1996, 1, 1), None, 1),
        )
        found = table.edits_among(["12001", "12002", "36000", "12001"], on=date(2026, 8, 3))
        assert {(e.column1, e.column2) for e in found} == {("12002", "12001"), ("12001", "36000")}

    def test_rows_lists_every_row(self) -> None:
        """Iterating the table yields each stored row once."""
        table = table_of(
            ("B0002", "A0001", date(2020, 1, 1), None, 1),
            ("A0001", "B0002", date(2020, 1, 1), None, 0),
        )
        assert sorted((e.column1, e.column2) for e in table.rows()) == [
            ("A0001", "B0002"),
            ("B0002", "A0001"),
        ]


class TestVersions:
    def test_each_date_uses_the_version_of_its_quarter(self) -> None:
        """Q3 and Q4 side by side: a Q4 deletion does not change a Q3 answer."""
        q3 = table_of(("10060", "99213", date(2013, 7, 1), None, 1), quarter=Q3)
        q4 = table_of(("10060", "99213", date(2013, 7, 1), date(2026, 9, 30), 1), quarter=Q4)
        both = q4.merge(q3)
        assert both.versions == ("NCCI-2026Q3", "NCCI-2026Q4")
        assert both.version_on(date(2026, 8, 3)) == "NCCI-2026Q3"
        assert both.edit("10060", "99213", on=date(2026, 8, 3)) is not None
        assert both.version_on(date(2026, 11, 2)) == "NCCI-2026Q4"
        assert both.edit("10060", "99213", on=date(2026, 11, 2)) is None

    def test_a_date_before_every_version_uses_the_earliest(self) -> None:
        """History before the first loaded quarter is answered from the oldest version."""
        q3 = table_of(("10060", "99213", date(2013, 7, 1), None, 1), quarter=Q3)
        q4 = table_of(("10060", "99213", date(2013, 7, 1), None, 1), quarter=Q4)
        assert q3.merge(q4).version_on(date(2014, 1, 1)) == "NCCI-2026Q3"

    def test_a_table_needs_a_version(self) -> None:
        """An empty list of versions is a programming error."""
        with pytest.raises(InvalidArgument):
            PtpTable([])

    def test_the_builder_refuses_an_unknown_indicator(self) -> None:
        """Indicators are 0, 1 or 9."""
        builder = PtpTableBuilder(version="v", quarter=None)
        with pytest.raises(InvalidValue):
            builder.add("10060", "99213", effective=date(2020, 1, 1), deleted=None, indicator=2)


CODES = st.sampled_from(["10060", "10061", "12001", "12002", "99211", "99213", "0001U"])
DAYS = st.dates(min_value=date(1996, 1, 1), max_value=date(2027, 12, 31))
ROWS = st.lists(
    st.tuples(CODES, CODES, DAYS, st.none() | st.integers(0, 4000), st.sampled_from([0, 1, 9])),
    max_size=40,
)


class TestAgainstAPlainModel:
    @given(rows=ROWS, first=CODES, second=CODES, on=DAYS)
    def test_the_index_answers_like_a_scan_of_the_rows(
        self,
        rows: list[tuple[str, str, date, int | None, int]],
        first: str,
        second: str,
        on: date,
    ) -> None:
        """For any rows and question, the index agrees with a linear scan."""
        builder = PtpTableBuilder(version="v", quarter=Q3)
        edits = []
        for a, b, effective, length, indicator in rows:
            deleted = None if length is None else effective + timedelta(days=length)
            builder.add(a, b, effective=effective, deleted=deleted, indicator=indicator)
            edits.append(
                PtpEdit(
                    column1=a, column2=b, effective=effective, deleted=deleted, indicator=indicator
                )
            )
        table = PtpTable.of(builder.build())
        expected = any(
            e.column1 == first and e.column2 == second and e.in_force_on(on) for e in edits
        )
        assert (table.edit(first, second, on=on) is not None) is expected
        assert len(table) == len(rows)

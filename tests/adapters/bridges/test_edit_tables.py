"""The NCCI edit tables bridge passes the EditTables contract suite."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.bridges import NcciEditTables
from medoffice.claims._diagnoses import CACHE_LIMIT
from medoffice.claims.ports import AddOnRule, EditTables, UnitLimit
from medoffice.coding.modifiers import HcpcsModifier, ModifierSet
from medoffice.coding.ncci import (
    AocEdit,
    AocTable,
    AocVersion,
    MueLimit,
    MueTable,
    MueVersion,
    NcciEdits,
    PtpTable,
    PtpTableBuilder,
    Quarter,
)
from medoffice.testing._claims_edit_contracts import EditTablesContract

SINCE = date(2013, 1, 1)


def _ncci_tables() -> NcciEditTables:
    builder = PtpTableBuilder(version="NCCI-2026Q3", quarter=Quarter(2026, 3))
    builder.add("99214", "36415", effective=SINCE, deleted=None, indicator=0)
    builder.add("29881", "29877", effective=SINCE, deleted=None, indicator=1)
    builder.add("20610", "20604", effective=SINCE, deleted=SINCE, indicator=9)
    mue = MueVersion.of(
        version="MUE-2026Q3",
        quarter=Quarter(2026, 3),
        limits=[MueLimit(code="76140", max_units=0, mai=2)],
    )
    aoc = AocVersion.of(
        version="AOC-2026Q3",
        quarter=Quarter(2026, 3),
        edits=[AocEdit(add_on="99292", primary="99291", type=1, effective=SINCE)],
    )
    edits = NcciEdits(ptp=PtpTable.of(builder.build()), mue=MueTable.of(mue), aoc=AocTable.of(aoc))
    modifiers = ModifierSet.of([HcpcsModifier(code="GT", added=date(1999, 1, 1))])
    return NcciEditTables(edits, modifiers=modifiers)


class TestNcciEditTables(EditTablesContract):
    def make_tables(self) -> EditTables:
        return _ncci_tables()


class TestNcciEditTablesWithoutHcpcs:
    def test_a_hcpcs_modifier_cannot_be_judged(self) -> None:
        """Without a HCPCS file a HCPCS modifier is neither known nor unknown."""
        tables = NcciEditTables(NcciEdits())
        assert tables.modifier_known("GT", date(2026, 8, 3)) is None

    def test_a_pos_list_narrows_the_places(self) -> None:
        """With a POS list loaded only its codes are valid."""
        tables = NcciEditTables(NcciEdits(), places={"11"})
        assert tables.place_of_service_valid("11", date(2026, 8, 3))
        assert not tables.place_of_service_valid("12", date(2026, 8, 3))

    def test_a_contractor_defined_add_on_lists_no_primary(self) -> None:
        """A type-2 add-on's CCCCC placeholder is not a primary."""
        aoc = AocVersion.of(
            version="AOC",
            quarter=None,
            edits=[AocEdit(add_on="99359", primary="CCCCC", type=2, effective=SINCE)],
        )
        tables = NcciEditTables(NcciEdits(aoc=AocTable.of(aoc)))
        rule = tables.add_on("99359", date(2026, 8, 3))
        assert rule is not None
        assert (rule.type, rule.primaries) == (2, frozenset())


CODES = ("10060", "11042", "20610", "29877", "29881", "36415", "99213", "99214")
QUARTERS = (None, Quarter(2026, 3), Quarter(2026, 4))
# A few days about the turn of a quarter: edits start and end on the days asked about.
DAYS = st.dates(min_value=date(2026, 9, 27), max_value=date(2026, 10, 4))

ptp_rows = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.sampled_from(CODES),
        DAYS,
        st.integers(min_value=0, max_value=4),
        st.booleans(),
        st.sampled_from((0, 1, 9)),
    ),
    max_size=25,
)
mue_rows = st.dictionaries(
    st.sampled_from(CODES),
    st.tuples(st.integers(min_value=0, max_value=4), st.sampled_from((1, 2, 3))),
    max_size=5,
)
aoc_rows = st.lists(
    st.tuples(
        st.sampled_from(CODES[:3]),
        st.sampled_from((*CODES, "CCCCC")),
        st.sampled_from((1, 2, 3)),
        DAYS,
        st.none() | st.integers(min_value=0, max_value=4),
    ),
    max_size=10,
)


def _ptp_version(quarter: Quarter | None, rows: list[Any]) -> Any:
    builder = PtpTableBuilder(version=f"PTP-{quarter}", quarter=quarter)
    for first, second, effective, length, open_ended, indicator in rows:
        deleted = None if open_ended else effective + timedelta(days=length)
        builder.add(first, second, effective=effective, deleted=deleted, indicator=indicator)
    return builder.build()


def _aoc_version(quarter: Quarter | None, rows: list[Any]) -> AocVersion:
    edits = [
        AocEdit(
            add_on=add_on,
            primary=primary,
            type=kind,
            effective=effective,
            deleted=None if length is None else effective + timedelta(days=length),
        )
        for add_on, primary, kind, effective, length in rows
    ]
    return AocVersion.of(version=f"AOC-{quarter}", quarter=quarter, edits=edits)


class TestTheBridgeAnswersAsTheTables:
    """The bridge's compiled views give the coding tables' answers, version by version."""

    @given(
        st.lists(st.tuples(st.sampled_from(QUARTERS), ptp_rows), min_size=1, max_size=3),
        st.lists(st.tuples(st.sampled_from(QUARTERS), mue_rows), min_size=1, max_size=3),
        st.lists(st.tuples(st.sampled_from(QUARTERS), aoc_rows), min_size=1, max_size=3),
        st.lists(st.tuples(st.sets(st.sampled_from(CODES)), DAYS), min_size=1, max_size=6),
    )
    def test_pairs_limits_and_add_ons_by_date_of_service(
        self,
        ptp_parts: list[Any],
        mue_parts: list[Any],
        aoc_parts: list[Any],
        asked: list[tuple[set[str], date]],
    ) -> None:
        ptp = PtpTable(_ptp_version(q, rows) for q, rows in ptp_parts)
        mue = MueTable(
            MueVersion.of(
                version=f"MUE-{n}",
                quarter=q,
                limits=[MueLimit(code=c, max_units=u, mai=m) for c, (u, m) in rows.items()],
            )
            for n, (q, rows) in enumerate(mue_parts)
        )
        aoc = AocTable(_aoc_version(q, rows) for q, rows in aoc_parts)
        tables = NcciEditTables(NcciEdits(ptp=ptp, mue=mue, aoc=aoc))
        for codes, on in asked * 2:  # the second time from the memos
            expected = {
                (a, b): indicator
                for a in codes
                for b in codes
                if a != b and (indicator := ptp.modifier_indicator(a, b, on=on)) is not None
            }
            assert tables.ptp_pairs(codes, on) == expected
            assert tables.ptp_pairs(list(codes), on) == expected
            own = set(sorted(codes)[:1])
            assert tables.ptp_pairs(codes, on, touching=own) == {
                pair: i for pair, i in expected.items() if own & set(pair)
            }
            for code in CODES:
                limit = mue.limit(code, on=on)
                assert tables.mue(code, on) == (
                    None if limit is None else UnitLimit(max_units=limit.max_units, mai=limit.mai)
                )
                edits = aoc.primaries(code, on=on)
                assert tables.add_on(code, on) == (
                    AddOnRule(
                        type=min(e.type for e in edits),
                        primaries={e.primary for e in edits if not e.contractor_defined},
                    )
                    if edits
                    else None
                )

    def test_the_memos_stay_bounded(self) -> None:
        """Codes and dates past the bound start the memos afresh instead of growing them."""
        tables = _ncci_tables()
        for n in range(CACHE_LIMIT + 10):
            on = date(2026, 7, 1) + timedelta(days=n)
            code = f"{n:05d}"
            assert tables.mue(code, on) is None
            assert tables.add_on("99292", on) is not None
            assert tables.ptp_pairs({code, "99214", "36415"}, on) == {("99214", "36415"): 0}
        assert len(tables._days) <= CACHE_LIMIT
        versions = tables._versions
        assert versions is not None
        ptp, limits, add_ons = versions
        assert ptp is not None
        assert limits is not None
        assert add_ons is not None
        assert len(ptp.items[0].partners) <= CACHE_LIMIT
        assert len(limits.items[0].limits) <= CACHE_LIMIT
        assert len(add_ons.items[0].rules) <= CACHE_LIMIT

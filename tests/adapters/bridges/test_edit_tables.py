"""The NCCI edit tables bridge passes the EditTables contract suite."""

from __future__ import annotations

from datetime import date

from medoffice.adapters.bridges import NcciEditTables
from medoffice.claims.ports import EditTables
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

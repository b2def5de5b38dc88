"""The demo's claim stage: its sample NCCI tables load from CMS layouts and are consulted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from medoffice.claims import Claim, ServiceLine
from medoffice.cli._demo_claims import ncci_lookups
from medoffice.cli._demo_tables import write_and_load_tables
from medoffice.coding.ncci import NcciEdits
from medoffice.kernel import Money
from medoffice.testing._claims_fakes import sample_claim


@pytest.fixture(scope="module")
def edits(tmp_path_factory: pytest.TempPathFactory) -> NcciEdits:
    """The demo's three sample tables, written and loaded once."""
    return write_and_load_tables(tmp_path_factory.mktemp("ncci"))


class TestSampleTables:
    def test_the_tables_load_without_problems(self, edits: NcciEdits) -> None:
        """Each file is read in its official layout, with no row refused."""
        assert edits.ptp is not None
        assert edits.mue is not None
        assert edits.aoc is not None
        assert edits.problems == ()

    def test_the_files_are_in_the_folder_given(self, tmp_path: Path) -> None:
        """The PTP, MUE and add-on files are written where asked, nowhere else."""
        write_and_load_tables(tmp_path)
        assert len(list(tmp_path.iterdir())) == 3


class TestLookups:
    def test_a_claim_without_edits_meets_nothing(self, edits: NcciEdits) -> None:
        """The sample claim's codes are in no sample table: no look-up fires."""
        assert ncci_lookups(sample_claim(), edits) == {}

    @pytest.mark.parametrize(
        ("lines", "expected"),
        [
            ((("93000", "1"), ("93005", "1")), "ncci-ptp-pair"),
            ((("99214", "1"), ("36415", "1")), "ncci-ptp-pair-modifier-allowed"),
            ((("99214", "1"), ("36415", "3")), "ncci-mue-units"),
            ((("99214", "1"), ("90472", "1")), "ncci-add-on-alone"),
        ],
    )
    def test_each_planted_mistake_is_found(
        self, edits: NcciEdits, lines: tuple[tuple[str, str], ...], expected: str
    ) -> None:
        """A PTP pair, units over the MUE and a lone add-on code are each counted."""
        claim = _claim(lines)
        assert ncci_lookups(claim, edits)[expected] == 1

    def test_an_add_on_with_its_primary_is_not_alone(self, edits: NcciEdits) -> None:
        """90472 billed with 90471 is supported by its primary."""
        claim = _claim((("90471", "1"), ("90472", "1")))
        assert "ncci-add-on-alone" not in ncci_lookups(claim, edits)


def _claim(lines: tuple[tuple[str, str], ...]) -> Claim:
    built = [
        ServiceLine(
            service_from=date(2026, 3, 2),
            procedure=code,
            pointers=(1,),
            units=units,
            charge=Money.of("10.00", "USD"),
        )
        for code, units in lines
    ]
    return sample_claim(lines=built, total_charge=None)

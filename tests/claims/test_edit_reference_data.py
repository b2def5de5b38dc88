"""The NCCI rules against the real CMS subsets in the shared reference-data folder."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.bridges import NcciEditTables
from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.adapters.reference import load_edit_tables
from medoffice.claims._check import CheckContext, check_claim
from medoffice.testing._claims_edit_contracts import EditTablesContract

from ._cases import claim, line

AUGUST = date(2026, 8, 3)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> NcciEditTables:
    root = os.environ.get("MEDOFFICE_REFERENCE_DATA")
    if not root:
        pytest.skip("MEDOFFICE_REFERENCE_DATA is not set: the official reference files are absent")
    found = load_edit_tables(Path(root), cache_dir=tmp_path_factory.mktemp("cache"))
    assert found.tables is not None
    return found.tables


def _rules(tables: NcciEditTables, *procedures: str) -> set[tuple[str, str]]:
    context = CheckContext(
        on=date(2026, 8, 20), diagnoses=InMemoryDiagnosisCodes.sample(), tables=tables
    )
    lines = tuple(line(code, service_from=AUGUST) for code in procedures)
    return {(f.rule.value, f.path) for f in check_claim(claim(lines=lines), context=context)}


class TestTheRealTables:
    def test_every_kind_is_found(self, reference_data: Path, tables: NcciEditTables) -> None:
        """PTP, MUE and add-on tables, the HCPCS modifiers and POS lists all load."""
        kinds = {entry.split(" ")[0] for entry in load_edit_tables(reference_data).loaded}
        assert kinds == {"ncci-ptp", "ncci-mue", "ncci-aoc", "hcpcs", "pos"}
        assert tables.modifiers is not None

    def test_an_indicator_1_pair_in_august_2026_fires(self, tables: NcciEditTables) -> None:
        """10060 with 12001 (indicator 1, 2012-10-01 on) fires NCCI-PTP-1 on the 12001 line."""
        assert ("NCCI-PTP-1", "lines[1].procedure") in _rules(tables, "10060", "12001")

    def test_99292_without_99291_has_no_primary(self, tables: NcciEditTables) -> None:
        """Critical care add-on time without the first hour fires AOC-NO-PRIMARY."""
        assert ("AOC-NO-PRIMARY", "lines[1].procedure") in _rules(tables, "99213", "99292")

    def test_99292_with_99291_is_clean_of_add_on_findings(self, tables: NcciEditTables) -> None:
        """With its primary the add-on is accepted."""
        found = {rule for rule, _ in _rules(tables, "99291", "99292")}
        assert not found & {"AOC-NO-PRIMARY", "AOC-ALONE"}

    def test_76140_has_an_mue_of_zero(self, tables: NcciEditTables) -> None:
        """76140 may not be billed at all: its MUE is 0 units."""
        limit = tables.mue("76140", AUGUST)
        assert limit is not None
        assert limit.max_units == 0
        found = {rule for rule, path in _rules(tables, "76140") if path == "lines[0].units"}
        assert found & {"MUE-LINE", "MUE-DAY-POLICY", "MUE-DAY-CLINICAL"}


class TestRealTablesPassTheContract(EditTablesContract):
    day = AUGUST
    pair_0 = ("12002", "12001")
    pair_1 = ("10060", "12001")
    pair_9 = None  # 10060/92012 has an indicator-9 row and a newer indicator-1 row
    limits = {}  # noqa: RUF012 - checked by value above
    hcpcs_modifier = "GT"

    @pytest.fixture(autouse=True)
    def _tables(self, tables: NcciEditTables) -> None:
        self._loaded = tables

    def make_tables(self) -> NcciEditTables:
        return self._loaded

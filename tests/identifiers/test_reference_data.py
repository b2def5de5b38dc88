"""The syntax checks against CMS's own files: every code CMS publishes is well-formed here.

Run with ``MEDOFFICE_REFERENCE_DATA`` pointing at the folder of official files; skipped otherwise.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from medoffice.identifiers import cpt, hcpcs, icd10cm, modifier

pytestmark = pytest.mark.reference_data


def rows(path: Path, *, encoding: str = "utf-8", header: str) -> list[dict[str, str]]:
    """The records of a CMS CSV file from the line that starts with ``header``."""
    text = path.read_text(encoding=encoding)
    return list(csv.DictReader(io.StringIO(text[text.index(header) :])))


class TestHcpcsFile:
    def test_every_procedure_code_is_well_formed_and_uses_the_documented_letters(
        self, reference_data: Path
    ) -> None:
        """Each RECID 3 record of the October 2025 HCPCS file validates, using exactly LETTERS."""
        records = rows(reference_data / "hcpcs" / "HCPC2025_OCT_ANWEB_v4.csv", header="HCPC,")
        codes = [r["HCPC"].strip() for r in records if r["RECID"] == "3"]
        assert len(codes) > 8000
        assert [c for c in codes if not hcpcs.is_valid(c)] == []
        assert {c[0] for c in codes} == hcpcs.LETTERS

    def test_every_modifier_record_is_a_well_formed_modifier(self, reference_data: Path) -> None:
        """Each RECID 7 record (the HCPCS Level II modifiers) validates as a modifier."""
        records = rows(reference_data / "hcpcs" / "HCPC2025_OCT_ANWEB_v4.csv", header="HCPC,")
        modifiers = [r["HCPC"] for r in records if r["RECID"] == "7"]
        assert len(modifiers) > 300
        assert [m for m in modifiers if not modifier.is_valid(m)] == []


class TestMceDiagnoses:
    def test_every_icd10cm_code_cms_edits_is_well_formed(self, reference_data: Path) -> None:
        """All codes of the MCE v43.1 diagnosis master validate, except its QA test entries."""
        records = rows(reference_data / "mce" / "mce_v43_1_icd10cm_dx_master.csv", header="code,")
        codes = {r["code"] for r in records}
        refused = {c for c in codes if not icd10cm.is_valid(c)}
        # The MCE carries a few internal "QA" entries (second character a letter): not ICD-10-CM.
        assert refused == {c for c in codes if c.startswith("QA")}
        assert len(codes - refused) > 75_000


class TestNcciCodes:
    def test_every_add_on_and_primary_code_is_a_procedure_code(self, reference_data: Path) -> None:
        """Codes of the NCCI add-on code table are CPT or HCPCS, but for the contractor wildcard."""
        records = rows(
            reference_data / "ncci_aoc" / "AOC_V2026Q2-MCR.csv",
            encoding="latin-1",
            header="AOC_Edit_Type,",
        )
        codes = {r["Add-On_Code"].strip() for r in records}
        codes |= {r["Primary_Code"].strip() for r in records}
        # CCCCC stands for "primary codes defined by the contractor", not a code.
        assert {c for c in codes if not hcpcs.is_procedure_code(c)} == {"CCCCC"}

    def test_mue_excerpt_codes_are_pla_and_maaa(self, reference_data: Path) -> None:
        """The MUE excerpt's codes (0001U..., 0002M...) are PLA and MAAA codes."""
        path = (
            reference_data / "ncci_mue" / "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"
        )
        text = path.read_text(encoding="latin-1")
        records = list(csv.reader(io.StringIO(text)))
        codes = [r[0] for r in records[2:] if r and r[0]]
        assert len(codes) == 44
        assert {cpt.category(c) for c in codes} == {cpt.CptCategory.PLA, cpt.CptCategory.MAAA}

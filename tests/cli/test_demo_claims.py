"""The demo's sample NCCI tables: written in CMS's layouts, loaded, and met by the NCCI rules."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.bridges import NcciEditTables
from medoffice.adapters.formats.x12 import claims_to_837p, read_837p_all, to_claim
from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._json import claims_from_json
from medoffice.claims._model import Claim, ServiceLine
from medoffice.cli._demo_claims import SUBMISSION
from medoffice.cli._demo_practice import SIZES, generate_practice
from medoffice.cli._demo_tables import write_and_load_tables
from medoffice.coding.ncci import NcciEdits
from medoffice.kernel import InvalidArgument, Money
from medoffice.testing import sample_claim


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


class TestNcciRules:
    @pytest.mark.parametrize(
        ("lines", "expected"),
        [
            ((("93000", "1"), ("93005", "1")), "NCCI-PTP-0"),
            ((("99214", "1"), ("36415", "1")), "NCCI-PTP-1"),
            ((("99214", "1"), ("36415", "3")), "MUE-DAY-CLINICAL"),
            ((("99214", "1"), ("90472", "1")), "AOC-NO-PRIMARY"),
        ],
    )
    def test_each_planted_mistake_meets_its_rule(
        self, edits: NcciEdits, lines: tuple[tuple[str, str], ...], expected: str
    ) -> None:
        """A bundled pair, units over the MUE and a lone add-on code each meet their NCCI rule."""
        rules = {f.rule.value for f in check_claim(_claim(lines), context=_context(edits))}
        assert expected in rules

    def test_an_add_on_with_its_primary_passes(self, edits: NcciEdits) -> None:
        """90472 billed with 90471 is supported by its primary."""
        claim = _claim((("90471", "1"), ("90472", "1")))
        rules = {f.rule.value for f in check_claim(claim, context=_context(edits))}
        assert not any(rule.startswith("AOC-") for rule in rules)


def _context(edits: NcciEdits) -> CheckContext:
    return CheckContext(
        on=date(2026, 4, 1),
        diagnoses=InMemoryDiagnosisCodes.sample(),
        tables=NcciEditTables(edits),
    )


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


class TestDemo837p:
    def test_claims_read_back_as_they_were_written(self) -> None:
        """Each claim written as 837P reads back with its number, diagnoses and lines."""
        practice = generate_practice(seed=5, size=SIZES["small"])
        claims = claims_from_json(json.dumps({"claims": list(practice.claims)}))
        reading = read_837p_all(claims_to_837p(claims, submission=SUBMISSION))
        assert reading.report.ok
        back = [to_claim(c) for c in reading.claims]
        assert [c.patient_control_number for c in back] == [
            c.patient_control_number for c in claims
        ]
        for before, after in zip(claims, back, strict=True):
            assert [d.replace(".", "") for d in before.diagnoses] == [
                d.replace(".", "") for d in after.diagnoses
            ]
            assert [(x.procedure, x.units, x.charge) for x in before.lines] == [
                (x.procedure, x.units, x.charge) for x in after.lines
            ]

    def test_no_claims_is_refused(self) -> None:
        """An interchange needs at least one claim: an empty list is a programmer mistake."""
        with pytest.raises(InvalidArgument):
            claims_to_837p([], submission=SUBMISSION)

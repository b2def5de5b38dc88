"""Contract suites for the claims ports: every adapter, fakes included, must pass them.

Subclass a suite and supply the factory and, where the defaults do not fit your data, the
sample facts the suite probes with (a date the adapter covers, a billable code, a category that
needs a seventh character)::

    from medoffice.testing._claims_contracts import DiagnosisCodesContract


    class TestMyCodes(DiagnosisCodesContract):
        def make_codes(self) -> DiagnosisCodes:
            return MyCodes.load()
"""

from __future__ import annotations

from datetime import date

import pytest

from medoffice.claims.ports import (
    AgeGroup,
    DiagnosisCode,
    DiagnosisCodes,
    DiagnosisEdits,
    ProcedureCodes,
)

__all__ = ["DiagnosisCodesContract", "DiagnosisEditsContract", "ProcedureCodesContract"]

_JUNK = ("", "E11.9", "e119", "€", "Z" * 40, "1234567")


class DiagnosisCodesContract:
    """What every :class:`~medoffice.claims.ports.DiagnosisCodes` must do."""

    covered_day: date = date(2026, 3, 2)
    uncovered_day: date = date(1990, 1, 1)
    billable_code: str = "E119"
    category_code: str = "E11"
    seventh_stem: str = "S72001"
    excludes1_pair: tuple[str, str] | None = None

    def make_codes(self) -> DiagnosisCodes:
        """Build the code set under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The adapter is recognised as a ``DiagnosisCodes`` at run time."""
        assert isinstance(self.make_codes(), DiagnosisCodes)

    def test_a_covered_day_has_a_fiscal_year(self) -> None:
        """The fiscal year of a covered day is the year of the 1 October that ends it."""
        year = self.make_codes().fiscal_year_on(self.covered_day)
        day = self.covered_day
        assert year == (day.year + 1 if day.month >= 10 else day.year)

    def test_an_uncovered_day_has_none(self) -> None:
        """A day no version covers answers ``None``, never a guess."""
        assert self.make_codes().fiscal_year_on(self.uncovered_day) is None

    def test_a_billable_code_is_found_and_billable(self) -> None:
        """The sample billable code is complete."""
        found = self.make_codes().lookup(self.billable_code, self.covered_day)
        assert isinstance(found, DiagnosisCode)
        assert found.billable
        assert found.code == self.billable_code

    def test_a_category_is_found_and_not_billable(self) -> None:
        """A category with codes below it is not billable."""
        found = self.make_codes().lookup(self.category_code, self.covered_day)
        assert found is not None
        assert not found.billable

    def test_a_seventh_character_stem_lists_its_characters(self) -> None:
        """A stem that needs a seventh character says which, and is not billable."""
        found = self.make_codes().lookup(self.seventh_stem, self.covered_day)
        assert found is not None
        assert found.needs_seventh_character
        assert not found.billable
        assert all(len(c) == 1 for c in found.seventh_characters)

    def test_junk_is_unknown_and_never_raises(self) -> None:
        """Dotted, lower-case, empty and absurd input is simply not found."""
        codes = self.make_codes()
        for junk in _JUNK:
            assert codes.lookup(junk, self.covered_day) is None

    def test_nothing_is_found_on_an_uncovered_day(self) -> None:
        """Without a version for the day there is no entry."""
        assert self.make_codes().lookup(self.billable_code, self.uncovered_day) is None

    def test_a_code_does_not_conflict_with_itself_alone(self) -> None:
        """One code alone has no Excludes1 conflict."""
        codes = self.make_codes()
        assert list(codes.excludes1_conflicts([self.billable_code], self.covered_day)) == []

    def test_a_known_excludes1_pair_is_reported_once(self) -> None:
        """The adapter's sample Excludes1 pair comes back exactly once."""
        if self.excludes1_pair is None:
            pytest.skip("the subclass names no excludes1_pair to probe")
        first, second = self.excludes1_pair
        found = list(self.make_codes().excludes1_conflicts([first, second], self.covered_day))
        assert len(found) == 1
        assert set(found[0]) == {first, second}


class DiagnosisEditsContract:
    """What every :class:`~medoffice.claims.ports.DiagnosisEdits` must do."""

    covered_day: date = date(2026, 3, 2)
    newborn_code: str = "Z3800"

    def make_edits(self) -> DiagnosisEdits:
        """Build the edit table under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The adapter is recognised as a ``DiagnosisEdits`` at run time."""
        assert isinstance(self.make_edits(), DiagnosisEdits)

    def test_every_age_group_has_an_ordered_range(self) -> None:
        """Each MCE age group has ages from low to high, newborns exactly 0."""
        edits = self.make_edits()
        for group in AgeGroup:
            ages = edits.age_range(group, self.covered_day)
            assert ages is not None
            assert 0 <= ages[0] <= ages[1] <= 130
        assert edits.age_range(AgeGroup.NEWBORN, self.covered_day) == (0, 0)

    def test_a_newborn_code_is_flagged_newborn(self) -> None:
        """The sample newborn code carries the newborn group."""
        edit = self.make_edits().lookup(self.newborn_code, self.covered_day)
        assert edit is not None
        assert edit.age_group is AgeGroup.NEWBORN

    def test_junk_has_no_flags(self) -> None:
        """Unknown input has no edit and never raises."""
        edits = self.make_edits()
        for junk in _JUNK:
            assert edits.lookup(junk, self.covered_day) is None


class ProcedureCodesContract:
    """What every :class:`~medoffice.claims.ports.ProcedureCodes` must do."""

    covered_day: date = date(2025, 11, 3)
    active_code: str = "J1100"
    terminated_code: str = "A4397"

    def make_procedures(self) -> ProcedureCodes:
        """Build the HCPCS table under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The adapter is recognised as a ``ProcedureCodes`` at run time."""
        assert isinstance(self.make_procedures(), ProcedureCodes)

    def test_the_sample_day_is_covered(self) -> None:
        """The adapter answers for its sample day."""
        assert self.make_procedures().covers(self.covered_day)

    def test_an_active_code_is_valid(self) -> None:
        """An active HCPCS code is valid on the day."""
        assert self.make_procedures().is_valid_on(self.active_code, self.covered_day)

    def test_a_terminated_code_is_not_valid(self) -> None:
        """A code terminated before the day is not valid, even though the file lists it."""
        assert not self.make_procedures().is_valid_on(self.terminated_code, self.covered_day)

    def test_junk_is_not_valid(self) -> None:
        """Unknown input is not valid and never raises."""
        procedures = self.make_procedures()
        for junk in _JUNK:
            assert not procedures.is_valid_on(junk, self.covered_day)

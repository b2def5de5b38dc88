"""Which release answers for a date of service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.reference import load_icd10cm
from medoffice.coding.icd10cm import (
    FIRST_APRIL_UPDATE,
    CodeSetUnavailable,
    IcdCodeSet,
    IcdRelease,
    IcdVersions,
    ItemKind,
    ReleaseUpdate,
    SourceNode,
    compile_tables,
    fiscal_year_of,
)
from medoffice.kernel import InvalidArgument, InvalidValue

_NODES = [SourceNode(kind=ItemKind.CHAPTER, name="1", description="Infections", parent=-1)]


def _code_set(fiscal_year: int, update: ReleaseUpdate = ReleaseUpdate.OCTOBER) -> IcdCodeSet:
    release = IcdRelease(fiscal_year=fiscal_year, update=update)
    return IcdCodeSet(compile_tables(_NODES, code_list=(), release=release))


class TestReleases:
    def test_an_april_update_covers_april_to_september(self) -> None:
        """FY2026 April: 2026-04-01 .. 2026-09-30."""
        effective = IcdRelease(fiscal_year=2026, update=ReleaseUpdate.APRIL).effective
        assert (effective.first, effective.last) == (date(2026, 4, 1), date(2026, 9, 30))

    def test_an_october_release_covers_october_to_march(self) -> None:
        """FY2026 October: 2025-10-01 .. 2026-03-31; the April update follows."""
        effective = IcdRelease(fiscal_year=2026).effective
        assert (effective.first, effective.last) == (date(2025, 10, 1), date(2026, 3, 31))

    def test_before_april_updates_an_october_release_covers_the_year(self) -> None:
        """FY2021 had no routine April update: 2020-10-01 .. 2021-09-30."""
        effective = IcdRelease(fiscal_year=FIRST_APRIL_UPDATE - 1).effective
        assert (effective.first, effective.last) == (date(2020, 10, 1), date(2021, 9, 30))

    def test_an_april_update_may_be_declared_to_cover_the_year(self) -> None:
        """``covering_whole_fiscal_year`` stretches an April update back to 1 October."""
        release = IcdRelease(fiscal_year=2026, update=ReleaseUpdate.APRIL)
        assert release.covering_whole_fiscal_year().effective.first == date(2025, 10, 1)

    @pytest.mark.parametrize("year", [2015, 1999, True, "2026"])
    def test_an_impossible_fiscal_year_is_refused(self, year: object) -> None:
        """ICD-10-CM starts with FY2016; years are integers."""
        with pytest.raises(InvalidValue):
            IcdRelease(fiscal_year=year)  # type: ignore[arg-type]

    @given(st.dates(min_value=date(2016, 1, 1), max_value=date(2100, 12, 31)))
    def test_every_day_is_covered_by_one_release_of_its_fiscal_year(self, day: date) -> None:
        """Exactly one of the October release and April update of its year covers ``day``."""
        year = fiscal_year_of(day)
        october = IcdRelease(fiscal_year=year).effective.contains(day)
        april = IcdRelease(fiscal_year=year, update=ReleaseUpdate.APRIL).effective.contains(day)
        assert october != april or (year < FIRST_APRIL_UPDATE and october)
        assert IcdRelease(fiscal_year=year).fiscal_year_range.contains(day)


class TestOn:
    def test_the_april_update_takes_over_on_the_first_of_april(self) -> None:
        """With both FY2026 files loaded, 03-31 is October's and 04-01 is April's."""
        october, april = _code_set(2026), _code_set(2026, ReleaseUpdate.APRIL)
        versions = IcdVersions.of(april, october)
        assert versions.on(date(2026, 3, 31)) is october
        assert versions.on(date(2026, 4, 1)) is april
        assert versions.effective(october)[-1].last == date(2026, 3, 31)

    def test_the_april_update_alone_does_not_answer_for_january(self) -> None:
        """A date before 1 April needs the October files (or an explicit opt-in)."""
        versions = IcdVersions.of(_code_set(2026, ReleaseUpdate.APRIL))
        with pytest.raises(CodeSetUnavailable, match="FY2026"):
            versions.on(date(2026, 1, 15))

    def test_the_opt_in_lets_the_april_update_answer_for_january(self) -> None:
        """``covering_whole_fiscal_year`` is the documented way to say so."""
        april = _code_set(2026, ReleaseUpdate.APRIL).covering_whole_fiscal_year()
        assert IcdVersions.of(april).on(date(2026, 1, 15)) is april

    def test_the_october_release_alone_does_not_answer_for_june(self) -> None:
        """From 1 April the April update is in force; without it the error names it."""
        versions = IcdVersions.of(_code_set(2026))
        with pytest.raises(CodeSetUnavailable, match="April update"):
            versions.on(date(2026, 6, 1))

    def test_an_october_release_may_stand_in_for_the_whole_year(self) -> None:
        """The explicit opt-in works for October releases too."""
        october = _code_set(2026).covering_whole_fiscal_year()
        assert IcdVersions.of(october).on(date(2026, 6, 1)) is october

    def test_a_date_after_every_release_names_the_next_fiscal_year(self) -> None:
        """2026-10-01 asks for the FY2027 files, and is an InvalidArgument."""
        versions = IcdVersions.of(_code_set(2026, ReleaseUpdate.APRIL))
        with pytest.raises(InvalidArgument, match="FY2027"):
            versions.on(date(2026, 10, 1))

    def test_the_same_release_twice_is_refused(self) -> None:
        """Two code sets claiming one release are a mistake."""
        with pytest.raises(InvalidArgument):
            IcdVersions.of(_code_set(2026), _code_set(2026))

    def test_a_release_read_from_files_knows_its_year(
        self, small_tabular: Path, tmp_path: Path
    ) -> None:
        """The small fixture's ``<version>`` is 2025 and its name says nothing of April."""
        code_set = load_icd10cm(small_tabular, cache_dir=tmp_path)
        assert code_set.release == IcdRelease(fiscal_year=2025)

    def test_the_bundled_set_and_an_older_year_answer_side_by_side(
        self, codes: IcdCodeSet, small: IcdCodeSet
    ) -> None:
        """FY2025 October files answer for 2025-01-15, the bundled April 2026 set for 2026-06-01."""
        versions = IcdVersions.of(codes, small)
        assert versions.on(date(2025, 1, 15)) is small
        assert versions.on(date(2026, 6, 1)) is codes
        for uncovered in (date(2025, 6, 1), date(2025, 12, 1)):
            with pytest.raises(CodeSetUnavailable):
                versions.on(uncovered)

    @given(st.dates(min_value=date(2025, 10, 1), max_value=date(2026, 9, 30)))
    def test_october_and_april_together_cover_the_year_without_gaps(self, day: date) -> None:
        """Every FY2026 day has exactly one answer, the later release from its start."""
        october, april = _code_set(2026), _code_set(2026, ReleaseUpdate.APRIL)
        versions = IcdVersions.of(october, april)
        expected = april if day >= date(2026, 4, 1) else october
        assert versions.on(day) is expected

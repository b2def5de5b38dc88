"""The HCPCS Level II file: codes, modifiers, dates and coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.adapters.reference._damage import DAMAGES
from tests.adapters.reference._damage import damage as damage_file

from medoffice.adapters.reference import load_hcpcs
from medoffice.adapters.reference._checked_cache import write_checked
from medoffice.adapters.reference._hcpcs import _MAGIC
from medoffice.coding import ReferenceFileError
from medoffice.coding.procedures import Coverage, HcpcsCode, HcpcsCodeSet
from medoffice.kernel import InvalidArgument

FIXTURE = Path(__file__).parent / "fixtures" / "HCPC2026_JAN_ANWEB.csv"


@pytest.fixture(scope="module")
def codes() -> HcpcsCodeSet:
    return load_hcpcs(FIXTURE)


class TestLoading:
    def test_codes_and_modifiers_are_told_apart_by_record_type(self, codes: HcpcsCodeSet) -> None:
        """Record 3 rows are codes; record 7 rows are modifiers, stripped of leading spaces."""
        assert sorted(codes.codes) == ["A4397", "A9270", "G0438", "J1100"]
        assert sorted(codes.modifiers) == ["GT", "Q0", "XU"]

    def test_the_release_is_named_by_the_file(self, codes: HcpcsCodeSet) -> None:
        """``HCPC2026_JAN`` takes effect on 2026-01-01."""
        assert codes.effective == date(2026, 1, 1)

    def test_a_continuation_record_extends_the_long_description(self, codes: HcpcsCodeSet) -> None:
        """A record 4 row adds to the code before it instead of being a code of its own."""
        g0438 = codes.get("G0438")
        assert g0438 is not None
        assert g0438.long_description.endswith("(continued for the record layout test)")

    def test_bad_rows_are_reported_with_their_lines(self, codes: HcpcsCodeSet) -> None:
        """An unknown coverage code and a 13th month are left out and listed."""
        assert [(p.line, str(p.rule)) for p in codes.problems] == [
            (10, "REF-VALUE"),
            (11, "REF-VALUE"),
        ]

    def test_columns_are_read_and_coverage_decoded(self, codes: HcpcsCodeSet) -> None:
        """Coverage S means Medicare does not cover the item, by statute."""
        a9270 = codes.get("a9270")
        assert a9270 is not None
        assert a9270.coverage is Coverage.NON_COVERED_BY_STATUTE
        assert not a9270.covered_by_medicare
        assert a9270.pricing == ("00",)


class TestValidOnDateOfService:
    def test_a_terminated_code_is_valid_through_its_termination_date(
        self, codes: HcpcsCodeSet
    ) -> None:
        """A4397, terminated 2021-12-31, is valid that day and not the next."""
        assert codes.is_valid("A4397", on=date(2021, 12, 31))
        assert not codes.is_valid("A4397", on=date(2022, 1, 1))

    def test_a_code_is_not_valid_before_it_was_added(self, codes: HcpcsCodeSet) -> None:
        """G0438 was added on 2011-01-01."""
        assert not codes.is_valid("G0438", on=date(2010, 12, 31))
        assert codes.is_valid("G0438", on=date(2011, 1, 1))

    def test_modifiers_have_dates_too(self, codes: HcpcsCodeSet) -> None:
        """Q0 ended on 2020-12-31; XU is open; CPT 59 is always known."""
        modifiers = codes.modifier_set()
        assert not modifiers.is_valid("Q0", on=date(2021, 1, 1))
        assert modifiers.is_valid("XU", on=date(2026, 1, 5))
        assert modifiers.is_valid("59", on=date(2026, 1, 5))

    def test_a_code_not_in_the_file_is_not_valid(self, codes: HcpcsCodeSet) -> None:
        """Absence means invalid."""
        assert not codes.is_valid("B9999", on=date(2026, 1, 5))

    def test_a_code_listed_twice_is_refused(self) -> None:
        """Building a code set from rows that repeat a code is a programming error."""
        code = HcpcsCode(code="A0021")
        with pytest.raises(InvalidArgument):
            HcpcsCodeSet.of(release="r", codes=[code, code])

    @given(
        added=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
        length=st.none() | st.integers(0, 5000),
        on=st.dates(min_value=date(1985, 1, 1), max_value=date(2045, 1, 1)),
    )
    def test_validity_is_the_inclusive_range_of_dates(
        self, added: date, length: int | None, on: date
    ) -> None:
        """Valid exactly from the add date through the termination date."""
        terminated = None if length is None else date.fromordinal(added.toordinal() + length)
        code = HcpcsCode(code="A0021", added=added, terminated=terminated)
        expected = added <= on and (terminated is None or on <= terminated)
        assert code.valid_on(on) is expected


class TestTheCompiledCache:
    @staticmethod
    def _answers(codes: HcpcsCodeSet) -> tuple[object, ...]:
        return (
            codes.release,
            codes.effective,
            dict(codes.codes),
            dict(codes.modifiers),
            codes.problems,
        )

    def test_a_second_load_reads_the_cache_and_answers_alike(self, tmp_path: Path) -> None:
        """Codes, modifiers, dates, coverage and the rows' problems come back unchanged."""
        fresh = load_hcpcs(FIXTURE, cache_dir=tmp_path)
        assert len(list(tmp_path.glob("hcpcs-*.cache"))) == 1
        assert fresh.problems  # the fixture has bad rows: they are cached too
        cached = load_hcpcs(FIXTURE, cache_dir=tmp_path)
        assert self._answers(cached) == self._answers(fresh)
        assert self._answers(load_hcpcs(FIXTURE, cache=False)) == self._answers(fresh)

    def test_a_cached_release_equals_the_file_read_again(self, tmp_path: Path) -> None:
        """Records made on first use from the cache equal those read from the CSV."""
        load_hcpcs(FIXTURE, cache_dir=tmp_path)
        cached = load_hcpcs(FIXTURE, cache_dir=tmp_path)
        fresh = load_hcpcs(FIXTURE, cache=False)
        assert cached == fresh
        assert dict(cached.codes) == dict(fresh.codes)
        code = next(iter(fresh.codes))
        assert cached.codes[code] is cached.codes[code]  # made once, then remembered
        assert "NOT A CODE" not in cached.codes
        assert cached.get("not a code") is None

    @pytest.mark.parametrize("damage", DAMAGES)
    def test_a_damaged_cache_is_rebuilt_never_used(self, tmp_path: Path, damage: str) -> None:
        """A flipped bit, a file cut short or another format: the CSV is read again."""
        expected = self._answers(load_hcpcs(FIXTURE, cache_dir=tmp_path))
        (target,) = tmp_path.glob("hcpcs-*.cache")
        damaged = damage_file(target, damage)
        assert self._answers(load_hcpcs(FIXTURE, cache_dir=tmp_path)) == expected
        assert target.read_bytes() != damaged  # rewritten

    def test_a_checked_cache_of_the_wrong_shape_is_rebuilt(self, tmp_path: Path) -> None:
        """A checksum that matches a payload this version cannot read still means a rebuild."""
        expected = self._answers(load_hcpcs(FIXTURE, cache_dir=tmp_path))
        (target,) = tmp_path.glob("hcpcs-*.cache")
        write_checked(target, _MAGIC, {"release": "x", "effective": None, "codes": [{"no": 1}]})
        assert self._answers(load_hcpcs(FIXTURE, cache_dir=tmp_path)) == expected

    def test_strict_loads_are_cached_apart(self, tmp_path: Path) -> None:
        """A lenient load's cache never answers a strict load, which still raises."""
        load_hcpcs(FIXTURE, cache_dir=tmp_path)
        with pytest.raises(ReferenceFileError):
            load_hcpcs(FIXTURE, cache_dir=tmp_path, strict=True)

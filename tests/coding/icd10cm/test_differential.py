"""The index against two independent readings: ``simple-icd-10-cm`` and CMS's MCE table."""

from __future__ import annotations

import csv
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from medoffice.coding.icd10cm import IcdCodeSet, ItemKind


@pytest.fixture(scope="module")
def simple() -> Iterator[ModuleType]:
    """The ``simple_icd_10_cm`` package (it warns about a deprecated API while importing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import simple_icd_10_cm  # noqa: PLC0415 - only the differential test uses it

        yield simple_icd_10_cm


class TestAgainstSimpleIcd10Cm:
    def test_the_same_items_exist(self, codes: IcdCodeSet, simple: ModuleType) -> None:
        """Every item the package knows is in the index, and nothing more."""
        theirs = set(simple.get_all_codes(with_dots=True))
        assert set(codes.tables.names) == theirs

    def test_descriptions_parents_and_billability_agree(
        self, codes: IcdCodeSet, simple: ModuleType
    ) -> None:
        """Descriptions and parents match; billable is the package's leaf minus blocks."""
        mismatches = []
        for code in simple.get_all_codes(with_dots=True):
            item = codes.lookup(code)
            assert item is not None, code
            description = simple.get_description(code)
            if item.kind is ItemKind.EXTENDED:
                # The package appends the 7th-character definition's extra notes with "/".
                same = description == item.description or description.startswith(
                    item.description + "/"
                )
            else:
                same = description == item.description
            leaf = simple.is_leaf(code) and not (
                simple.is_block(code) and item.kind is ItemKind.BLOCK
            )
            billable = leaf and not simple.is_chapter(code)
            if (
                not same
                or simple.get_parent(code) != (item.parent or "")
                or billable != item.is_billable
            ):
                mismatches.append(code)
        assert mismatches == []

    def test_the_package_calls_blocks_leaves_and_the_index_does_not(
        self, codes: IcdCodeSet, simple: ModuleType
    ) -> None:
        """The package's ``is_leaf`` is true for block C00-C75; the index never bills it."""
        assert simple.is_leaf("C00-C75")
        assert not codes.is_billable("C00-C75")


@pytest.mark.reference_data
class TestAgainstTheMedicareCodeEditor:
    def test_billable_codes_are_the_codes_open_on_2026_06_01(
        self, codes: IcdCodeSet, reference_data: Path
    ) -> None:
        """The MCE v43.1 rows in force on 2026-06-01 are exactly the billable codes."""
        master = reference_data / "mce" / "mce_v43_1_icd10cm_dx_master.csv"
        open_codes = set()
        with master.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                if (
                    row["start_date"] <= "20260601"
                    and (row["end_date"] or "99991231") >= "20260601"
                ):
                    open_codes.add(row["code"])
        assert open_codes == codes.billable_codes()

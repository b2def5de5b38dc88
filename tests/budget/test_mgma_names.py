"""MGMA category names as the docs show them, and errors that list the valid ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from medoffice.adapters.formats.budget_file import parse_budget_file
from medoffice.budget._accounts import AccountType, MgmaCategory
from medoffice.kernel import InvalidValue

DOCS = Path(__file__).parents[2] / "docs" / "budget.md"


def chart_with(**account: object) -> object:
    data = {"currency": "USD", "fiscal_year": 2026, "accounts": [{"code": "6100", **account}]}
    return parse_budget_file(data).chart["6100"]


class TestNamed:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("Drug supply", MgmaCategory.DRUG_SUPPLY),
            ("drug SUPPLY", MgmaCategory.DRUG_SUPPLY),
            ("  Medical   receptionists ", MgmaCategory.MEDICAL_RECEPTIONISTS),
            ("DRUG_SUPPLY", MgmaCategory.DRUG_SUPPLY),
            ("drug_supply", MgmaCategory.DRUG_SUPPLY),
            (
                "Professional liability insurance premiums",
                MgmaCategory.PROFESSIONAL_LIABILITY_INSURANCE,
            ),
            ("INFORMATION_TECHNOLOGY_STAFF", MgmaCategory.INFORMATION_TECHNOLOGY_STAFF),
        ],
    )
    def test_member_names_and_mgma_names_in_any_case(
        self, given: str, expected: MgmaCategory
    ) -> None:
        assert MgmaCategory.named(given) is expected

    def test_every_category_is_found_by_each_of_its_names_unless_shared(self) -> None:
        labels = [c.label for c in MgmaCategory]
        for category in MgmaCategory:
            assert MgmaCategory.named(category.name) is category
            if labels.count(category.label) == 1:
                assert MgmaCategory.named(category.label) is category

    @pytest.mark.parametrize(
        ("given", "choices"),
        [
            (
                "Information technology",
                (
                    "INFORMATION_TECHNOLOGY_STAFF (support staff) or "
                    "INFORMATION_TECHNOLOGY (general operating cost)"
                ),
            ),
            (
                "clinical laboratory",
                (
                    "CLINICAL_LABORATORY_STAFF (support staff) or "
                    "CLINICAL_LABORATORY (general operating cost)"
                ),
            ),
            (
                "Radiology and imaging",
                (
                    "RADIOLOGY_IMAGING_STAFF (support staff) or "
                    "RADIOLOGY_AND_IMAGING (general operating cost)"
                ),
            ),
        ],
    )
    def test_a_name_shared_by_two_groups_asks_for_the_member_name(
        self, given: str, choices: str
    ) -> None:
        with pytest.raises(InvalidValue, match="names two MGMA categories") as caught:
            MgmaCategory.named(given)
        assert str(caught.value).endswith(choices)

    def test_an_unknown_name_lists_every_category_and_suggests_the_closest(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            MgmaCategory.named("Drug suply")
        message = str(caught.value)
        assert message.startswith(
            "'Drug suply' is not an MGMA category (did you mean 'Drug supply'?)"
        )
        for category in MgmaCategory:
            assert f"{category.name} ({category.label})" in message

    @pytest.mark.parametrize("given", ["", "   ", "nothing like it", 7, None])
    def test_nonsense_is_refused_with_the_list(self, given: object) -> None:
        with pytest.raises(InvalidValue, match="the categories are GENERAL_ADMINISTRATIVE"):
            MgmaCategory.named(given)  # type: ignore[arg-type]


class TestBudgetFile:
    def test_a_file_may_name_categories_as_mgma_does(self) -> None:
        account = chart_with(type="expense", category="Medical and surgical supply")
        assert account.category is MgmaCategory.MEDICAL_AND_SURGICAL_SUPPLY  # type: ignore[attr-defined]

    def test_an_unknown_category_names_its_path_and_the_valid_ones(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            chart_with(type="expense", category="Supplies")
        message = str(caught.value)
        assert message.startswith("$.accounts[0].category: 'Supplies' is not an MGMA category")
        assert "MEDICAL_AND_SURGICAL_SUPPLY (Medical and surgical supply)" in message

    def test_a_category_that_is_not_text_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match=r"\$\.accounts\[0\]\.category must be a string"):
            chart_with(type="expense", category=["DRUG_SUPPLY"])

    def test_account_types_in_any_case(self) -> None:
        assert chart_with(type=" Revenue ").type is AccountType.REVENUE  # type: ignore[attr-defined]

    @pytest.mark.parametrize(("given", "shown"), [("income", "'income'"), (3, "int")])
    def test_an_unknown_account_type_lists_the_valid_ones(self, given: object, shown: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            chart_with(type=given)
        assert str(caught.value) == (
            f"$.accounts[0].type is {shown}; an account type is one of "
            "revenue, expense, asset, liability"
        )


def test_the_docs_table_lists_every_category_with_both_names() -> None:
    """docs/budget.md shows each category as MGMA names it, its group and its member name."""
    rows = re.findall(
        r"^\| (.+?) \| (.+?) \| `([A-Z_]+)` \|$", DOCS.read_text(encoding="utf-8"), re.M
    )
    assert sorted((label, group, name) for label, group, name in rows) == sorted(
        (c.label, c.group, c.name) for c in MgmaCategory
    )

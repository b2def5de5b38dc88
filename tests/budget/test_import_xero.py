"""Actuals from Xero's manual journal CSV: grouping, signs, dates, tracking, and clear errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from medoffice.adapters.formats.xero_journal import load_xero_journal, parse_xero_journal
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._ledger import check_transaction
from medoffice.kernel import InvalidValue
from medoffice.kernel.inputs import InputLimits, UnreadableInput

HEADER = (
    "*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,"
    "TrackingName1,TrackingOption1,TrackingName2,TrackingOption2\n"
)


def parse(rows: str, header: str = HEADER) -> tuple:  # type: ignore[type-arg]
    return parse_xero_journal(header + rows, currency="USD", source="j.csv")


class TestJournals:
    def test_rows_with_the_same_narration_and_date_are_one_balanced_journal(self) -> None:
        journals = parse(
            "Rent,1/3/2026,,6300,Tax Exempt,2000.00,,,,\n"
            "Supplies,01/03/2026,,6100,Tax Exempt,150.25,,,,\n"
            "Rent,1/3/2026,,1000,Tax Exempt,-2000.00,,,,\n"
            "Supplies,01/03/2026,,2000,Tax Exempt,-150.25,,,,\n"
        )
        assert [(t.id, [leg.account for leg in t.legs]) for t in journals] == [
            ("Rent@2026-03-01", ["6300", "1000"]),
            ("Supplies@2026-03-01", ["6100", "2000"]),
        ]
        assert all(check_transaction(t).ok for t in journals)
        assert journals[1].legs[1].amount.amount == Decimal("-150.25")

    def test_the_same_narration_on_another_day_is_another_journal(self) -> None:
        journals = parse(
            "Payroll,15 Jan 2026,,6000,N,10.00,,,,\nPayroll,15 Jan 2026,,1000,N,-10.00,,,,\n"
            "Payroll,2026-01-31,,6000,N,12.00,,,,\nPayroll,2026-01-31,,1000,N,-12.00,,,,\n"
        )
        assert [t.on.isoformat() for t in journals] == ["2026-01-15", "2026-01-31"]

    def test_amounts_are_exact_decimals_with_thousands_separators(self) -> None:
        (t,) = parse('A,1/1/2026,,6100,N,"1,234,567.89",,,,\nA,1/1/2026,,1000,N,-1234567.89,,,,\n')
        assert t.legs[0].amount.amount == Decimal("1234567.89")

    def test_tracking_categories_named_as_dimensions_tag_the_leg(self) -> None:
        (t,) = parse(
            "A,1/1/2026,,6100,N,5.00,Cost center,LAB,Provider,P-7\nA,1/1/2026,,1000,N,-5.00,,,,\n"
        )
        assert t.legs[0].dimensions == Dimensions(cost_centre="LAB", provider="P-7")
        assert t.legs[1].dimensions == Dimensions()

    def test_headings_without_stars_in_any_case_and_in_another_order(self) -> None:
        (t,) = parse(
            "6100,5.00,A,1/1/2026\n1000,-5.00,A,1/1/2026\n",
            header="accountcode,AMOUNT,Narration,date\n",
        )
        assert [leg.account for leg in t.legs] == ["6100", "1000"]

    def test_a_quoted_description_over_two_lines_keeps_line_numbers_right(self) -> None:
        with pytest.raises(InvalidValue, match=r"j\.csv, line 4: the date 'soon'"):
            parse('A,1/1/2026,"two\nlines",6100,N,5.00,,,,\nA,soon,,1000,N,-5.00,,,,\n')

    def test_blank_lines_are_skipped(self) -> None:
        (t,) = parse("A,1/1/2026,,6100,N,5.00,,,,\n,,,,,,,,,\n\nA,1/1/2026,,1000,N,-5.00,,,,\n")
        assert len(t.legs) == 2


class TestErrors:
    @pytest.mark.parametrize(
        ("rows", "message"),
        [
            ("A,31/02/2026,,6100,N,5.00,,,,\n", "line 2: the date '31/02/2026' is not written"),
            ("A,1/1/2026,,6100,N,five,,,,\n", "line 2: the amount 'five' is not a decimal"),
            ("A,1/1/2026,,6100,N,NaN,,,,\n", "line 2: the amount 'NaN' is not a decimal"),
            ("A,1/1/2026,,6100,N,1.005,,,,\n", "line 2: "),
            ("A,1/1/2026,,,N,5.00,,,,\n", "line 2: the accountcode cell is empty"),
            (",1/1/2026,,6100,N,5.00,,,,\n", "line 2: the narration cell is empty"),
            (
                "A,1/1/2026,,6100,N,5.00,Region,North,,\n",
                "line 2: the tracking category 'Region' is not a dimension (cost_centre,",
            ),
            ("A,1/1/2026,,6100,N,5.00,Location,,,\n", "tracking category 'Location' has no option"),
            (
                "A,1/1/2026,,6100,N,5.00,Payer,X,payer,Y\n",
                "tracking category 'payer' is given twice",
            ),
            ("A,1/1/2026,,6100,N,5.00,,,,,extra\n", "line 2: more cells than the header"),
            ("", "the journal has no lines"),
        ],
    )
    def test_each_error_names_the_file_and_line(self, rows: str, message: str) -> None:
        with pytest.raises(InvalidValue, match=r"^j\.csv") as caught:
            parse(rows)
        assert message in str(caught.value)

    def test_another_layout_is_refused_with_the_missing_columns(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            parse("x\n", header="Date,Transaction Type,Num,Account,Debit,Credit\n")
        assert str(caught.value).startswith(
            "j.csv, line 1: not a Xero manual journal; the columns narration, accountcode, "
            "amount are missing"
        )

    def test_an_empty_file_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match="the file is empty"):
            parse_xero_journal("", currency="USD", source="j.csv")


class TestLoad:
    def test_a_file_is_read_as_utf8_with_or_without_a_bom(self, tmp_path: Path) -> None:
        path = tmp_path / "journal.csv"
        path.write_bytes(
            (
                "\ufeff" + HEADER + "Café,1/1/2026,,6100,N,5,,,,\nCafé,1/1/2026,,1000,N,-5,,,,\n"
            ).encode()
        )
        (t,) = load_xero_journal(str(path), currency="USD")
        assert t.id == "Café@2026-01-01"

    def test_a_file_over_the_limit_or_missing_is_unreadable(self, tmp_path: Path) -> None:
        path = tmp_path / "journal.csv"
        path.write_text(HEADER + "A,1/1/2026,,6100,N,5,,,,\n" * 50, encoding="utf-8")
        with pytest.raises(UnreadableInput):
            load_xero_journal(path, currency="USD", limits=InputLimits(max_bytes=100))
        with pytest.raises(UnreadableInput):
            load_xero_journal(tmp_path / "nope.csv", currency="USD")

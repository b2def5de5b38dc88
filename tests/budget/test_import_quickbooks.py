"""Actuals from QuickBooks Online's journal report CSV: titles, subtotals, signs, clear errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from medoffice.adapters.formats.quickbooks_journal import (
    load_quickbooks_journal,
    parse_quickbooks_journal,
)
from medoffice.budget._ledger import Transaction, check_transaction
from medoffice.kernel import InvalidValue

TITLE = 'Journal\nExample Practice\n"January 1-31, 2026"\n\n'
HEADER = ",Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit\n"


def parse(rows: str, header: str = TITLE + HEADER) -> tuple[Transaction, ...]:
    return parse_quickbooks_journal(header + rows, currency="USD", source="q.csv")


class TestJournalReport:
    def test_transactions_subtotals_and_total(self) -> None:
        journals = parse(
            ',01/12/2026,Bill,INV-1,Acme,,6100 Medical supplies,"$4,630.00",\n'
            ',,,,,,2000 Accounts Payable,,"$4,630.00"\n'
            ',,,,,,,"$4,630.00","$4,630.00"\n'
            ",01/31/2026,Deposit,,,,1000 Operating cash,104250.00,\n"
            ",,,,,,4000 Fee-for-service revenue,,104250.00\n"
            ",,,,,,,104250.00,104250.00\n"
            'TOTAL,,,,,,,"$108,880.00","$108,880.00"\n'
        )
        assert [(t.id, t.on.isoformat()) for t in journals] == [
            ("Bill INV-1@2026-01-12", "2026-01-12"),
            ("Deposit@2026-01-31", "2026-01-31"),
        ]
        assert [(leg.account, leg.amount.amount) for leg in journals[1].legs] == [
            ("1000", Decimal("104250.00")),
            ("4000", Decimal("-104250.00")),
        ]
        assert all(check_transaction(t).ok for t in journals)

    def test_accounts_without_numbers_keep_their_full_name(self) -> None:
        (t,) = parse(
            ",2026-01-05,Journal Entry,7,,,Supplies:Medical,10.00,\n,,,,,,Checking,,10.00\n"
        )
        assert [leg.account for leg in t.legs] == ["Supplies:Medical", "Checking"]

    def test_parenthesised_amounts_are_negative(self) -> None:
        (t,) = parse(",01/05/2026,Journal Entry,8,,,6100 X,(10.00),\n,,,,,,1000 Y,,(10.00)\n")
        assert [leg.amount.amount for leg in t.legs] == [Decimal("-10.00"), Decimal("10.00")]

    def test_a_heading_without_the_leading_empty_column(self) -> None:
        (t,) = parse(
            "01/05/2026,Check,9,,,6100 X,1.00,\n,,,,,6200 Y,,1.00\n",
            header="Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit\n",
        )
        assert [leg.account for leg in t.legs] == ["6100", "6200"]


class TestErrors:
    @pytest.mark.parametrize(
        ("rows", "message"),
        [
            (",13/01/2026,Bill,1,,,6100 X,1.00,\n", "line 6: the date '13/01/2026'"),
            (",01/13/2026,Bill,1,,,6100 X,lots,\n", "line 6: the amount 'lots'"),
            (",01/13/2026,Bill,1,,,6100 X,1.00,1.00\n", "line 6: give an amount in exactly one"),
            (",01/13/2026,Bill,1,,,6100 X,,\n", "line 6: give an amount in exactly one"),
            (",01/13/2026,Bill,1,,,6100 X,1.001,\n", "line 6: "),
            (",,,,,,6100 X,1.00,\n", "line 6: an account line before any dated transaction"),
            (",,,,,,,1.00,1.00\n", "the journal report has no transaction lines"),
        ],
    )
    def test_each_error_names_the_file_and_line(self, rows: str, message: str) -> None:
        with pytest.raises(InvalidValue, match=r"^q\.csv") as caught:
            parse(rows)
        assert message in str(caught.value)

    def test_another_layout_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match="not a QuickBooks journal report"):
            parse("x\n", header="*Narration,*Date,*AccountCode,*Amount\n")


def test_a_file_is_read_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "journal.csv"
    text = "\ufeff" + HEADER + ",01/05/2026,Check,9,,,6100 X,1.00,\n,,,,,,1000 Y,,1.00\n"
    path.write_bytes(text.encode())
    (t,) = load_quickbooks_journal(str(path), currency="USD")
    assert t.id == "Check 9@2026-01-05"

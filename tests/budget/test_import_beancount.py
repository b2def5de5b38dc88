"""Actuals from a beancount ledger: codes, elided amounts, dimensions, ids, and clear refusals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.formats.beancount import beancount_account
from medoffice.adapters.formats.beancount_ledger import (
    load_beancount_ledger,
    parse_beancount_ledger,
)
from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._ledger import check_transaction
from medoffice.kernel import InvalidValue

LEDGER = """\
option "title" "Example practice"
plugin "beancount.plugins.auto_accounts"
* Opening
2026-01-01 open Expenses:Supplies
  code: "6100"
2026-01-01 open Liabilities:2000-AccountsPayable USD ; payables
2026-01-01 commodity USD

2026-01-12 * "Acme" "Gloves, January" #supplies ^bill-1001
  cost_centre: "CLINIC"
  Expenses:Supplies              4,630.00 USD
    provider: "P1"
  Liabilities:2000-AccountsPayable

2026-01-31 balance Liabilities:2000-AccountsPayable  -4630.00 USD
2026-02-03 txn "Rent"
  Expenses:6000-Occupancy:6300-Rent   2000.00 USD
  Assets:1000-Cash                   -2000.00 USD
2026-02-03 ! "Rent"
  Expenses:6000-Occupancy:6300-Rent   10.50 USD ; late fee
  Assets:1000-Cash
"""


def parse(text: str) -> tuple:  # type: ignore[type-arg]
    return parse_beancount_ledger(text, currency="USD", source="books.beancount")


class TestTransactions:
    def test_every_transaction_becomes_one_balanced_transaction(self) -> None:
        found = parse(LEDGER)
        assert [(t.id, t.on.isoformat()) for t in found] == [
            ("bill-1001", "2026-01-12"),
            ("Rent@2026-02-03", "2026-02-03"),
            ("Rent@2026-02-03#2", "2026-02-03"),
        ]
        assert all(check_transaction(t).ok for t in found)
        assert [(leg.account, leg.amount.amount) for leg in found[0].legs] == [
            ("6100", Decimal("4630.00")),
            ("2000", Decimal("-4630.00")),
        ]
        assert found[2].legs[1].amount.amount == Decimal("-10.50")

    def test_metadata_named_for_a_dimension_tags_the_legs(self) -> None:
        """The transaction's cost centre tags both legs; the posting's provider only its own."""
        legs = parse(LEDGER)[0].legs
        assert legs[0].dimensions == Dimensions(cost_centre="CLINIC", provider="P1")
        assert legs[1].dimensions == Dimensions(cost_centre="CLINIC")

    def test_other_metadata_is_ignored(self) -> None:
        text = '2026-03-01 * "x"\n  invoice: "A-1"\n  Expenses:6100-S  1.00 USD\n  Assets:1000-C\n'
        assert parse(text)[0].legs[0].dimensions == Dimensions()

    @given(st.sampled_from(["6100", "4000", "2000", "1000"]))
    def test_the_accounts_medoffice_exports_read_back_as_their_codes(self, code: str) -> None:
        chart = ChartOfAccounts.of(
            [
                Account(code="6000", name="Supplies", type=AccountType.EXPENSE),
                Account(code="6100", name="Medical supplies", type=AccountType.EXPENSE,
                        parent="6000"),
                Account(code="4000", name="Patient fees", type=AccountType.REVENUE),
                Account(code="2000", name="Accounts payable", type=AccountType.LIABILITY),
                Account(code="1000", name="Cash", type=AccountType.ASSET),
            ]
        )  # fmt: skip
        text = f'2026-03-01 * "x"\n  {beancount_account(chart, code)}  1.00 USD\n  Assets:9-X\n'
        assert parse(text)[0].legs[0].account == code

    def test_the_file_is_read_from_a_path(self, tmp_path: Path) -> None:
        path = tmp_path / "books.beancount"
        path.write_text(LEDGER, encoding="utf-8")
        assert len(load_beancount_ledger(str(path), currency="USD")) == 3
        assert len(load_beancount_ledger(path, currency="USD")) == 3


class TestRefusals:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "has no transactions"),
            ('option "title" "x"\n', "has no transactions"),
            ('2026-03-01 * "x"\n  Expenses:6100-S  1.00 USD\n', "at least two postings"),
            ('2026-03-01 * "x"\n  Expenses:6100-S\n  Assets:1000-C\n', "only one posting"),
            ('2026-03-01 * "x"\n  Expenses:6100-S  (1/3) USD\n  Assets:1000-C\n', "arithmetic"),
            ('2026-03-01 * "x"\n  Expenses:6100-S  1 AAPL {10 USD}\n  Assets:1000-C\n', "costs"),
            ('2026-03-01 * "x"\n  Expenses:6100-S  1.00 EUR\n  Assets:1000-C\n', "in EUR"),
            ('2026-03-01 * "x"\n  Expenses:6100-S  1.001 USD\n  Assets:1000-C\n', "decimal"),
            ('2026-03-01 * "x"\n  Expenses:Supplies  1.00 USD\n  Assets:1000-C\n', "no chart code"),
            ("2026-03-01 pad Assets:1000-C Equity:3000-O\n", "pad entries are not read"),
            ('include "other.beancount"\n', "include is not followed"),
            ('pushmeta location: "MAIN"\n', "pushmeta is not followed"),
            ("2026-02-30 * \"x\"\n", "not a calendar day"),
            ("2026-03-01 frobnicate X\n", "'frobnicate' is not a beancount directive"),
            ("hello world\n", "not a beancount entry"),
            ("  Expenses:6100-S  1.00 USD\n", "outside a transaction"),
            ('2026-03-01 * "x"\n  expenses 1.00 USD\n', "not a posting"),
            ('2026-03-01 * "x"\n  payer: ""\n  Expenses:6100-S  1.00 USD\n  Assets:1-C\n',
             "non-empty"),
        ],
    )  # fmt: skip
    def test_what_is_not_read_exactly_is_refused_naming_the_line(
        self, text: str, message: str
    ) -> None:
        with pytest.raises(InvalidValue, match=message) as caught:
            parse(text)
        assert str(caught.value).startswith("books.beancount")

    def test_the_line_number_is_the_postings(self) -> None:
        text = '2026-03-01 * "x"\n  Expenses:6100-S  1.00 USD\n  Assets:1000-C  1.00 EUR\n'
        with pytest.raises(InvalidValue, match=r"books.beancount, line 3: "):
            parse(text)

    def test_a_semicolon_inside_a_string_is_not_a_comment(self) -> None:
        text = '2026-03-01 * "a; b" ^x\n  Expenses:6100-S  1.00 USD\n  Assets:1000-C\n'
        assert parse(text)[0].id == "x"

"""``medoffice budget``: variance from a JSON budget file, exact phasing, beancount export."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from medoffice.cli._budget import command

EXAMPLE = Path(__file__).parents[2] / "examples" / "budget" / "practice.json"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.output


def run_json(*args: str) -> tuple[int, Any]:
    code, output = run(*args, "--format", "json")
    return code, json.loads(output)


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "budget.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


MINIMAL: dict[str, Any] = {
    "fiscal_year": 2026,
    "currency": "USD",
    "accounts": [
        {"code": "6100", "name": "Supplies", "type": "expense"},
        {"code": "2000", "name": "Payables", "type": "liability"},
    ],
    "budget": {"lines": [{"account": "6100", "period": 1, "amount": "100.00"}]},
    "transactions": [
        {
            "id": "T1",
            "date": "2026-01-10",
            "legs": [
                {"account": "6100", "amount": "130.00"},
                {"account": "2000", "amount": "-130.00"},
            ],
        }
    ],
}


class TestVariance:
    def test_the_example_reports_year_to_date_variances(self) -> None:
        """As of 28 February the example's supplies are 770.00 under a 10,000.00 budget."""
        code, data = run_json("variance", str(EXAMPLE), "--as-of", "2026-02-28")
        assert code == 0
        rows = {r["account"]: r for r in data["rows"]}
        assert (rows["6100"]["budget"], rows["6100"]["variance"]) == ("10000.00", "-770.00")
        assert rows["6100"]["favourable"] is True
        assert data["through_period"] == 2
        assert [f["rule"] for f in data["report"]["findings"]] == ["BUD-VAR-001"]

    def test_rows_by_cost_centre_and_period(self) -> None:
        """--by cost_centre --by-period splits 6100 into CLINIC and LAB per month."""
        code, data = run_json("variance", str(EXAMPLE), "--by", "cost_centre", "--by-period")
        assert code == 0
        lab_feb = [
            r
            for r in data["rows"]
            if r["account"] == "6100"
            and r["dimensions"] == {"cost_centre": "LAB"}
            and r["period"] == 2
        ]
        assert [(r["budget"], r["actual"]) for r in lab_feb] == [("1000.00", "1290.00")]

    def test_the_table_names_each_account(self) -> None:
        """The table output lists the accounts and the totals by type."""
        code, output = run("variance", str(EXAMPLE))
        assert code == 0
        assert "6500" in output
        assert "expense: budget" in output

    def test_top_lists_the_largest_variances_first_with_names(self) -> None:
        """By month, February's unbooked fee revenue leads, then January's unspent drug budget."""
        code, data = run_json(
            "variance", str(EXAMPLE), "--as-of", "2026-02-28", "--by-period", "--top", "3"
        )
        assert code == 0
        assert data["top"] == 3
        assert [(r["account"], r["period"], r["variance"]) for r in data["rows"]] == [
            ("4000", 2, "-92054.79"),
            ("6200", 1, "-2547.95"),
            ("4000", 1, "2332.19"),
        ]
        assert data["rows"][1]["name"] == "Drug supply"
        assert data["totals"]["expense"] == {"budget": "23849.32", "actual": "21105.40"}

    def test_top_leaves_out_balance_sheet_accounts(self, tmp_path: Path) -> None:
        """Payables moved 130.00 but only the supplies' +30.00 is a variance to list."""
        code, data = run_json("variance", write(tmp_path, MINIMAL), "--top", "5")
        assert code == 0
        assert [(r["account"], r["variance"]) for r in data["rows"]] == [("6100", "30.00")]

    def test_without_top_every_row_is_listed_with_its_name(self, tmp_path: Path) -> None:
        code, data = run_json("variance", write(tmp_path, MINIMAL))
        assert code == 0
        assert data["top"] is None
        assert [(r["account"], r["name"]) for r in data["rows"]] == [
            ("2000", "Payables"),
            ("6100", "Supplies"),
        ]

    @pytest.mark.parametrize("value", ["0", "-2", "many"])
    def test_top_must_be_a_positive_whole_number(self, tmp_path: Path, value: str) -> None:
        code, output = run("variance", write(tmp_path, MINIMAL), "--top", value)
        assert code == 2
        assert "--top" in output

    def test_the_top_table_says_how_many(self) -> None:
        code, output = run("variance", str(EXAMPLE), "--top", "2")
        assert code == 0
        assert "the 2 largest variances" in output

    def test_an_unbalanced_transaction_exits_one_with_its_path(self, tmp_path: Path) -> None:
        """A transaction that does not balance is BUD-TXN-001 under transactions[0]; exit 1."""
        data = json.loads(json.dumps(MINIMAL))
        data["transactions"][0]["legs"][1]["amount"] = "-120.00"
        code, out = run_json("variance", write(tmp_path, data))
        assert code == 1
        assert [(f["rule"], f["path"]) for f in out["report"]["findings"]] == [
            ("BUD-TXN-001", "transactions[0].legs")
        ]

    def test_a_material_overspend_is_a_warning_not_a_failure(self, tmp_path: Path) -> None:
        """130 against 100 with materiality 10.00 / 10 % is BUD-VAR-001, exit 0."""
        data = dict(MINIMAL, materiality={"amount": "10.00", "percent": "10"})
        code, out = run_json("variance", write(tmp_path, data))
        assert code == 0
        assert out["rows"][1]["percent"] == "30.00"
        assert [f["rule"] for f in out["report"]["findings"]] == ["BUD-VAR-001"]


class TestPnl:
    def test_the_example_to_february_shows_names_totals_and_net_income(self) -> None:
        """Revenue 104,250.00 and expenses 21,105.40 through February; cash and payables absent."""
        code, data = run_json("pnl", str(EXAMPLE), "--to", "2026-02-28")
        assert code == 0
        assert data["periods"] == {"first": 1, "last": 2}
        assert (data["from"], data["to"]) == ("2026-01-01", "2026-02-28")
        names = {line["account"]: line["name"] for line in data["expense"]["lines"]}
        assert names == {
            "6000": "Supplies",
            "6100": "Medical and surgical supplies",
            "6200": "Drug supply",
            "6500": "Information technology",
        }
        assert [line["account"] for line in data["revenue"]["lines"]] == ["4000"]
        assert data["revenue"]["total"]["actual"] == "104250.00"
        assert data["expense"]["total"] == {
            "budget": "23849.32",
            "actual": "21105.40",
            "variance": "-2743.92",
            "favourable": True,
        }
        net = data["net_income"]
        assert (net["actual"], net["favourable"]) == ("83144.60", False)
        assert Decimal(net["budget"]) == Decimal(data["revenue"]["total"]["budget"]) - Decimal(
            "23849.32"
        )

    def test_from_and_to_cover_whole_periods(self) -> None:
        """--from mid-February still takes February's first days' invoices and its budget."""
        code, data = run_json("pnl", str(EXAMPLE), "--from", "2026-02-15", "--to", "2026-02-28")
        assert code == 0
        assert data["periods"] == {"first": 2, "last": 2}
        lines = {line["account"]: line for line in data["expense"]["lines"]}
        assert (lines["6100"]["budget"], lines["6100"]["actual"]) == ("5000.00", "4600.00")
        assert data["revenue"]["total"]["actual"] == "0.00"

    def test_the_table_has_sections_and_net_income(self) -> None:
        code, output = run("pnl", str(EXAMPLE), "--to", "2026-01-31")
        assert code == 0
        for text in ("Revenue", "Total revenue", "Total expense", "Net income", "Drug supply"):
            assert text in output
        assert "Operating cash" not in output
        assert "payable" not in output

    def test_an_unbalanced_transaction_exits_one(self, tmp_path: Path) -> None:
        data = json.loads(json.dumps(MINIMAL))
        data["transactions"][0]["legs"][1]["amount"] = "-120.00"
        code, out = run_json("pnl", write(tmp_path, data))
        assert code == 1
        assert [f["rule"] for f in out["report"]["findings"]] == ["BUD-TXN-001"]
        assert out["expense"]["total"]["actual"] == "0.00"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("--from", "2025-12-31"), "--from must fall in FY2026 (2026-01-01 to 2026-12-31)"),
            (("--to", "2027-01-01"), "--to must fall in FY2026"),
            (("--from", "2026-03-01", "--to", "2026-02-01"), "--from must not be after --to"),
        ],
    )
    def test_days_outside_the_year_or_reversed_exit_two(
        self, tmp_path: Path, args: tuple[str, ...], message: str
    ) -> None:
        code, output = run("pnl", write(tmp_path, MINIMAL), *args)
        assert code == 2
        assert message in output

    def test_a_badly_written_day_exits_two(self, tmp_path: Path) -> None:
        code, output = run("pnl", write(tmp_path, MINIMAL), "--to", "31/01/2026")
        assert code == 2
        assert "YYYY-MM-DD" in output


class TestBadInput:
    @pytest.mark.parametrize(
        "mutate",
        [
            lambda d: d.pop("currency"),
            lambda d: d.update(fiscal_year="2026"),
            lambda d: d["accounts"].append({"code": "9", "name": "x", "type": "nonsense"}),
            lambda d: d["budget"]["lines"][0].update(amount="1.234"),
            lambda d: d["budget"]["lines"][0].update(amount=1.5),
            lambda d: d["transactions"][0].update(date="yesterday"),
            lambda d: d["budget"]["lines"][0].update(dimensions={"colour": "red"}),
            lambda d: d.update(calendar={"pattern": "weekly"}),
            lambda d: d.update(transactions=[["not", "an", "object"]]),
            lambda d: d.update(materiality={"percent": "lots"}),
        ],
        ids=[
            "no currency",
            "year as text",
            "unknown account type",
            "too many places",
            "float amount",
            "bad date",
            "unknown dimension",
            "unknown calendar",
            "transaction not an object",
            "bad percent",
        ],
    )
    def test_malformed_files_exit_two_without_a_traceback(
        self, tmp_path: Path, mutate: Any
    ) -> None:
        """Every malformed file is exit 2 with a one-line message."""
        data = json.loads(json.dumps(MINIMAL))
        mutate(data)
        code, output = run("variance", write(tmp_path, data))
        assert code == 2
        assert output.startswith("medoffice: error:")
        assert "Traceback" not in output

    def test_an_unknown_category_exits_two_listing_the_valid_ones(self, tmp_path: Path) -> None:
        data = json.loads(json.dumps(MINIMAL))
        data["accounts"][0]["category"] = "Supplys"
        code, output = run("variance", write(tmp_path, data))
        assert code == 2
        assert "$.accounts[0].category: 'Supplys' is not an MGMA category" in output
        assert "DRUG_SUPPLY (Drug supply)" in output

    def test_an_mgma_name_from_the_docs_is_accepted(self, tmp_path: Path) -> None:
        data = json.loads(json.dumps(MINIMAL))
        data["accounts"][0]["category"] = "Medical and surgical supply"
        assert run("variance", write(tmp_path, data))[0] == 0

    def test_a_missing_file_and_broken_json_exit_two(self, tmp_path: Path) -> None:
        """Unreadable or non-JSON files are bad input."""
        assert run("variance", str(tmp_path / "nope.json"))[0] == 2
        broken = tmp_path / "broken.json"
        broken.write_text("{", encoding="utf-8")
        assert run("variance", str(broken))[0] == 2


class TestPhase:
    def test_forty_over_a_four_four_five_year_sums_exactly(self) -> None:
        """40.00 by days over 4-4-5 periods adds back to 40.00."""
        code, data = run_json(
            "phase", "40.00", "USD", "--year", "2026", "--calendar", "4-4-5", "--method", "days"
        )
        assert code == 0
        assert len(data["periods"]) == 12
        assert sum(Decimal(p["amount"]) for p in data["periods"]) == Decimal("40.00")

    def test_business_days_take_holidays(self) -> None:
        """With 1 January closed, 2600 over 260 working days gives January 21 x 10."""
        code, data = run_json(
            "phase",
            "2600",
            "JPY",
            "--year",
            "2026",
            "--method",
            "business-days",
            "--holiday",
            "2026-01-01",
        )
        assert code == 0
        assert data["periods"][0]["amount"] == "210"

    def test_without_a_year_the_current_fiscal_year_is_used(self) -> None:
        """No --year: some fiscal year's twelve months, summing to the amount."""
        code, data = run_json("phase", "12", "USD")
        assert code == 0
        assert sum(Decimal(p["amount"]) for p in data["periods"]) == 12

    @pytest.mark.parametrize("args", [("abc", "USD"), ("1.001", "USD"), ("1", "XYZ")])
    def test_impossible_amounts_exit_two(self, args: tuple[str, str]) -> None:
        """Not a number, too many places or an unknown currency: exit 2."""
        assert run("phase", *args, "--year", "2026")[0] == 2

    def test_the_table_lists_the_periods(self) -> None:
        """Table output names each period."""
        code, output = run("phase", "13", "USD", "--year", "2026", "--calendar", "13")
        assert code == 0
        assert "FY2026-P13" in output


class TestForecast:
    def test_every_method_for_an_account(self) -> None:
        """Two months closed: 9,230.00 of supplies runs at 55,380.00; seasonal uses last year."""
        code, data = run_json(
            "forecast", str(EXAMPLE), "--as-of", "2026-02-28", "--account", "6100"
        )
        assert code == 0
        assert data["periods_closed"] == 2
        found = {f["method"]: f["amount"] for f in data["accounts"][0]["forecasts"]}
        assert found["run-rate"] == "55380.00"
        assert found["actual-plus-remaining-budget"] == "59230.00"
        assert set(found) == {
            "run-rate",
            "actual-plus-remaining-budget",
            "seasonal",
            "committed",
            "trailing-average",
        }

    def test_revenue_is_forecast_in_natural_sign(self) -> None:
        """Fee revenue posted as credits forecasts as a positive year-end total."""
        code, data = run_json("forecast", str(EXAMPLE), "--as-of", "2026-01-31")
        assert code == 0
        revenue = next(a for a in data["accounts"] if a["account"] == "4000")
        assert revenue["forecasts"][0]["amount"] == "1251000.00"

    def test_a_parent_account_forecasts_its_subtree(self) -> None:
        """Supplies (6000) has no postings of its own: 9,230.00 + 2,875.40 run at 72,632.40."""
        code, data = run_json(
            "forecast", str(EXAMPLE), "--as-of", "2026-02-28", "--account", "6000"
        )
        assert code == 0
        (parent,) = data["accounts"]
        assert (parent["name"], parent["dimensions"]) == ("Supplies", {})
        found = {f["method"]: f["amount"] for f in parent["forecasts"]}
        assert found["run-rate"] == "72632.40"
        # Actual so far plus the open periods' budget of 6100 (50,000.00) and 6200 (25,150.68).
        assert found["actual-plus-remaining-budget"] == "87256.08"

    def test_by_a_dimension_gives_one_forecast_per_slice(self) -> None:
        """CLINIC's supplies ran 7,940.00 in two months, LAB's 1,290.00; seasonal is left out."""
        code, data = run_json(
            "forecast",
            str(EXAMPLE),
            "--as-of",
            "2026-02-28",
            "--account",
            "6100",
            "--by",
            "cost_centre",
        )
        assert code == 0
        assert data["by"] == "cost_centre"
        rows = {
            a["dimensions"]["cost_centre"]: {f["method"]: f["amount"] for f in a["forecasts"]}
            for a in data["accounts"]
        }
        assert set(rows) == {"CLINIC", "LAB"}
        assert rows["CLINIC"]["run-rate"] == "47640.00"
        assert rows["LAB"]["run-rate"] == "7740.00"
        assert rows["LAB"]["actual-plus-remaining-budget"] == "11290.00"
        assert "seasonal" not in rows["CLINIC"]

    def test_an_account_with_nothing_yet_still_gets_its_forecasts(self, tmp_path: Path) -> None:
        data = json.loads(json.dumps(MINIMAL))
        data["accounts"].append({"code": "6300", "name": "Rent", "type": "expense"})
        code, out = run_json(
            "forecast", write(tmp_path, data), "--as-of", "2026-01-31", "--account", "6300"
        )
        assert code == 0
        (rent,) = out["accounts"]
        assert rent["dimensions"] == {}
        assert {f["amount"] for f in rent["forecasts"]} == {"0.00"}

    def test_before_any_period_closes_is_bad_input(self) -> None:
        """With no period ended there is nothing to forecast from: exit 2."""
        assert run("forecast", str(EXAMPLE), "--as-of", "2026-01-15")[0] == 2

    def test_the_table_lists_the_methods(self) -> None:
        """Table output names each method."""
        code, output = run("forecast", str(EXAMPLE), "--as-of", "2026-02-28")
        assert code == 0
        assert "trailing-average" in output
        assert "Drug supply" in output


class TestBeancount:
    def test_the_example_exports_fava_budget_entries(self) -> None:
        """Text output holds monthly custom budget entries for the example's accounts."""
        code, output = run("beancount", str(EXAMPLE))
        assert code == 0
        assert (
            '2026-01-01 custom "budget" Expenses:6500-InformationTechnology "monthly" 9000.00 USD'
            in output
        )

    def test_json_wraps_the_text(self) -> None:
        """--format json returns the text under "beancount", split by cost centre with --by."""
        code, data = run_json("beancount", str(EXAMPLE), "--by", "cost_centre")
        assert code == 0
        assert ':LAB "monthly"' in data["beancount"]


XERO = (
    "*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,TrackingName1,TrackingOption1\n"
    'March supplies,12/03/2026,gloves,6100,Tax Exempt,"1,250.00",Cost centre,CLINIC\n'
    "March supplies,12/03/2026,,2000,Tax Exempt,-1250.00,,\n"
)


class TestImportActuals:
    def journal(self, tmp_path: Path, text: str = XERO) -> str:
        path = tmp_path / "journal.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    def args(self, tmp_path: Path, text: str = XERO) -> tuple[str, ...]:
        """import-actuals of MINIMAL and ``text`` into out.json."""
        budget, journal = write(tmp_path, MINIMAL), self.journal(tmp_path, text)
        return (
            "import-actuals",
            budget,
            journal,
            "--layout",
            "xero",
            "--output",
            str(tmp_path / "out.json"),
        )

    def test_journals_are_added_and_read_back_by_the_other_commands(self, tmp_path: Path) -> None:
        out = tmp_path / "out.json"
        code, data = run_json(*self.args(tmp_path))
        assert code == 0
        assert data["imported"] == 1
        assert data["transactions"] == ["March supplies@2026-03-12"]
        assert data["accounts"] == {"2000": "-1250.00", "6100": "1250.00"}
        written = json.loads(out.read_text(encoding="utf-8"))
        assert written["transactions"][1] == {
            "id": "March supplies@2026-03-12",
            "date": "2026-03-12",
            "legs": [
                {"account": "6100", "amount": "1250.00", "dimensions": {"cost_centre": "CLINIC"}},
                {"account": "2000", "amount": "-1250.00"},
            ],
        }
        code, pnl = run_json("pnl", str(out))
        assert (code, pnl["expense"]["total"]["actual"]) == (0, "1380.00")

    def test_importing_the_same_journal_twice_is_refused(self, tmp_path: Path) -> None:
        budget = write(tmp_path, MINIMAL)
        journal = self.journal(tmp_path)
        args = ("import-actuals", budget, journal, "--layout", "xero", "--output", budget)
        assert run(*args)[0] == 0
        code, output = run(*args)
        assert code == 2
        assert "already in the budget file: March supplies@2026-03-12" in output
        assert len(json.loads(Path(budget).read_text(encoding="utf-8"))["transactions"]) == 2

    def test_an_unbalanced_journal_is_reported_and_nothing_written(self, tmp_path: Path) -> None:
        out = tmp_path / "out.json"
        text = XERO.replace("-1250.00", "-1200.00")
        code, data = run_json(*self.args(tmp_path, text))
        assert code == 1
        assert [f["rule"] for f in data["report"]["findings"]] == ["BUD-TXN-001"]
        assert (data["imported"], data["output"]) == (0, None)
        assert not out.exists()

    def test_accounts_outside_the_chart_are_refused(self, tmp_path: Path) -> None:
        text = XERO.replace(",2000,", ",2999,")
        code, output = run(*self.args(tmp_path, text))
        assert code == 2
        assert "accounts not in the budget file's chart: 2999" in output

    def test_a_bad_line_is_exit_two_with_its_number(self, tmp_path: Path) -> None:
        text = XERO + "X,someday,,6100,N,1.00,,\n"
        code, output = run(*self.args(tmp_path, text))
        assert code == 2
        assert "journal.csv, line 4: the date 'someday'" in output

    def test_the_table_shows_net_debits_per_account(self, tmp_path: Path) -> None:
        code, output = run(*self.args(tmp_path))
        assert code == 0
        assert "1,250.00" in output
        assert "written to" in output

    def test_a_quickbooks_journal_report_is_read_with_layout_quickbooks(
        self, tmp_path: Path
    ) -> None:
        report = (
            "Journal\n\n,Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit\n"
            ',03/12/2026,Bill,INV-9,Acme,,6100 Supplies,"$1,250.00",\n'
            ',,,,,,2000 Payables,,"$1,250.00"\n'
            'TOTAL,,,,,,,"$1,250.00","$1,250.00"\n'
        )
        args = list(self.args(tmp_path, report))
        args[args.index("xero")] = "quickbooks"
        code, data = run_json(*args)
        assert code == 0
        assert data["transactions"] == ["Bill INV-9@2026-03-12"]
        assert data["accounts"] == {"2000": "-1250.00", "6100": "1250.00"}

    def test_a_layout_must_be_named(self, tmp_path: Path) -> None:
        args = list(self.args(tmp_path))
        args[args.index("xero")] = "sage"
        code, output = run(*args)
        assert code == 2
        assert "quickbooks" in output


SLICED: dict[str, Any] = {
    **MINIMAL,
    "budget": {
        "lines": [
            {
                "account": "6100",
                "period": 1,
                "amount": "100.00",
                "dimensions": {"cost_centre": "CLINIC", "provider": "P1"},
            },
            {
                "account": "6100",
                "period": 1,
                "amount": "40.00",
                "dimensions": {"cost_centre": "LAB"},
            },
        ]
    },
    "transactions": [
        {
            "id": "T1",
            "date": "2026-01-10",
            "legs": [
                {
                    "account": "6100",
                    "amount": "130.00",
                    "dimensions": {"cost_centre": "CLINIC", "provider": "P2"},
                },
                {"account": "6100", "amount": "5.00", "dimensions": {"cost_centre": "LAB"}},
                {"account": "2000", "amount": "-135.00"},
            ],
        }
    ],
}


class TestWhere:
    def test_variance_of_one_cost_centre_counts_cells_tagged_with_a_provider(
        self, tmp_path: Path
    ) -> None:
        budget = write(tmp_path, SLICED)
        code, data = run_json("variance", budget, "--where", "cost_centre=CLINIC")
        assert code == 0
        (row,) = [r for r in data["rows"] if r["account"] == "6100"]
        assert (row["budget"], row["actual"]) == ("100.00", "130.00")

    def test_a_slice_can_be_kept_by_another_dimension(self, tmp_path: Path) -> None:
        budget = write(tmp_path, SLICED)
        code, data = run_json(
            "variance", budget, "--where", "cost_centre=CLINIC", "--by", "provider"
        )
        assert code == 0
        rows = {r["dimensions"].get("provider"): r for r in data["rows"]}
        assert (rows["P1"]["budget"], rows["P1"]["actual"]) == ("100.00", "0.00")
        assert rows["P2"]["actual"] == "130.00"

    def test_pnl_and_forecast_take_the_slice(self, tmp_path: Path) -> None:
        budget = write(tmp_path, SLICED)
        code, pnl = run_json("pnl", budget, "--where", "cost_centre=LAB")
        assert code == 0
        assert (pnl["expense"]["total"]["budget"], pnl["expense"]["total"]["actual"]) == (
            "40.00",
            "5.00",
        )
        code, forecast = run_json(
            "forecast", budget, "--as-of", "2026-01-31", "--where", "cost_centre=LAB"
        )
        assert code == 0
        (supplies,) = [a for a in forecast["accounts"] if a["account"] == "6100"]
        methods = {f["method"] for f in supplies["forecasts"]}
        assert "seasonal" not in methods
        assert methods

    def test_a_bad_slice_is_exit_two(self, tmp_path: Path) -> None:
        budget = write(tmp_path, SLICED)
        code, output = run("variance", budget, "--where", "ward=3")
        assert code == 2
        assert "unknown dimensions: ward" in output


BEANCOUNT = """\
2026-03-12 * "Acme" "March supplies" ^bill-9
  cost_centre: "CLINIC"
  Expenses:6100-Supplies   1,250.00 USD
  Liabilities:2000-Payables
"""


class TestImportBeancount:
    def test_a_beancount_ledger_is_read_with_layout_beancount(self, tmp_path: Path) -> None:
        ledger = tmp_path / "books.beancount"
        ledger.write_text(BEANCOUNT, encoding="utf-8")
        out = tmp_path / "out.json"
        code, data = run_json(
            "import-actuals",
            write(tmp_path, MINIMAL),
            str(ledger),
            "--layout",
            "beancount",
            "--output",
            str(out),
        )
        assert code == 0
        assert data["transactions"] == ["bill-9"]
        assert data["accounts"] == {"2000": "-1250.00", "6100": "1250.00"}
        code, variance = run_json("variance", str(out), "--where", "cost_centre=CLINIC")
        assert code == 0
        (row,) = [r for r in variance["rows"] if r["account"] == "6100"]
        assert row["actual"] == "1250.00"

    def test_a_ledger_line_that_cannot_be_read_is_exit_two_naming_it(self, tmp_path: Path) -> None:
        ledger = tmp_path / "books.beancount"
        ledger.write_text(BEANCOUNT.replace("USD\n", "EUR\n", 1), encoding="utf-8")
        code, output = run(
            "import-actuals",
            write(tmp_path, MINIMAL),
            str(ledger),
            "--layout",
            "beancount",
            "--output",
            str(tmp_path / "out.json"),
        )
        assert code == 2
        assert "books.beancount, line 3" in output
        assert not (tmp_path / "out.json").exists()

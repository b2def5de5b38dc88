"""``medoffice remits post``, ``ar aging`` and ``denials``, over a SQLite database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from medoffice.adapters.bridges._revenue import billed_claim
from medoffice.adapters.formats.x12._convert import to_claim
from medoffice.adapters.formats.x12._reader import read_837p_all
from medoffice.adapters.formats.x12._remit_writer import remittances_to_835
from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.cli._main import main
from medoffice.kernel import Money
from medoffice.testing._era_generator import synthetic_remittance
from medoffice.testing._x12_generator import generate_837p

_KEYS = InMemoryClaimHistory(secret=b"0123456789abcdef")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def run_json(*args: str) -> tuple[int, Any]:
    code, output = run(*args, "--format", "json")
    return code, json.loads(output)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """An 837P of 12 claims, an 835 answering them (2 denied), and an unbalanced 835."""
    claims_837 = generate_837p(12, seed=3)
    (tmp_path / "claims.837").write_bytes(claims_837)
    billed = [
        billed_claim(to_claim(c), billed_on=date(2026, 3, 5), patient_key=_KEYS.patient_key)
        for c in read_837p_all(claims_837).claims
    ]
    outcomes = ["paid"] * 9 + ["denied", "denied", "non_covered"]
    era = synthetic_remittance(billed, seed=3, outcomes=outcomes, paid_on=date(2026, 4, 1))
    (tmp_path / "era.835").write_bytes(remittances_to_835([era]))
    off = attrs.evolve(era, trace="OFF", payment=era.payment + Money.of("1", "USD"))
    (tmp_path / "off.835").write_bytes(remittances_to_835([off]))
    return {
        "db": str(tmp_path / "office.db"),
        "claims": str(tmp_path / "claims.837"),
        "era": str(tmp_path / "era.835"),
        "off": str(tmp_path / "off.835"),
    }


def post_args(files: dict[str, str], name: str) -> tuple[str, ...]:
    """The arguments that bill the 837P's claims on 5 March and post the file ``name``."""
    claims = ("--claims", files["claims"], "--billed-on", "2026-03-05")
    return ("remits", "post", files[name], *claims, "--db", files["db"])


class TestPost:
    def test_posting_bills_the_claims_and_posts_once(self, files: dict[str, str]) -> None:
        """The first run bills 12 claims and posts; the second posts nothing new."""
        code, first = run_json(*post_args(files, "era"))
        assert code == 0
        assert first["billed"] == 12
        (posting,) = first["files"][0]["postings"]
        assert (posting["duplicate"], posting["work"]) == (False, [])
        assert posting["denials"] >= 2
        code, second = run_json("remits", "post", files["era"], "--db", files["db"])
        assert code == 0
        assert second["files"][0]["postings"][0]["duplicate"] is True

    def test_an_unbalanced_file_exits_1_with_its_finding(self, files: dict[str, str]) -> None:
        """A payment that does not add up is an ERA-BAL-PAYMENT finding and exit 1."""
        code, out = run_json(*post_args(files, "off"))
        assert code == 1
        assert [f["rule"] for f in out["files"][0]["report"]["findings"]] == ["ERA-BAL-PAYMENT"]

    def test_the_table_names_each_remittance(self, files: dict[str, str]) -> None:
        """People see one row per remittance."""
        code, out = run(*post_args(files, "era"))
        assert code == 0
        assert "Remittances posted" in out

    def test_a_missing_file_exits_2(self, files: dict[str, str], tmp_path: Path) -> None:
        """An unreadable file is bad input, never a traceback."""
        code, out = run("remits", "post", str(tmp_path / "nope.835"), "--db", files["db"])
        assert code == 2
        assert "error" in out


class TestAgingAndDenials:
    def test_aging_and_the_denial_work_list(self, files: dict[str, str]) -> None:
        """After posting, the open balances age by payer and patient; denials list their action."""
        run(*post_args(files, "era"))
        code, by_payer = run_json("ar", "aging", "--as-of", "2026-04-30", "--db", files["db"])
        assert code == 0
        keys = [row["key"] for row in by_payer["rows"]]
        assert "patient" in keys
        code, by_patient = run_json(
            "ar", "aging", "--as-of", "2026-04-30", "--by", "patient", "--db", files["db"]
        )
        assert code == 0
        assert by_patient["by"] == "patient"
        code, denials = run_json("denials", "--db", files["db"])
        assert code == 0
        actions = {d["action"] for d in denials["denials"]}
        assert "bill_patient" in actions
        code, none = run_json("denials", "--since", "2027-01-01", "--db", files["db"])
        assert none["denials"] == []
        code, table = run("ar", "aging", "--as-of", "2026-04-30", "--db", files["db"])
        assert "121+" in table
        code, table = run("denials", "--db", files["db"])
        assert "Denials (" in table


@pytest.mark.parametrize("option", ["remittance", "--claims"])
def test_a_file_that_is_not_x12_is_named_in_the_error(tmp_path: Path, option: str) -> None:
    """An empty 835 or 837P given to remits post: exit 2, one line naming the file."""
    empty = tmp_path / "empty.x12"
    empty.write_bytes(b"")
    good = tmp_path / "good.835"
    good.write_text("", encoding="utf-8")
    db = str(tmp_path / "office.db")
    args = (
        [str(empty), "--db", db]
        if option == "remittance"
        else [str(good), "--claims", str(empty), "--db", db]
    )
    result = CliRunner().invoke(main, ["remits", "post", *args])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"medoffice: error: {empty}: the input is empty"

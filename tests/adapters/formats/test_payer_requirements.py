"""Payer requirement profiles read from TOML and JSON; bad files name the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.formats.payer_requirements import (
    load_payer_requirements,
    parse_payer_requirements,
)
from medoffice.authorizations._requirements import RequirementKind
from medoffice.kernel import InvalidValue

HEAD = "[[requirements]]\nid = 'X'\nkind = 'referral'\nsource = 's'\n"
GIFT = HEAD.replace("referral", "gift")
EXAMPLE = Path(__file__).parents[3] / "examples" / "authorizations" / "requirements.toml"


class TestReading:
    def test_the_shipped_example_is_cited(self) -> None:
        """Every requirement of the example names its source, and the CMS ones a URL."""
        book = load_payer_requirements(EXAMPLE)
        assert len(book) == 4
        assert all(r.source for r in book.requirements)
        medicare = [r for r in book.requirements if r.id.startswith("CMS-")]
        assert all(r.url.startswith("https://") for r in medicare)
        first = book.requirements[0]
        assert first.effective.first == date(2020, 7, 1)
        assert first.effective.is_open_ended
        assert first.concerns("15822")

    def test_json_reads_like_toml(self, tmp_path: Path) -> None:
        """A JSON profile with the same fields gives the same requirements."""
        data = {
            "requirements": [
                {
                    "id": "X",
                    "kind": "referral",
                    "specialists": True,
                    "plan_types": ["hmo"],
                    "effective_from": "2026-01-01",
                    "effective_to": "2026-12-31",
                    "source": "handbook",
                }
            ]
        }
        path = tmp_path / "r.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        (rule,) = load_payer_requirements(path).requirements
        assert rule.kind is RequirementKind.REFERRAL
        assert rule.effective.last == date(2026, 12, 31)


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "field"),
        [
            ("requirements = 3", "requirements"),
            ("colour = 1", "colour"),
            (
                HEAD + "specialists = true",
                "effective_from",
            ),
            (
                (HEAD + "specialists = 'yes'\neffective_from = '2026-01-01'"),
                "specialists",
            ),
            (
                (HEAD + "specialists = true\neffective_from = 'soon'"),
                "effective_from",
            ),
            (
                (GIFT + "specialists = true\neffective_from = 2026-01-01"),
                "requirements[0]",
            ),
            (
                (HEAD + "procedures = '97110'\neffective_from = 2026-01-01"),
                "procedures",
            ),
            (
                (HEAD + "specialists = true\neffective_from = 2026-01-01\nwhen = 1"),
                "when",
            ),
            ("[[requirements]]\nid = ''\neffective_from = 2026-01-01", "id"),
            ("requirements = [1]", "requirements[0]"),
            ("not toml at all [", "TOML"),
        ],
    )
    def test_a_bad_profile_names_the_field(self, text: str, field: str) -> None:
        """Whatever is wrong, the error names where."""
        with pytest.raises(InvalidValue, match=field.replace("[", r"\[").replace("]", r"\]")):
            parse_payer_requirements(text)

    def test_a_json_list_at_the_top_is_refused(self) -> None:
        """The top level is an object."""
        with pytest.raises(InvalidValue, match="top"):
            parse_payer_requirements("[]", syntax="json")

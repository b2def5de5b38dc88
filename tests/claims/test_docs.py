"""The committed rule catalogue page is generated from the rules' metadata."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from medoffice.claims._catalogue import RULES, render_rule_catalogue

DOCS = Path(__file__).parents[2] / "docs"


class TestTheRuleCatalogueIsFresh:
    def test_docs_rules_md_matches_the_catalogue(self) -> None:
        """docs/rules.md is what render_rule_catalogue() produces today."""
        committed = (DOCS / "rules.md").read_text(encoding="utf-8")
        assert committed == render_rule_catalogue(), (
            "docs/rules.md is stale: regenerate it with "
            "`.venv/bin/python -m medoffice.claims > docs/rules.md`"
        )

    def test_the_regeneration_command_prints_the_page(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``python -m medoffice.claims`` prints exactly the committed page."""
        runpy.run_module("medoffice.claims", run_name="__main__")
        assert capsys.readouterr().out == (DOCS / "rules.md").read_text(encoding="utf-8")

    def test_every_rule_has_a_summary_and_an_authority(self) -> None:
        """No rule goes undocumented."""
        for rule in RULES:
            assert rule.summary.endswith(".")
            assert rule.authority

    def test_the_guide_documents_every_rule_id_in_the_default_profile(self) -> None:
        """docs/claims.md names each rule that is off by default or needs optional data."""
        guide = (DOCS / "claims.md").read_text(encoding="utf-8")
        for rule in RULES:
            if not rule.enabled or rule.needs.value != "nothing":
                assert rule.id in guide

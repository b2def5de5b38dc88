"""Rule profiles from TOML and JSON: layers, and clear errors for bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.claims._check import CheckContext
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.kernel import InvalidArgument, InvalidValue, Severity

TOML = """
name = "acme"
[rules.DX-UNSPECIFIED]
severity = "warning"
[payer_types.medicare.rules.DX-DUPLICATE]
enabled = false
[payers."60054".rules.ADM-TIMELY-FILING]
days = 90
"""


class TestProfileLayers:
    def test_the_payer_layer_wins_over_the_type_and_the_base(self) -> None:
        """Base, payer type and payer id are laid over one another in that order."""
        profile = Profile(
            rules={"DX-DUPLICATE": RuleSetting(severity="info", params={"a": 1})},
            payer_types={"commercial": {"DX-DUPLICATE": RuleSetting(enabled=False)}},
            payers={"60054": {"DX-DUPLICATE": RuleSetting(enabled=True, params={"b": 2})}},
        )
        setting = profile.setting_for("DX-DUPLICATE", payer_id="60054", payer_type="commercial")
        assert setting.enabled is True
        assert setting.severity is Severity.INFO
        assert setting.params == {"a": 1, "b": 2}

    def test_a_rule_no_layer_names_has_an_empty_setting(self) -> None:
        """Nothing set means every field is left to the catalogue default."""
        setting = Profile().setting_for("DX-NONE", payer_id="x", payer_type="medicare")
        assert setting == RuleSetting()


class TestReadingProfiles:
    def test_toml_and_json_read_the_same_profile(self) -> None:
        """The same settings written in TOML and JSON give equal profiles."""
        as_json = """{"name": "acme",
          "rules": {"DX-UNSPECIFIED": {"severity": "warning"}},
          "payer_types": {"medicare": {"rules": {"DX-DUPLICATE": {"enabled": false}}}},
          "payers": {"60054": {"rules": {"ADM-TIMELY-FILING": {"days": 90}}}}}"""
        assert Profile.from_toml(TOML) == Profile.from_json(as_json)

    @pytest.mark.parametrize(
        "text",
        [
            "name = 3",
            "colour = 'red'",
            "[rules.DX-NONE]\nenabled = 'yes'",
            "[rules.DX-NONE]\nseverity = 'fatal'",
            "[rules.DX-NONE]\nlimit = [1, 2]",
            "[payers.x]\nfoo = 1",
            "not toml at all [",
        ],
    )
    def test_a_bad_profile_is_a_clear_error(self, text: str) -> None:
        """Wrong types, unknown keys and broken syntax raise InvalidValue."""
        with pytest.raises(InvalidValue):
            Profile.from_toml(text)

    def test_a_bad_json_profile_is_a_clear_error(self) -> None:
        """Broken JSON raises InvalidValue."""
        with pytest.raises(InvalidValue):
            Profile.from_json("{")

    def test_an_unknown_rule_id_is_refused_by_the_context(self) -> None:
        """A profile naming a rule that does not exist is a mistake, caught early."""
        profile = Profile.from_toml("[rules.DX-NO-SUCH-RULE]\nenabled = false")
        with pytest.raises(InvalidArgument):
            CheckContext(
                on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), profile=profile
            )


class TestTheExampleProfile:
    def test_the_shipped_example_profile_is_valid(self) -> None:
        """examples/claims/profile.toml reads and names only real rules."""
        path = Path(__file__).parents[2] / "examples" / "claims" / "profile.toml"
        profile = Profile.from_toml(path.read_text(encoding="utf-8"))
        CheckContext(
            on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), profile=profile
        )
        setting = profile.setting_for(
            "ADM-TIMELY-FILING", payer_id="60054", payer_type="commercial"
        )
        assert setting.params == {"days": 90}

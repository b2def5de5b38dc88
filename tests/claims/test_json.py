"""The JSON form of a claim: round trip, documented schema, and field-naming errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medoffice.claims as claims_module
from medoffice.claims._json import ClaimReadError, claim_from_json, claim_to_json, claims_from_json
from medoffice.claims._model import Claim
from medoffice.testing import sample_claim
from medoffice.testing._claims_strategies import claims

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "docs" / "claim.schema.json").read_text(encoding="utf-8"))


def _problems(text: str) -> tuple[str, ...]:
    with pytest.raises(ClaimReadError) as caught:
        claims_from_json(text)
    return caught.value.problems


class TestRoundTrip:
    def test_the_sample_claim_survives_a_round_trip(self) -> None:
        """Writing and reading back gives the same claim."""
        claim = sample_claim()
        assert claim_from_json(json.dumps(claim_to_json(claim))) == claim

    @settings(max_examples=40, deadline=None)
    @given(claims(max_lines=5))
    def test_any_claim_survives_a_round_trip(self, claim: Claim) -> None:
        """Every claim the strategies draw, garbage included, reads back equal."""
        assert claim_from_json(json.dumps(claim_to_json(claim))) == claim

    def test_a_file_may_hold_a_list_or_a_claims_object(self) -> None:
        """One claim, a list and ``{"claims": [...]}`` are all accepted."""
        one = claim_to_json(sample_claim())
        assert len(claims_from_json(json.dumps(one))) == 1
        assert len(claims_from_json(json.dumps([one, one]))) == 2
        assert len(claims_from_json(json.dumps({"claims": [one]}))) == 1

    def test_a_bare_charge_string_is_us_dollars(self) -> None:
        """``"charge": "12.50"`` reads as 12.50 USD."""
        data = claim_to_json(sample_claim())
        data["lines"][0]["charge"] = "12.50"
        claim = claim_from_json(json.dumps(data))
        assert claim.lines[0].charge.currency.code == "USD"


class TestBadJsonNamesTheField:
    def test_a_wrong_type_is_reported_by_path(self) -> None:
        """A number where the NPI string belongs names ``billing.npi``."""
        problems = _problems((DATA / "bad_types.json").read_text(encoding="utf-8"))
        paths = {p.partition(":")[0] for p in problems}
        assert "claims[0].billing.npi" in paths

    def test_an_impossible_date_is_reported_without_its_value(self) -> None:
        """A bad date of birth names the field and never echoes the date."""
        problems = _problems((DATA / "bad_types.json").read_text(encoding="utf-8"))
        assert any(p.startswith("claims[0].patient.date_of_birth:") for p in problems)
        assert all("1958-13-40" not in p for p in problems)

    def test_an_amount_with_too_many_places_is_reported(self) -> None:
        """A charge of 12.345 USD names the line's charge."""
        problems = _problems((DATA / "bad_types.json").read_text(encoding="utf-8"))
        assert any(p.startswith("claims[0].lines[0].charge:") for p in problems)

    def test_a_misspelt_field_is_refused(self) -> None:
        """An unknown key is reported instead of silently dropped."""
        problems = _problems((DATA / "misspelt_field.json").read_text(encoding="utf-8"))
        assert any("diagnosis" in p for p in problems)

    def test_a_missing_field_is_reported(self) -> None:
        """A claim without a payer names ``payer``."""
        data = claim_to_json(sample_claim())
        del data["payer"]
        assert any(p.startswith("payer:") for p in _problems(json.dumps(data)))

    def test_text_that_is_not_json_is_a_read_error(self) -> None:
        """Broken JSON is a clear error, not a traceback."""
        assert _problems("{not json")

    def test_a_top_level_number_is_a_read_error(self) -> None:
        """Neither a claim nor a list of claims is refused."""
        assert _problems("42")

    def test_a_claim_that_is_not_an_object_is_a_read_error(self) -> None:
        """A list entry that is not an object names its index."""
        assert any(
            p.startswith("claims[1]")
            for p in _problems(json.dumps([claim_to_json(sample_claim()), 7]))
        )


def _schema_fields(name: str) -> tuple[set[str], set[str]]:
    definition: dict[str, Any] = SCHEMA["$defs"][name]
    return set(definition["properties"]), set(definition.get("required", ()))


class TestTheSchemaMatchesTheReader:
    @pytest.mark.parametrize(
        "name", ["Claim", "Provider", "Patient", "Subscriber", "Payer", "ServiceLine", "Address"]
    )
    def test_the_schema_lists_exactly_the_model_fields(self, name: str) -> None:
        """Every field the reader accepts is in the schema, and nothing else."""
        model = getattr(claims_module, name)
        fields = attrs.fields(model)
        properties, required = _schema_fields(name)
        assert properties == {f.name for f in fields}
        assert required == {f.name for f in fields if f.default is attrs.NOTHING}

    @pytest.mark.parametrize("path", sorted((ROOT / "examples" / "claims").glob("*.json")))
    def test_the_examples_read_cleanly(self, path: Path) -> None:
        """Every example claim file reads without a problem."""
        assert claims_from_json(path.read_text(encoding="utf-8"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_FIELDS = st.sampled_from(
    ["patient", "billing", "lines", "diagnoses", "payer", "subscriber", "total_charge", "frequency"]
)


class TestAnyJsonIsReadOrRefusedClearly:
    @settings(max_examples=200, deadline=None)
    @given(_FIELDS, _JSON, st.booleans())
    def test_a_field_replaced_by_any_json_never_escapes_as_another_error(
        self, field: str, value: object, inside_line: bool
    ) -> None:
        """Whatever JSON replaces a field, the reader returns claims or raises ClaimReadError."""
        data = claim_to_json(sample_claim())
        if inside_line:
            data["lines"][0][field if field in data["lines"][0] else "charge"] = value
        else:
            data[field] = value
        text = json.dumps(data)
        try:
            claims = claims_from_json(text)
        except ClaimReadError:
            with pytest.raises(ClaimReadError) as caught:
                claims_from_json(text)
            assert caught.value.problems
        else:
            assert len(claims) == 1

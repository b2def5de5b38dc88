"""The roster file: the JSON layout read into staff members, with errors naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.adapters.formats.roster import (
    load_roster,
    roster_from_mapping,
)
from medoffice.kernel import InvalidValue

EXAMPLE = Path(__file__).parents[3] / "examples" / "credentials" / "roster.json"


class TestRosterFiles:
    def test_the_example_roster_loads(self) -> None:
        """The shipped example roster parses into staff, locations and holidays."""
        roster = load_roster(EXAMPLE)
        assert len(roster.staff) >= 3
        assert roster.locations

    def test_errors_name_the_path_and_never_the_value(self) -> None:
        """A bad date is reported at its path without echoing the person's data."""
        data = {
            "staff": [{"id": "S-1", "role": "rn", "birth_date": "born 1971-08-23", "name": "Dana"}]
        }
        with pytest.raises(InvalidValue) as caught:
            roster_from_mapping(data)
        assert "staff[0].birth_date" in str(caught.value)
        assert "1971" not in str(caught.value)
        assert "Dana" not in str(caught.value)

    def test_unknown_role_is_a_clear_error(self) -> None:
        """A role the model does not know is reported at the staff member's path."""
        with pytest.raises(InvalidValue) as caught:
            roster_from_mapping({"staff": [{"id": "S-1", "role": "wizard"}]})
        assert str(caught.value).startswith("staff[0]")

    def test_duplicate_ids_are_refused(self) -> None:
        """Two staff with one id would hide one of them."""
        with pytest.raises(InvalidValue):
            roster_from_mapping(
                {"staff": [{"id": "S-1", "role": "rn"}, {"id": "S-1", "role": "ma"}]}
            )

    def test_invalid_json_is_a_clear_error(self, tmp_path: Path) -> None:
        """Broken JSON raises InvalidValue naming the line."""
        path = tmp_path / "roster.json"
        path.write_text("{\n  nope", encoding="utf-8")
        with pytest.raises(InvalidValue):
            load_roster(path)

"""The batch requests file: parsed into allocation requests, junk refused naming the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from medoffice.adapters.formats.allocation_requests import load_requests_file, parse_requests
from medoffice.kernel import InvalidValue

WINDOW = {"start": "2026-03-09T08:00:00-05:00", "end": "2026-03-09T12:00:00-05:00"}


def _one(**changes: object) -> dict[str, Any]:
    request: dict[str, Any] = {"id": "r-1", "type": "FU", "patient": "p-1", "windows": [WINDOW]}
    request.update(changes)
    return {"requests": [request]}


class TestParsing:
    def test_every_field_is_read(self) -> None:
        """Providers, preferences, priority, weight, duration, pins and a patient table."""
        batch = parse_requests(
            _one(
                providers=["dr-a", "dr-b"],
                preferred=["dr-b"],
                priority=2,
                weight=3,
                duration_minutes=40,
                resources=["us-1"],
                patient={"ref": "p-1", "established": False, "birth_date": "2001-02-03"},
            )
            | {"practice": "practice.toml", "now": "2026-03-06T17:00:00-05:00"},
            folder=Path("/data"),
        )
        (request,) = batch.requests
        assert request.providers == frozenset({"dr-a", "dr-b"})
        assert (request.preferred, request.priority, request.weight) == (("dr-b",), 2, 3)
        assert (request.duration_minutes, request.resources) == (40, frozenset({"us-1"}))
        assert request.patient.birth_date == date(2001, 2, 3)
        assert not request.patient.established
        assert batch.practice == Path("/data/practice.toml")
        assert batch.now is not None

    @pytest.mark.parametrize(
        ("data", "where"),
        [
            ([], "a table with a list"),
            ({"requests": ["x"]}, "requests[0]"),
            (_one(windows=[]), "requests[0].windows"),
            (_one(windows=["x"]), "requests[0].windows[0]"),
            (_one(windows=[{"start": "soon", "end": "later"}]), "requests[0].windows[0].start"),
            (_one(windows=[{"start": "2026-03-09T08:00:00", "end": "x"}]), "UTC offset"),
            (_one(id=""), "requests[0] needs an id"),
            (_one(providers="dr-a"), "requests[0].providers"),
            (_one(priority="high"), "requests[0].priority"),
            (_one(weight=0), "requests[0]"),
            (_one(patient=7), "requests[0].patient"),
            (_one(patient={"ref": "p", "birth_date": "x"}), "requests[0].patient.birth_date"),
            (_one(patient={"ref": "p", "established": "yes"}), "requests[0].patient.established"),
            ({"requests": [_one()["requests"][0]] * 2}, "own id"),
            (_one() | {"practice": 3}, "practice"),
        ],
    )
    def test_junk_is_refused_naming_the_field(self, data: object, where: str) -> None:
        """Each broken part is an InvalidValue that says where."""
        with pytest.raises(InvalidValue, match=where.replace("[", r"\[").replace("]", r"\]")):
            parse_requests(data)

    def test_a_file_that_is_not_json_is_refused(self, tmp_path: Path) -> None:
        """Broken JSON names the line; a good file loads."""
        broken = tmp_path / "broken.json"
        broken.write_text("{\n  nope", encoding="utf-8")
        with pytest.raises(InvalidValue, match="line 2"):
            load_requests_file(broken)
        good = tmp_path / "good.json"
        good.write_text(json.dumps(_one()), encoding="utf-8")
        assert [r.id for r in load_requests_file(good).requests] == ["r-1"]

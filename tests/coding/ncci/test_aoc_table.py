"""The add-on table answers as its edits say, whatever their days, types and primaries."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.ncci import AocEdit, AocTable, AocVersion, Quarter

_START = date(2020, 1, 1)
_CODES = ("99292", "99359", "11045")
_PRIMARIES = ("99291", "99213", "CCCCC")
_DAYS = st.integers(min_value=0, max_value=60).map(lambda n: _START + timedelta(days=n))


@st.composite
def _edits(draw: st.DrawFn) -> AocEdit:
    effective = draw(_DAYS)
    deleted = draw(st.one_of(st.none(), _DAYS.filter(lambda d: d >= effective)))
    return AocEdit(
        add_on=draw(st.sampled_from(_CODES)),
        primary=draw(st.sampled_from(_PRIMARIES)),
        type=draw(st.integers(min_value=1, max_value=3)),
        effective=effective,
        deleted=deleted,
        add_on_deleted=draw(st.one_of(st.none(), _DAYS)),
        note=draw(st.sampled_from(("", "see CPT"))),
    )


@given(st.lists(_edits(), max_size=12), st.lists(_DAYS, min_size=1, max_size=5))
def test_the_table_answers_as_its_edits_say(edits: list[AocEdit], days: list[date]) -> None:
    """Each answer is that of a walk over the edits in force on the day."""
    version = AocVersion.of(version="AOC-2020Q1", quarter=Quarter(2020, 1), edits=edits)
    table = AocTable.of(version)
    assert [(e.add_on, e.primary, e.note, e.version) for e in version.edits] == [
        (e.add_on, e.primary, e.note, "AOC-2020Q1") for e in edits
    ]
    assert [(e.effective, e.deleted, e.add_on_deleted, e.type) for e in version.edits] == [
        (e.effective, e.deleted, e.add_on_deleted, e.type) for e in edits
    ]
    for day in days:
        in_force = [e for e in version.edits if e.in_force_on(day)]
        for code in _CODES:
            assert table.is_add_on(code, on=day) == any(e.add_on == code for e in in_force)
            assert table.primaries(code, on=day) == tuple(e for e in in_force if e.add_on == code)
            for primary in _PRIMARIES:
                listed = any(e.add_on == code and e.primary == primary for e in in_force)
                assert table.supports(code, primary, on=day) == listed

"""The reader builds its values without checking again what it has just read: same values."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

import attrs
from hypothesis import event, given
from hypothesis import strategies as st
from tests.adapters.formats.x12._rebuild import assert_built_as_public

from medoffice.adapters.formats.x12 import X12Claim, X12Line, read_837p_all
from medoffice.adapters.formats.x12._claims import _line_of_part, _new_line
from medoffice.adapters.formats.x12._elements import day
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.adapters.formats.x12._values import AddressDraft, PersonDraft, clean_person
from medoffice.kernel import Finding
from medoffice.testing import generate_837p


class TestValuesBuiltOnce:
    def test_generated_claims_equal_the_public_constructors(self) -> None:
        """Claims, lines, people and addresses equal (and hash as) the public constructors'."""
        claims = read_837p_all(generate_837p(40, seed=11)).claims
        assert len(claims) == 40
        for claim in claims:
            assert_built_as_public(claim)

    def test_a_claim_with_a_patient_loop_equals_the_public_constructors(
        self, fixtures: Path
    ) -> None:
        """The hand-written fixture (patient loop, pipes, CRLF) is built as the constructors do."""
        (claim,) = read_837p_all(fixtures / "patient_loop_pipes.x12").claims
        assert claim.patient is not None
        assert_built_as_public(claim)

    def test_a_claim_with_findings_equals_the_public_constructors(self, one_claim: bytes) -> None:
        """Values the reader could not read (None) and the claim's findings are built alike."""
        data = one_claim.replace(b"SV1*HC:", b"SV1*XX:", 1).replace(b"*D8*", b"*D8*2026", 1)
        (claim,) = read_837p_all(data).claims
        assert claim.findings
        assert_built_as_public(claim)

    def test_every_field_of_a_read_claim_is_set(self, one_claim: bytes) -> None:
        """No slot is left unset: every field of the claim and its lines can be read."""
        (claim,) = read_837p_all(one_claim).claims
        assert set(attrs.asdict(claim, recurse=False)) == {f.name for f in attrs.fields(X12Claim)}
        for line in claim.lines:
            assert len(attrs.asdict(line, recurse=False)) == len(attrs.fields(type(line)))


def _by_parts(value: str) -> date | None:
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


class TestDates:
    @given(st.text(alphabet="0123456789", min_size=8, max_size=8))
    def test_a_ccyymmdd_date_is_the_calendar_day_its_digits_say(self, value: str) -> None:
        """Eight digits read as year, month and day, or None when there is no such day."""
        assert day(value) == _by_parts(value)

    def test_text_that_is_not_eight_digits_is_no_date(self) -> None:
        """Week dates, separators, signs and blanks are refused, as the CCYYMMDD form says."""
        for value in ("2026W011", "2026-3-2", "+2026030", "2026030 ", "202603022", ""):
            assert day(value) is None


class TestSubscribersStartAfresh:
    def test_a_subscriber_keeps_nothing_of_the_one_before(self) -> None:
        """A subscriber without N3, N4 and DMG has no address and no date of birth of its own."""
        data = generate_837p(2, seed=11)
        first, second = data.split(b"HL*3*1*22*0~")
        for segment in (b"N3*4820 LAKE RD~", b"N4*SPRINGFIELD*IL*62710~", b"DMG*D8*19860728*F~"):
            assert segment in second
            second = second.replace(segment, b"")
        second = second.replace(b"SE*46*", b"SE*43*")
        claims = read_837p_all(first + b"HL*3*1*22*0~" + second).claims
        assert claims[0].subscriber.address is not None
        assert claims[0].subscriber.date_of_birth == date(1993, 6, 2)
        assert claims[1].subscriber.address is None
        assert claims[1].subscriber.date_of_birth is None
        assert claims[1].subscriber.sex == ""

    def test_a_cleared_draft_is_a_new_draft(self) -> None:
        """Every field of a person's draft, its address's included, goes back to its default."""
        draft = PersonDraft(
            sex="F",
            last_name="DOE",
            first_name="JO",
            member_id="M1",
            date_of_birth=date(1990, 1, 2),
        )
        draft.address = AddressDraft(lines=("1 MAIN ST",), city="X", state="IL", postal_code="1")
        assert attrs.fields(PersonDraft)[-1].name == "address"
        assert all(getattr(draft, f.name) != f.default for f in attrs.fields(PersonDraft)[:-1])
        assert all(getattr(draft.address, f.name) != f.default for f in attrs.fields(AddressDraft))
        draft.clear()
        assert draft == PersonDraft()


def _elements(sid: str, *values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """A segment's elements (the id first), most often whole, else cut after any of them."""
    cut = st.sampled_from([len(values) + 1] * 6 + list(range(1, len(values) + 1)))
    return st.tuples(*values, cut).map(lambda drawn: [sid, *drawn[:-1]][: drawn[-1]])


_NAME: Final = st.sampled_from(["DOE", "JANE", "", "A" * 60, "A" * 61])
_ID: Final = st.sampled_from(["SYN1", "", "M" * 80, "M" * 81])
_PLACE: Final = st.sampled_from(["SPRINGFIELD", "IL", "62701", ""])
_DAY: Final = st.sampled_from(
    ["19890816", "20000229"] * 3 + ["", "20260230", "1989081", "2000-1-1"]
)


class TestPeopleReadAtOnce:
    @given(
        _elements(
            "NM1", st.just("IL"), st.just("1"), _NAME, _NAME, *[st.just("")] * 3, st.just("MI"), _ID
        ),
        _elements("N3", st.sampled_from(["1 MAIN ST", ""]), st.sampled_from(["", "APT 2"])),
        _elements("N4", _PLACE, _PLACE, _PLACE),
        _elements(
            "DMG", st.sampled_from(["D8"] * 6 + ["RD8", ""]), _DAY, st.sampled_from(["F", ""])
        ),
    )
    def test_a_person_read_at_once_is_the_one_the_draft_reads(
        self, name: list[str], street: list[str], city: list[str], demographics: list[str]
    ) -> None:
        """clean_person gives what a clear draft reading NM1, N3, N4 and DMG freezes into, when
        none of them has a finding; a draft holding it (thaw) is that draft."""
        draft = PersonDraft()
        problems: list[Finding] = []
        draft.read_name(Segment(1, 0, tuple(name)), problems.append)
        draft.read_street(Segment(2, 0, tuple(street)))
        draft.read_city(Segment(3, 0, tuple(city)))
        draft.read_demographics(Segment(4, 0, tuple(demographics)), problems.append)
        if len(street) < 2 or len(demographics) < 3 or not (demographics[1] and demographics[2]):
            return  # the reader reads such elements the general way (see _Reader._block)
        person = clean_person(name, street, city, demographics)
        event("read at once" if person is not None else "left to the general way")
        if person is None:
            assert problems or not street[1]
            return
        assert not problems
        assert person == draft.freeze()
        assert_built_as_public(person)
        thawed = PersonDraft()
        thawed.thaw(person)
        assert thawed == draft


class TestLinesOfParts:
    @given(st.sampled_from(["99213", "J1100"]), st.dates(), st.dates(), st.booleans())
    def test_a_line_of_a_part_is_the_line_of_its_fields(
        self, procedure: str, start: date, end: date, emergency: bool
    ) -> None:
        """The line read_lines builds from a line part equals the one of the same fields in
        order, built as the public constructor builds it."""
        before = ("HC", procedure, ("25",), None, "UN", None, "11", (1, 2))
        fields = [None if f.default is attrs.NOTHING else f.default for f in attrs.fields(X12Line)]
        after = (*fields[12:14], emergency, *fields[15:])
        line = _line_of_part(3, 40, before, (start, end), after)
        assert line == _new_line(3, 40, *before, start, end, *after)
        assert (line.service_from, line.service_to, line.emergency) == (start, end, emergency)
        assert_built_as_public(line)

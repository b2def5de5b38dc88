"""The prepared facts of a claim: the patient's age on a date, the dates of each diagnosis."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryDiagnosisCodes, InMemoryDiagnosisEdits
from medoffice.claims._diagnoses import DiagnosisAnalysis, DxKey, Status, analyse
from medoffice.claims._facts import age_on
from medoffice.claims._model import Claim
from medoffice.testing import sample_claim
from medoffice.testing._claims_strategies import claims

_DAYS = st.dates(min_value=date(1880, 1, 1), max_value=date(2100, 12, 31))


class TestAgeOn:
    @given(_DAYS, _DAYS)
    def test_whole_years_as_the_calendar_counts_them(self, birth: date, day: date) -> None:
        """The age is the number of whole years from the birth date (on or after it)."""
        if day >= birth:
            assert age_on(birth, day) == relativedelta(day, birth).years

    def test_a_29_february_birthday_counts_on_1_march(self) -> None:
        """In a year without 29 February the birthday has not come on 28 February."""
        assert age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25
        assert age_on(date(2000, 2, 29), date(2026, 3, 1)) == 26
        assert age_on(date(2000, 2, 29), date(2028, 2, 29)) == 28


def _dates_by_definition(claim: Claim) -> tuple[tuple[date, ...], ...]:
    """Each diagnosis's dates: those of the lines pointing at it, else the first date."""
    starts = [line.service_from for line in claim.lines]
    default = (min(starts),) if starts else ()
    found = []
    for j in range(len(claim.diagnoses)):
        days = {ln.service_from for ln in claim.lines if j + 1 in ln.pointers}
        found.append(tuple(sorted(days)) if days else default)
    return tuple(found)


def _one_day(claim: Claim) -> Claim:
    if not claim.lines:
        return claim
    day = claim.lines[0].service_from
    return attrs.evolve(
        claim, lines=tuple(attrs.evolve(ln, service_from=day) for ln in claim.lines)
    )


class TestTheDatesOfEachDiagnosis:
    @settings(max_examples=100, deadline=None)
    @given(claims(max_lines=6, max_diagnoses=6), st.booleans())
    def test_the_dates_of_the_lines_that_point_at_it(self, claim: Claim, one_day: bool) -> None:
        """On one day or several, each diagnosis gets its lines' dates and the pointed set."""
        claim = _one_day(claim) if one_day else claim
        analysis = DiagnosisAnalysis(claim, InMemoryDiagnosisCodes.sample(), {})
        assert analysis.dx_dates == _dates_by_definition(claim)
        count = len(claim.diagnoses)
        pointed = {p for ln in claim.lines for p in ln.pointers if 1 <= p <= count}
        assert analysis.referenced == pointed
        days = {ln.service_from for ln in claim.lines}
        if analysis.single_day is not None:
            assert days == {analysis.single_day}
        elif one_day and claim.lines:
            raise AssertionError("a claim whose lines are all on one day has a single day")


_COVERED = date(2026, 3, 2)  # a date of service the sample code set covers
_VALID = ("E11.9", "E11.65", "I10", "J06.9", "M54.50", "Z00.00", "Z79.4", "O80", "G30.9")
_OTHERS = ("F02.80", "S72.001", "W19.XXXA", "T3601A", "E11", "11", "e11.9 ")


def _fields(analysis: DiagnosisAnalysis) -> tuple[object, ...]:
    """What the rules read of an analysis (sequences as tuples, whatever their type)."""
    return (
        analysis.dx,
        analysis.dx_dates,
        analysis.dx_status,
        {status: tuple(indexes) for status, indexes in analysis.dx_by_status.items()},
        tuple(analysis.manifestations),
        analysis.referenced,
        analysis.first_service,
        analysis.last_day,
        analysis.single_day,
        analysis.memo,
        analysis.edits_found(InMemoryDiagnosisEdits.sample()),
    )


def _outcome(make: Callable[[], DiagnosisAnalysis]) -> tuple[object, ...]:
    """The fields of the analysis made, or the type of the error it raised."""
    try:
        return _fields(make())
    except Exception as error:  # the type of the error is the outcome compared
        return ("raised", type(error).__name__)


@st.composite
def _mostly_plain(draw: st.DrawFn) -> Claim:
    """Claims most of which take the fast path: valid codes, every line on one day, pointers in
    range; now and then a code of another kind, a second day, a pointer out of range, or a
    value of the wrong type (a claim the checker cannot prepare)."""
    claim = draw(claims(max_lines=6, max_diagnoses=6))
    mixed = draw(st.booleans())
    pool = st.sampled_from(_VALID + _OTHERS) if mixed else st.sampled_from(_VALID)
    diagnoses = tuple(draw(st.lists(pool, max_size=6)))
    lines = claim.lines
    one_day = draw(st.integers(0, 3)) > 0
    if lines and one_day:
        day = lines[0].service_from
        lines = tuple(attrs.evolve(ln, service_from=day) for ln in lines)
    elif draw(st.booleans()):  # a few days the sample code set covers, pointers in range
        days = st.sampled_from([_COVERED + timedelta(days=n) for n in range(3)])
        pointers = st.lists(st.integers(1, max(1, len(diagnoses))), max_size=3, unique=True)
        lines = tuple(
            attrs.evolve(ln, service_from=draw(days), service_to=None, pointers=draw(pointers))
            for ln in lines
        )
    if draw(st.integers(0, 3)):
        count = len(diagnoses)
        lines = tuple(
            attrs.evolve(ln, pointers=[p for p in ln.pointers if 1 <= p <= count]) for ln in lines
        )
    claim = attrs.evolve(claim, diagnoses=diagnoses, lines=lines)
    broken = draw(st.integers(0, 9))
    if broken == 0 and lines:  # values the model's validators would refuse
        line = attrs.evolve(lines[-1])
        object.__setattr__(line, draw(st.sampled_from(("service_from", "pointers"))), None)
        object.__setattr__(claim, "lines", (*lines[:-1], line))
    elif broken == 1:
        object.__setattr__(claim, "diagnoses", (*diagnoses, ["E11.9"]))
    elif broken == 2 and lines:
        line = attrs.evolve(lines[0])
        object.__setattr__(line, "pointers", (1, "2"))
        object.__setattr__(claim, "lines", (line, *lines[1:]))
    return claim


def _warm(claim: Claim, codes: InMemoryDiagnosisCodes, cache: dict[DxKey, Status]) -> None:
    """Each of the claim's codes classified on each of its days (as by earlier claims)."""
    written: tuple[object, ...] = claim.diagnoses  # not all strings on a broken claim
    raws = tuple(raw for raw in written if isinstance(raw, str))
    sample = sample_claim()
    for line in claim.lines:
        if isinstance(line.service_from, date):
            one = attrs.evolve(sample.lines[0], service_from=line.service_from, pointers=(1,))
            DiagnosisAnalysis(attrs.evolve(sample, diagnoses=raws, lines=(one,)), codes, cache)


class TestTheFastAnalysis:
    @settings(max_examples=300, deadline=None)
    @given(_mostly_plain())
    def test_it_is_the_class_own_analysis(self, claim: Claim) -> None:
        """``analyse`` gives what the class computes (or raises the class's error), whether the
        codes were met before (the fast path) or not."""
        codes = InMemoryDiagnosisCodes.sample()
        cache: dict[DxKey, Status] = {}
        _warm(claim, codes, cache)  # the codes met before, even on a claim that fails
        general = _outcome(lambda: DiagnosisAnalysis(claim, codes, cache))
        assert _outcome(lambda: analyse(claim, codes, cache)) == general
        assert _outcome(lambda: analyse(claim, codes, {})) == general

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.sampled_from(_VALID + _OTHERS), min_size=1, max_size=6),
        st.integers(0, 2),
        st.data(),
    )
    def test_a_claim_on_one_covered_day(
        self, diagnoses: list[str], offset: int, data: st.DataObject
    ) -> None:
        """Every line on one day the code set covers, its pointers in range, its codes met
        before (valid, a manifestation, invalid, not billable): the fast path's one loop over
        the codes and their statuses gives the class's analysis."""
        base = sample_claim()
        day = _COVERED + timedelta(days=offset)
        pointers = st.lists(st.integers(1, len(diagnoses)), min_size=1, max_size=4, unique=True)
        lines = tuple(
            attrs.evolve(ln, service_from=day, service_to=None, pointers=tuple(data.draw(pointers)))
            for ln in base.lines[: data.draw(st.integers(1, len(base.lines)))]
        )
        claim = attrs.evolve(base, diagnoses=tuple(diagnoses), lines=lines)
        codes = InMemoryDiagnosisCodes.sample()
        cache: dict[DxKey, Status] = {}
        _warm(claim, codes, cache)
        general = _outcome(lambda: DiagnosisAnalysis(claim, codes, cache))
        assert _outcome(lambda: analyse(claim, codes, cache)) == general

    def test_a_plain_claim_takes_the_fast_path(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """One day, codes met before, all valid: the class is not asked (so the property above
        compares the fast path, not the class with itself)."""
        claim = sample_claim()
        codes = InMemoryDiagnosisCodes.sample()
        cache: dict[DxKey, Status] = {}
        general = _fields(DiagnosisAnalysis(claim, codes, cache))

        def refused(*args: object) -> None:
            raise AssertionError("the class was asked")

        monkeypatch.setattr(DiagnosisAnalysis, "__init__", refused)
        assert _fields(analyse(claim, codes, cache)) == general

"""The prepared facts of a claim: the patient's age on a date, the dates of each diagnosis."""

from __future__ import annotations

from datetime import date

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.claims._diagnoses import DiagnosisAnalysis
from medoffice.claims._facts import age_on
from medoffice.claims._model import Claim
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

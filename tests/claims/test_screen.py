"""The screens answer each of their rules exactly as the rule's own function does."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryDiagnosisEdits
from medoffice.claims._catalogue import SHARED, rule_by_id
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._facts import ContextFacts, Facts
from medoffice.claims._model import Claim
from medoffice.claims._rules_procedures import _shaped
from medoffice.claims._rules_structure import _MODIFIER_SHAPE, _POS_SHAPE
from medoffice.claims._screen import (
    _TWO_DIGITS,
    _TWO_SIGNS,
    DIAGNOSIS_SHARED,
    MODIFIER_SHARED,
    SCREENED,
    STRUCTURE_SHARED,
    _code_kind,
    _lines_uncleared,
    diagnosis_screen,
    structure_screen,
)
from medoffice.claims.ports import AgeGroup, DiagnosisEdit
from medoffice.kernel import DateRange, Finding, Report
from medoffice.testing import sample_claim
from medoffice.testing._claims_strategies import claims, procedure_codes

from ._cases import (
    AUTHORIZATIONS,
    CASES,
    CODES,
    DOS,
    EDITS,
    ON,
    PROCEDURES,
    TABLES,
    Case,
    aged,
    context,
    with_dx,
)


def _facts(claim: Claim, on: date = ON) -> Facts:
    return Facts(
        claim,
        ContextFacts(
            on=on, codes=CODES, edits=EDITS, procedures=PROCEDURES, settings={}, tables=TABLES
        ),
    )


def _assert_same(claim: Claim, on: date = ON) -> None:
    for screen, rule_ids in (STRUCTURE_SHARED, DIAGNOSIS_SHARED, MODIFIER_SHARED):
        screened = screen(_facts(claim, on))
        for rule_id in rule_ids:
            alone = list(rule_by_id(rule_id).check(_facts(claim, on)))
            assert list(screened.get(rule_id) or ()) == alone, rule_id


def _each_rule_alone(claim: Claim, on: date = ON) -> Report:
    """The report of the general path: every rule of the catalogue with data, called alone."""
    every = context(on=on)
    plan = every.plan(claim.payer.payer_id, claim.payer.type)
    findings = [
        Finding(
            rule=rule.id,
            severity=severity,
            message=hit.message,
            path=hit.path,
            value=hit.value,
            source=rule.authority,
        )
        for rule, _, severity in plan.steps
        for hit in rule.check(
            Facts(
                claim,
                ContextFacts(
                    on=on,
                    codes=CODES,
                    edits=EDITS,
                    procedures=PROCEDURES,
                    settings=plan.settings,
                    tables=TABLES,
                    authorizations=AUTHORIZATIONS,
                ),
            )
        )
    ]
    return Report(tuple(findings), not_run=plan.not_run_pairs)


def _near_clean() -> st.SearchStrategy[Claim]:
    """The clean sample claim with one or two of its values changed."""
    base = sample_claim()
    line = base.lines[0]
    changes = st.sampled_from(
        [
            {},
            {"frequency": "7"},
            {"diagnoses": ()},
            {"diagnoses": (*base.diagnoses, base.diagnoses[0])},
            {"lines": ()},
            {"lines": (*base.lines, base.lines[0])},
            {"lines": (attrs.evolve(line, pointers=(1, 1)), *base.lines[1:])},
            {"lines": (attrs.evolve(line, pointers=(9,)), *base.lines[1:])},
            {"lines": (attrs.evolve(line, pointers=()), *base.lines[1:])},
            {"lines": (attrs.evolve(line, pointers=(1, 2, 3, 4, 1)), *base.lines[1:])},
            {"lines": (attrs.evolve(line, modifiers=("2",)), *base.lines[1:])},
            {"lines": (attrs.evolve(line, modifiers=("25", "59", "XS", "LT", "RT")),)},
            {"lines": (attrs.evolve(line, place_of_service="1"), *base.lines[1:])},
            {"lines": (attrs.evolve(line, units=0), *base.lines[1:])},
            {"lines": (attrs.evolve(line, procedure="9921"), *base.lines[1:])},
            {"lines": (attrs.evolve(line, service_to=date(2026, 1, 1)), *base.lines[1:])},
            {"total_charge": None},
        ]
    )
    return st.builds(lambda change: attrs.evolve(base, **change), changes)


def _repeated_codes() -> st.SearchStrategy[Claim]:
    """The clean sample claim with lines of its codes again: on another day, with other
    modifiers (repeat, bypass, E/M, conflicting), another NDC, or as exact duplicates, so the
    screen clears some of its parts and leaves LINE-DUPLICATE or a modifier rule to itself."""
    base = sample_claim()
    modifiers = st.lists(
        st.sampled_from(["25", "59", "XS", "XU", "76", "LT", "RT", "26", "TC"]), max_size=3
    )
    extra = st.builds(
        lambda line, days, mods, ndc: attrs.evolve(
            line,
            service_from=line.service_from + timedelta(days=days),
            modifiers=tuple(mods),
            ndc=ndc,
        ),
        st.sampled_from(base.lines),
        st.sampled_from([0, 0, 1]),
        modifiers,
        st.sampled_from([None, None, "00002143380"]),
    )
    return st.builds(
        lambda own, more, total: attrs.evolve(
            base,
            lines=(*own, *more),
            total_charge=base.total_charge if not total else None,
        ),
        st.lists(
            st.builds(
                lambda line, mods: attrs.evolve(line, modifiers=tuple(mods)),
                st.sampled_from(base.lines),
                modifiers,
            ),
            min_size=1,
            max_size=3,
        ),
        st.lists(extra, max_size=3),
        st.booleans(),
    )


class TestTheScreenAnswersAsEachRuleAlone:
    def test_the_screens_are_the_shared_analyses_of_their_rules(self) -> None:
        """The checker asks each screen for every rule it screens, once per claim."""
        for screen, rule_ids in (STRUCTURE_SHARED, DIAGNOSIS_SHARED, MODIFIER_SHARED):
            assert {rule_id for rule_id in rule_ids if SHARED[rule_id] is screen} == set(rule_ids)
        assert set(SCREENED) == set(STRUCTURE_SHARED[1])

    def test_the_shape_sets_hold_what_the_rules_patterns_match(self) -> None:
        """POS-FORMAT's and MOD-FORMAT's patterns match exactly the screen's strings."""
        signs = [chr(c) for c in range(0x20, 0x7F)] + ["\u0661", "\u00e9"]
        pairs = [a + b for a in signs for b in signs]
        assert {p for p in pairs if _POS_SHAPE.fullmatch(p)} == _TWO_DIGITS
        assert {p for p in pairs if _MODIFIER_SHAPE.fullmatch(p)} == _TWO_SIGNS

    def test_a_clean_claim_is_cleared_without_a_rule_call(self) -> None:
        """The clean sample claim gets the screen's empty answer."""
        assert dict(structure_screen(_facts(sample_claim()))) == {}
        assert dict(diagnosis_screen(_facts(sample_claim()))) == {}

    @pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.rule}@{case.path}")
    def test_every_trigger_and_near_miss(self, case: Case) -> None:
        """Each catalogue case, trigger and near miss, gets each rule's own hits."""
        _assert_same(case.trigger(), case.on)
        _assert_same(case.near_miss(), case.near_on or case.on)

    @settings(max_examples=150, deadline=None)
    @given(_near_clean() | claims(max_lines=6, max_diagnoses=14))
    def test_any_claim(self, claim: Claim) -> None:
        """Clean, nearly clean and garbage claims get each rule's own hits."""
        _assert_same(claim)

    @settings(max_examples=200, deadline=None)
    @given(_repeated_codes())
    def test_codes_on_several_lines(self, claim: Claim) -> None:
        """A code on several lines (duplicates or not) and modifiers that may contradict each
        other, leave LINE-DUPLICATE or a modifier rule to itself: each rule's own hits."""
        _assert_same(claim)
        assert check_claim(claim, context=context()) == _each_rule_alone(claim)


class TestProcedureCodesRemembered:
    """The line screen reads what PX-FORMAT and PX-INVALID-ON-DOS see in a code from a memo."""

    @settings(max_examples=300, deadline=None)
    @given(st.lists(procedure_codes(), min_size=1, max_size=6))
    def test_a_code_is_judged_as_the_rules_judge_it(self, codes: list[str]) -> None:
        """Not shaped, a CPT code (a digit first) or a HCPCS code, the first time and after."""
        for code in codes + codes:
            shaped = _shaped(code)
            assert bool(_code_kind(code)) == shaped
            assert (_code_kind(code) == 1) == (shaped and code[:1].isdigit())

    @settings(max_examples=200, deadline=None)
    @given(st.lists(procedure_codes(), min_size=1, max_size=4))
    def test_the_line_screen_leaves_a_code_to_its_rules(self, codes: list[str]) -> None:
        """Lines of any codes, met before or not: the line screen clears them only when
        PX-FORMAT and PX-INVALID-ON-DOS find nothing (each rule's own hits, twice)."""
        base = sample_claim()
        claim = attrs.evolve(
            base,
            lines=tuple(attrs.evolve(base.lines[0], procedure=code) for code in codes),
            total_charge=None,
        )
        for _ in range(2):
            if not _lines_uncleared(_facts(claim)):
                for rule_id in ("PX-FORMAT", "PX-INVALID-ON-DOS"):
                    assert not rule_by_id(rule_id).check(_facts(claim))
            _assert_same(claim)


class TestWhatTheContextRemembers:
    """A screen keeps what it learns of a diagnosis, a modifier or a place on a day in the
    context: a claim met after others with the same values gets the report it gets alone."""

    @pytest.mark.parametrize("backwards", [False, True])
    def test_the_catalogue_cases_through_one_context(self, backwards: bool) -> None:
        """Every trigger and near miss, one after another (a Z code first then later, an
        unknown modifier, a place on two days), through one context and each through a fresh
        one, give the same reports."""
        claims = [
            (claim, on)
            for case in CASES
            for claim, on in (
                (case.trigger(), case.on),
                (case.near_miss(), case.near_on or case.on),
            )
        ]
        if backwards:
            claims.reverse()
        shared: dict[date, CheckContext] = {}
        for claim, on in claims:
            once = shared.setdefault(on, context(on=on))
            assert check_claim(claim, context=once) == check_claim(claim, context=context(on=on))

    def test_a_diagnosis_is_remembered_per_day(self) -> None:
        """An MCE table in force from the date of service on: the age conflict found that day
        is found after the same diagnosis passed a day earlier, when the table was not yet."""
        edits = InMemoryDiagnosisEdits(
            [DiagnosisEdit(code="Z00129", age_group=AgeGroup.PEDIATRIC)],
            valid=DateRange(DOS, date(2026, 12, 31)),
        )
        shared = CheckContext(on=ON, diagnoses=CODES, edits=edits)
        adult = attrs.evolve(with_dx("Z00.129"), patient=aged(67))
        earlier = attrs.evolve(
            adult,
            lines=tuple(
                attrs.evolve(ln, service_from=DOS - timedelta(days=1)) for ln in adult.lines
            ),
        )
        assert check_claim(earlier, context=shared).count_by_rule().get("DX-AGE-CONFLICT") is None
        found = check_claim(adult, context=shared).count_by_rule()
        assert found.get("DX-AGE-CONFLICT") == 1
        assert check_claim(adult, context=CheckContext(on=ON, diagnoses=CODES, edits=edits)) == (
            check_claim(adult, context=shared)
        )

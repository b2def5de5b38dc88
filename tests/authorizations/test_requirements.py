"""Payer requirements: matching by payer, plan type, code ranges and dates; the index."""

from __future__ import annotations

from datetime import date

import pytest

from medoffice.authorizations._records import PlanType
from medoffice.authorizations._requirements import Requirement, RequirementBook
from medoffice.kernel import DateRange, InvalidValue

SINCE = DateRange.starting(date(2026, 1, 1))
DAY = date(2026, 3, 2)


def requirement(**changes: object) -> Requirement:
    fields: dict[str, object] = {
        "id": "R",
        "kind": "prior-authorization",
        "procedures": {"97110-97546", "G0283"},
        "effective": SINCE,
        "source": "manual",
    }
    fields.update(changes)
    return Requirement(**fields)  # type: ignore[arg-type]


def applicable(book: RequirementBook, **changes: object) -> list[str]:
    query: dict[str, object] = {
        "payer_id": "ACME1",
        "payer_type": "commercial",
        "plan_type": PlanType.HMO,
        "day": DAY,
        "procedures": ("97110",),
        "specialist": False,
    }
    query.update(changes)
    return [r.id for r in book.applicable(**query)]  # type: ignore[arg-type]


class TestMatching:
    def test_codes_and_ranges_match(self) -> None:
        """A listed code or one inside a range of the same length is concerned."""
        rule = requirement()
        assert rule.concerns("97110")
        assert rule.concerns("97546")
        assert rule.concerns("G0283")
        assert not rule.concerns("97547")
        assert not rule.concerns("9711")
        assert not rule.concerns("99213")

    def test_payer_ids_types_and_plans_select(self) -> None:
        """payer_ids, payer_types and plan_types each narrow the payers concerned."""
        book = RequirementBook(
            [
                requirement(id="BY-ID", payer_ids={"ACME1"}),
                requirement(id="BY-TYPE", payer_types={"medicare"}),
                requirement(id="BY-PLAN", plan_types={"hmo"}),
                requirement(id="BOTH", payer_ids={"ACME1"}, payer_types={"medicaid"}),
            ]
        )
        assert applicable(book) == ["BY-ID", "BY-PLAN"]
        assert applicable(book, payer_id="X", payer_type="medicare") == ["BY-TYPE", "BY-PLAN"]
        assert applicable(book, payer_id="X", plan_type=PlanType.PPO) == []
        assert applicable(book, payer_type="medicaid") == ["BY-ID", "BOTH", "BY-PLAN"]

    def test_specialist_visits_are_matched_without_codes(self) -> None:
        """A specialists requirement concerns any code seen by a specialist."""
        book = RequirementBook([requirement(procedures=(), specialists=True)])
        assert applicable(book, procedures=("99203",), specialist=True) == ["R"]
        assert applicable(book, procedures=("99203",)) == []

    def test_dates_are_respected(self) -> None:
        """A requirement applies only on its effective days."""
        book = RequirementBook(
            [requirement(effective=DateRange(date(2026, 1, 1), date(2026, 2, 28)))]
        )
        assert applicable(book) == []
        assert applicable(book, day=date(2026, 2, 28)) == ["R"]

    def test_a_payer_without_requirements_costs_a_look_up(self) -> None:
        """for_payer answers the empty tuple for an unknown payer."""
        book = RequirementBook([requirement(payer_ids={"ACME1"})])
        assert book.for_payer("OTHER", "commercial") == ()
        assert len(book) == 1
        assert "1 requirements" in repr(book)


class TestInvalid:
    @pytest.mark.parametrize(
        "changes",
        [
            {"procedures": (), "specialists": False},
            {"procedures": {"97546-97110"}},
            {"procedures": {"9711-97546"}},
            {"procedures": "97110"},
            {"plan_types": {"gold"}},
            {"plan_types": "hmo"},
            {"id": " "},
            {"kind": "blessing"},
        ],
    )
    def test_a_requirement_that_cannot_exist_is_refused(self, changes: dict[str, object]) -> None:
        """Empty services, reversed ranges, unknown plan types: refused."""
        with pytest.raises((InvalidValue, ValueError)):
            requirement(**changes)

    def test_two_requirements_with_one_id_are_refused(self) -> None:
        """Ids are unique within a book."""
        with pytest.raises(InvalidValue):
            RequirementBook([requirement(), requirement()])


class TestNoWorkWhenNothingIsRequired:
    def test_codes_no_requirement_lists_are_known_at_once(self) -> None:
        """may_concern answers for any payer; may_require adds specialist visits."""
        book = RequirementBook(
            [requirement(), requirement(id="S", procedures=(), specialists=True)]
        )
        assert book.may_concern("97110")
        assert book.may_concern(" 97530 ")
        assert not book.may_concern("99213")
        assert book.may_require(("99213",), specialist=True)
        assert not book.may_require(("99213", "83036"), specialist=False)
        assert book.may_require(("99213", "G0283"), specialist=False)
        assert not RequirementBook([requirement()]).may_require(("99213",), specialist=True)

    def test_matches_are_remembered_but_dated_each_time(self) -> None:
        """A second question about the same service on another day filters by that day."""
        book = RequirementBook(
            [requirement(effective=DateRange(date(2026, 1, 1), date(2026, 3, 2)))]
        )
        assert applicable(book) == ["R"]
        assert applicable(book, day=date(2026, 3, 3)) == []


class TestCompiledMatches:
    KEY = ("ACME1", "commercial", PlanType.HMO, ("97110", "99213"), False)

    def test_one_match_serves_every_day_all_are_in_effect(self) -> None:
        """The compiled match is the same on each such day; other days get their own subset."""
        book = RequirementBook(
            [
                requirement(effective=DateRange(date(2026, 1, 1), date(2026, 3, 2))),
                requirement(id="LATER", effective=DateRange.starting(date(2026, 2, 1))),
            ]
        )
        match = book.match(self.KEY)
        assert match.on(DAY) is match
        assert match.on(date(2026, 2, 2)) is match
        after = match.on(date(2026, 3, 3))
        assert [r.id for r in after.requirements] == ["LATER"]
        assert match.on(date(2026, 4, 1)) is after
        assert [r.id for r in match.on(date(2026, 1, 5)).requirements] == ["R"]

    def test_the_codes_an_authorization_must_approve(self) -> None:
        """Only the listed codes must be approved; a referral alone needs no authorization."""
        match = RequirementBook([requirement()]).match(self.KEY)
        assert match.needs_authorization
        assert not match.needs_referral
        assert match.authorization_codes == ("97110",)
        referral = RequirementBook([requirement(kind="referral")]).match(self.KEY)
        assert (referral.needs_authorization, referral.needs_referral) == (False, True)

    def test_the_per_code_mapping_answers_any_code(self) -> None:
        """Listed codes and codes within a range are concerned; others are not, remembered."""
        book = RequirementBook([requirement()])
        assert book.concerned["G0283"]
        assert book.concerned["97530"]
        assert not book.concerned["99213"]
        assert not book.concerned["9711"]
        assert "99213" in book.concerned

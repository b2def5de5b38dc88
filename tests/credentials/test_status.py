"""Status: standings along a credential's life, explanations, and the properties of the answer."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._index import StatusIndex
from medoffice.credentials._matrix import Requirement
from medoffice.credentials._model import Credential, CredentialKind, StaffMember
from medoffice.credentials._status import CredentialStatus, Standing, status
from medoffice.testing._credentials_strategies import staff_members


def card(issued: date, kind: str = "bls") -> Credential:
    return Credential(kind=kind, issuer="AHA", jurisdiction="US", issued_on=issued)


def one(member: StaffMember, on: date, requirement: Requirement) -> CredentialStatus:
    return next(s for s in status(member, on) if s.requirement == requirement)


BLS = Requirement(CredentialKind.BLS)


class TestStandingAlongTheWay:
    member = StaffMember(id="S-1", role="ma", credentials=[card(date(2026, 6, 10))])

    def test_satisfied_before_the_expiring_window(self) -> None:
        """Ninety-one days before the end of the card it is satisfied."""
        assert one(self.member, date(2028, 3, 31), BLS).standing is Standing.SATISFIED

    def test_expiring_within_90_days_with_the_window(self) -> None:
        """Ninety days before the end it is satisfied and flagged expiring, with the window."""
        answer = one(self.member, date(2028, 4, 1), BLS)
        assert answer.standing is Standing.SATISFIED
        assert answer.expiring
        assert answer.window is not None
        assert (answer.window.first, answer.window.last) == (date(2028, 4, 1), date(2028, 6, 30))

    def test_valid_on_the_last_day_and_expired_the_day_after(self) -> None:
        """The AHA card is satisfied through 2028-06-30 and is expired on 2028-07-01."""
        last = one(self.member, date(2028, 6, 30), BLS)
        assert (last.standing, last.expiring, last.in_force) == (Standing.SATISFIED, True, True)
        assert one(self.member, date(2028, 7, 1), BLS).standing is Standing.EXPIRED

    def test_a_card_issued_later_is_not_held_yet(self) -> None:
        """Before its issue date a credential does not count: the requirement is missing."""
        assert one(self.member, date(2026, 6, 9), BLS).standing is Standing.MISSING


class TestCaqhDayAfter:
    def attested(self, state: str) -> StaffMember:
        caqh = Credential(
            kind="caqh_attestation", issuer="CAQH", jurisdiction=state, issued_on=date(2026, 1, 1)
        )
        return StaffMember(
            id="S-2", role="physician", payers={"ACME"}, states=set(), credentials=[caqh]
        )

    def test_the_due_date_counts_and_the_day_after_is_expired(self) -> None:
        """Attested 2026-01-01: current on 2026-05-01, expired on 2026-05-02."""
        member = self.attested("TX")
        requirement = Requirement(CredentialKind.CAQH_ATTESTATION)
        assert one(member, date(2026, 5, 1), requirement).standing is Standing.SATISFIED
        assert one(member, date(2026, 5, 2), requirement).standing is Standing.EXPIRED

    def test_illinois_profiles_run_180_days(self) -> None:
        """An Illinois attestation is due 180 days on (2026-06-30)."""
        member = self.attested("IL")
        answer = one(member, date(2026, 6, 1), Requirement(CredentialKind.CAQH_ATTESTATION))
        assert answer.valid_through == date(2026, 6, 30)
        assert answer.explanation is not None
        assert answer.explanation.rule.value == "CRED-CAQH-ATTEST-IL"


class TestWindowsAfterExpiry:
    def test_dea_is_reinstatable_for_one_calendar_month_then_expired(self) -> None:
        """A DEA registration ending 2026-02-28 is reinstatable through 2026-03-31."""
        dea = Credential(
            kind="dea_registration",
            issuer="DEA",
            jurisdiction="TX",
            issued_on=date(2023, 3, 1),
            expires_on=date(2026, 2, 28),
        )
        member = StaffMember(
            id="S-3",
            role="physician",
            states={"TX"},
            activities={"prescribes_controlled"},
            credentials=[dea],
        )
        requirement = Requirement(CredentialKind.DEA_REGISTRATION, "TX")
        answer = one(member, date(2026, 3, 31), requirement)
        assert answer.standing is Standing.LAPSED_REINSTATABLE
        assert answer.window is not None
        assert answer.window.first == date(2026, 3, 1)
        assert one(member, date(2026, 4, 1), requirement).standing is Standing.EXPIRED

    def test_texas_licence_has_a_30_day_grace(self) -> None:
        """A Texas licence ending 2026-01-31 is in grace through 2026-03-02."""
        licence = Credential(
            kind="state_license",
            issuer="TMB",
            jurisdiction="TX",
            issued_on=date(2024, 2, 1),
            expires_on=date(2026, 1, 31),
        )
        member = StaffMember(id="S-4", role="physician", states={"TX"}, credentials=[licence])
        requirement = Requirement(CredentialKind.STATE_LICENSE, "TX")
        assert one(member, date(2026, 3, 2), requirement).standing is Standing.IN_GRACE
        assert one(member, date(2026, 3, 3), requirement).standing is Standing.EXPIRED


class TestMissingUndatedAndUnrequired:
    def test_a_required_credential_not_held_is_missing(self) -> None:
        """A nurse without a licence in her state gets a missing licence."""
        member = StaffMember(id="S-5", role="rn", states={"CA"})
        answer = one(member, date(2026, 1, 1), Requirement(CredentialKind.STATE_LICENSE, "CA"))
        assert answer.standing is Standing.MISSING
        assert answer.explanation is not None
        assert answer.explanation.rule.value == "CRED-MISSING"

    def test_a_licence_without_a_stated_expiry_is_undecidable_not_missing(self) -> None:
        """A Texas physician's permit must state its expiry; without one it is undecidable."""
        licence = Credential(
            kind="state_license", issuer="TMB", jurisdiction="TX", issued_on=date(2025, 1, 1)
        )
        member = StaffMember(id="S-6", role="physician", states={"TX"}, credentials=[licence])
        answer = one(member, date(2025, 6, 1), Requirement(CredentialKind.STATE_LICENSE, "TX"))
        assert (answer.standing, answer.missing) == (Standing.UNDECIDABLE, "expires_on")
        assert answer.explanation is not None
        assert answer.explanation.rule.value == "CRED-LIC-TX-MD"
        assert ("missing", "expires_on") in answer.explanation.facts

    def test_a_credential_held_but_not_required_is_reported_as_such(self) -> None:
        """A front-desk clerk's BLS card is listed as not required."""
        member = StaffMember(id="S-7", role="front_desk", credentials=[card(date(2026, 1, 1))])
        answers = status(member, date(2026, 2, 1))
        assert [(a.requirement, a.standing, a.required) for a in answers] == [
            (BLS, Standing.NOT_REQUIRED, False)
        ]


class TestMedicareAssignedDueDate:
    def enrolled(self, due: date | None) -> StaffMember:
        enrolment = Credential(
            kind="medicare_enrollment",
            issuer="CMS",
            jurisdiction="US",
            issued_on=date(2021, 5, 1),
            expires_on=due,
            payer="MEDICARE",
        )
        return StaffMember(id="S-8", role="np", payers={"MEDICARE"}, credentials=[enrolment])

    def test_no_assigned_date_yet_is_satisfied_with_tbd(self) -> None:
        """Without a posted due date the enrolment stands, and the explanation says TBD."""
        requirement = Requirement(CredentialKind.MEDICARE_ENROLLMENT, None, "MEDICARE")
        answer = one(self.enrolled(None), date(2026, 1, 1), requirement)
        assert answer.standing is Standing.SATISFIED
        assert answer.explanation is not None
        assert ("due_date", "TBD") in answer.explanation.facts

    def test_a_posted_date_opens_the_submission_window_seven_months_ahead(self) -> None:
        """Due 2026-10-31: the window opens (and expiring starts) on 2026-03-31, not 07-03."""
        requirement = Requirement(CredentialKind.MEDICARE_ENROLLMENT, None, "MEDICARE")
        member = self.enrolled(date(2026, 10, 31))
        before = one(member, date(2026, 3, 30), requirement)
        opened = one(member, date(2026, 3, 31), requirement)
        assert (before.standing, before.expiring) == (Standing.SATISFIED, False)
        assert (opened.standing, opened.expiring) == (Standing.SATISFIED, True)
        assert opened.renewal_opens == date(2026, 3, 31)
        assert opened.window is not None
        assert opened.window.first == date(2026, 3, 31)


class TestExplanations:
    def test_california_licence_explains_which_month_was_used(self) -> None:
        """A CA licence issued after the switch names the issue month, the rule and the pack."""
        licence = Credential(
            kind="state_license", issuer="MBC", jurisdiction="CA", issued_on=date(2024, 3, 10)
        )
        member = StaffMember(id="S-9", role="physician", states={"CA"}, credentials=[licence])
        answer = one(member, date(2025, 1, 1), Requirement(CredentialKind.STATE_LICENSE, "CA"))
        assert answer.valid_through == date(2026, 3, 31)
        assert answer.explanation is not None
        assert answer.explanation.rule.value == "CRED-LIC-CA-MD"
        assert answer.explanation.pack == "CA-MBC-1"
        assert ("month_used", "issue month") in answer.explanation.facts
        assert answer.explanation.citation is not None

    def test_no_personal_data_in_explanations_or_reprs(self) -> None:
        """Neither the name, the birth date nor the licence number leaks into the answer."""
        licence = Credential(
            kind="state_license",
            issuer="MBC",
            jurisdiction="CA",
            issued_on=date(2017, 3, 10),
            number="G99887",
        )
        member = StaffMember(
            id="S-10",
            role="physician",
            name="Dana Sample",
            birth_date=date(1971, 8, 23),
            states={"CA"},
            credentials=[licence],
        )
        text = json.dumps([a.to_dict() for a in status(member, date(2018, 1, 1))]) + repr(member)
        for secret in ("Dana", "Sample", "1971", "G99887"):
            assert secret not in text

    def test_explanations_off_gives_the_same_standings_without_explanations(self) -> None:
        """``explain=False`` changes nothing but the explanation."""
        member = StaffMember(
            id="S-11", role="rn", states={"CA"}, credentials=[card(date(2026, 1, 1))]
        )
        with_ = status(member, date(2027, 1, 1))
        without = status(member, date(2027, 1, 1), explain=False)
        assert [a.standing for a in with_] == [a.standing for a in without]
        assert all(a.explanation is None for a in without)


class TestStatusProperties:
    @given(staff_members(), st.dates(date(2000, 1, 1), date(2099, 1, 1)), st.integers(0, 4000))
    def test_standing_only_worsens_as_days_pass_without_new_facts(
        self, member: StaffMember, first: date, step: int
    ) -> None:
        """From a day when every credential is already issued, no standing improves later."""
        issued = [c.issued_on for c in member.credentials]
        start = max([first, *issued])
        later = min(start + timedelta(days=step), date(2120, 1, 1))
        before = {a.requirement: a.standing for a in status(member, start, explain=False)}
        after = {a.requirement: a.standing for a in status(member, later, explain=False)}
        assert before.keys() == after.keys()
        for requirement, standing in before.items():
            assert after[requirement].rank >= standing.rank

    @given(staff_members(), st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.randoms())
    def test_fact_order_does_not_matter(
        self, member: StaffMember, on: date, rnd: random.Random
    ) -> None:
        """Shuffling the credentials changes nothing in the answer."""
        shuffled = list(member.credentials)
        rnd.shuffle(shuffled)
        other = attrs.evolve(member, credentials=shuffled)
        assert status(member, on) == status(other, on)

    @given(st.lists(staff_members(), max_size=5), st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    def test_the_index_answers_what_status_answers(
        self, members: list[StaffMember], on: date
    ) -> None:
        """``StatusIndex`` gives the required standings ``status`` gives, in the same order."""
        index = StatusIndex(members)
        expected = [
            tuple(a.standing for a in status(m, on, explain=False) if a.required) for m in members
        ]
        assert index.standings(on) == expected
        reasons = index.reasons(on)
        for position, member in enumerate(members):
            explained = index.explain(position, on)
            assert explained == status(member, on)
            required = [a for a in explained if a.required]
            assert [r.requirement for r in reasons[position]] == [a.requirement for a in required]
            for reason, answer in zip(reasons[position], required, strict=True):
                assert reason.standing is answer.standing
                if answer.standing is not Standing.MISSING:
                    assert reason.valid_through == answer.valid_through
                    assert answer.explanation is not None
                    if reason.rule is None:
                        assert answer.explanation.rule.value == "CRED-UNDATED"
                    else:
                        assert reason.rule.id == answer.explanation.rule

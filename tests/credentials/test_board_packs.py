"""State board packs by profession: golden vectors with citations, pinned day by day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._boards import BOARD_PACKS
from medoffice.credentials._capabilities import can_practise, can_prescribe_controlled
from medoffice.credentials._matrix import Requirement
from medoffice.credentials._model import Credential, CredentialKind, Role, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._primitives import (
    birth_month_expiry,
    birth_month_parity_expiry,
    month_after_second_birthday,
)
from medoffice.credentials._professions import profession_of
from medoffice.credentials._query import requirement_status
from medoffice.credentials._rules import TermShape
from medoffice.credentials._status import Standing

ONE_DAY = timedelta(days=1)


def licence(state: str, issued: date, expires: date | None = None) -> Credential:
    return Credential(
        kind="state_license",
        issuer="BOARD",
        jurisdiction=state,
        issued_on=issued,
        expires_on=expires,
    )


def holder(
    role: str,
    state: str,
    issued: date,
    born: date | None,
    *,
    expires: date | None = None,
    taxonomy: str | None = None,
) -> StaffMember:
    return StaffMember(
        id="S-1",
        role=role,
        birth_date=born,
        states={state},
        credentials=[licence(state, issued, expires)],
        taxonomy=taxonomy,
    )


def standing_on(member: StaffMember, state: str, day: date) -> tuple[Standing, bool]:
    answer = requirement_status(member, f"state_license/{state}", day)
    return answer.standing, answer.expiring


def sweep(member: StaffMember, state: str, first: date, last: date) -> list[tuple[Standing, bool]]:
    days = (last - first).days + 1
    return [standing_on(member, state, first + timedelta(days=n)) for n in range(days)]


# (role, state, issued, birth date, stated expiry, rule id, last valid day)
GOLDEN = [
    (
        "physician",
        "CA",
        date(2018, 7, 1),
        date(1980, 3, 5),
        None,
        "CRED-LIC-CA-MD",
        date(2020, 7, 31),
    ),
    (
        "physician",
        "CA",
        date(2018, 6, 30),
        date(1980, 5, 17),
        None,
        "CRED-LIC-CA-MD",
        date(2020, 5, 31),
    ),
    (
        "physician",
        "CA",
        date(2018, 6, 30),
        date(1980, 12, 1),
        None,
        "CRED-LIC-CA-MD",
        date(2019, 12, 31),
    ),
    (
        "physician",
        "CA",
        date(2017, 3, 10),
        date(1980, 3, 5),
        None,
        "CRED-LIC-CA-MD",
        date(2019, 3, 31),
    ),
    ("pa", "CA", date(2024, 3, 10), date(1980, 3, 5), None, "CRED-LIC-CA-PA", date(2026, 3, 31)),
    ("pa", "CA", date(2024, 3, 10), date(1980, 4, 5), None, "CRED-LIC-CA-PA", date(2025, 4, 30)),
    ("pa", "CA", date(2024, 3, 10), date(1980, 2, 5), None, "CRED-LIC-CA-PA", date(2026, 2, 28)),
    ("rn", "CA", date(2024, 5, 10), date(1990, 5, 20), None, "CRED-LIC-CA-RN", date(2025, 6, 30)),
    ("rn", "CA", date(2024, 5, 25), date(1990, 5, 20), None, "CRED-LIC-CA-RN", date(2026, 6, 30)),
    ("np", "CA", date(2024, 12, 1), date(1988, 2, 29), None, "CRED-LIC-CA-RN", date(2026, 3, 31)),
    (
        "physician",
        "TX",
        date(2024, 2, 1),
        None,
        date(2026, 1, 31),
        "CRED-LIC-TX-MD",
        date(2026, 1, 31),
    ),
    ("pa", "TX", date(2024, 9, 1), None, date(2026, 8, 31), "CRED-LIC-TX-PA", date(2026, 8, 31)),
    ("rn", "TX", date(2025, 1, 1), date(1981, 5, 1), None, "CRED-LIC-TX-RN", date(2027, 5, 31)),
    ("rn", "TX", date(2025, 1, 1), date(1980, 5, 1), None, "CRED-LIC-TX-RN", date(2026, 5, 31)),
    ("np", "TX", date(2025, 4, 15), date(1981, 5, 1), None, "CRED-LIC-TX-RN", date(2027, 5, 31)),
]


class TestGoldenVectors:
    @pytest.mark.parametrize(("role", "state", "issued", "born", "stated", "rule", "last"), GOLDEN)
    def test_rule_citation_and_last_valid_day(
        self,
        role: str,
        state: str,
        issued: date,
        born: date | None,
        stated: date | None,
        rule: str,
        last: date,
    ) -> None:
        """Each vector: the board's rule (cited), satisfied through the last day, not after."""
        member = holder(role, state, issued, born, expires=stated)
        answer = requirement_status(member, f"state_license/{state}", last)
        assert answer.explanation is not None
        assert answer.explanation.rule.value == rule
        assert answer.explanation.citation is not None
        assert answer.explanation.citation.url.startswith("https://")
        assert (answer.standing, answer.valid_through, answer.expiring) == (
            Standing.SATISFIED,
            last,
            True,
        )
        after = requirement_status(member, f"state_license/{state}", last + ONE_DAY)
        assert after.standing is not Standing.SATISFIED

    def test_every_board_pack_is_cited_and_read(self) -> None:
        """Each board pack names its source, section and URL and says when it was read."""
        for pack in BOARD_PACKS:
            for rule in pack.rules:
                assert rule.citation.url.startswith("https://")
                assert rule.citation.retrieved_on is not None
                assert rule.professions


class TestDayByDay:
    def test_california_pa_around_the_birth_month_end(self) -> None:
        """CA PA, issued 2024-03-10, born in March: 90 days expiring, satisfied through 03-31,
        then lapsed but renewable for five years (B&P 3526), then expired."""
        member = holder("pa", "CA", date(2024, 3, 10), date(1980, 3, 5))
        last = date(2026, 3, 31)
        days = sweep(member, "CA", last - timedelta(days=91), last + timedelta(days=1))
        assert days[0] == (Standing.SATISFIED, False)
        assert days[1:-1] == [(Standing.SATISFIED, True)] * 91
        assert days[-1] == (Standing.LAPSED_REINSTATABLE, False)
        assert standing_on(member, "CA", date(2031, 3, 31))[0] is Standing.LAPSED_REINSTATABLE
        assert standing_on(member, "CA", date(2031, 4, 1))[0] is Standing.EXPIRED

    def test_california_rn_around_the_month_after_the_birthday(self) -> None:
        """CA RN born 05-20, issued 2024-05-10: satisfied through 2025-06-30; reinstatable for
        eight years (B&P 2811(b)) through 2033-06-30; expired on 2033-07-01."""
        member = holder("rn", "CA", date(2024, 5, 10), date(1990, 5, 20))
        assert sweep(member, "CA", date(2025, 6, 29), date(2025, 7, 1)) == [
            (Standing.SATISFIED, True),
            (Standing.SATISFIED, True),
            (Standing.LAPSED_REINSTATABLE, False),
        ]
        assert standing_on(member, "CA", date(2033, 6, 30))[0] is Standing.LAPSED_REINSTATABLE
        assert standing_on(member, "CA", date(2033, 7, 1))[0] is Standing.EXPIRED

    def test_texas_physician_fee_grace_day_by_day(self) -> None:
        """TX MD permit through 2026-01-31: grace 02-01..03-02 (22 TAC 166.1(c)), then expired."""
        member = holder("physician", "TX", date(2024, 2, 1), None, expires=date(2026, 1, 31))
        days = sweep(member, "TX", date(2026, 1, 31), date(2026, 3, 3))
        assert days[0] == (Standing.SATISFIED, True)
        assert days[1:-1] == [(Standing.IN_GRACE, False)] * 30
        assert days[-1] == (Standing.EXPIRED, False)

    def test_texas_pa_has_no_window_after_the_printed_date(self) -> None:
        """TX PA licence printed through 2026-08-31: expired on 2026-09-01."""
        member = holder("pa", "TX", date(2024, 9, 1), None, expires=date(2026, 8, 31))
        assert sweep(member, "TX", date(2026, 8, 31), date(2026, 9, 1)) == [
            (Standing.SATISFIED, True),
            (Standing.EXPIRED, False),
        ]

    def test_texas_nurse_around_the_birth_month_end(self) -> None:
        """TX RN born May 1981 (odd): through 2027-05-31, late renewal for four years."""
        member = holder("rn", "TX", date(2025, 1, 1), date(1981, 5, 1))
        assert sweep(member, "TX", date(2027, 5, 31), date(2027, 6, 1)) == [
            (Standing.SATISFIED, True),
            (Standing.LAPSED_REINSTATABLE, False),
        ]
        assert standing_on(member, "TX", date(2031, 5, 31))[0] is Standing.LAPSED_REINSTATABLE
        assert standing_on(member, "TX", date(2031, 6, 1))[0] is Standing.EXPIRED

    def test_california_physician_regime_switch_day(self) -> None:
        """Issued 2018-06-30 vs 2018-07-01: birth month (May) vs issue month (July)."""
        before = holder("physician", "CA", date(2018, 6, 30), date(1980, 5, 17))
        after = holder("physician", "CA", date(2018, 7, 1), date(1980, 5, 17))
        assert standing_on(before, "CA", date(2020, 6, 1))[0] is Standing.EXPIRED
        assert standing_on(after, "CA", date(2020, 7, 31))[0] is Standing.SATISFIED
        assert standing_on(after, "CA", date(2020, 8, 1))[0] is Standing.EXPIRED


class TestRulesByProfession:
    @pytest.mark.parametrize(
        ("role", "rule"),
        [("physician", "CRED-LIC-CA-MD"), ("pa", "CRED-LIC-CA-PA"), ("rn", "CRED-LIC-CA-RN")],
    )
    def test_a_california_licence_follows_the_holders_board(self, role: str, rule: str) -> None:
        """The same licence record gets the MBC, PAB or BRN rule by the holder's profession."""
        member = holder(role, "CA", date(2024, 3, 10), date(1980, 6, 1))
        answer = requirement_status(member, "state_license/CA", date(2024, 6, 1))
        assert answer.explanation is not None
        assert answer.explanation.rule.value == rule

    def test_a_nurse_practitioner_follows_the_nursing_board(self) -> None:
        """An NP practises on an RN licence: CRED-LIC-CA-RN, not the physician rule."""
        member = holder("np", "CA", date(2024, 3, 10), date(1980, 6, 1))
        answer = requirement_status(member, "state_license/CA", date(2024, 6, 1))
        assert answer.explanation is not None
        assert answer.explanation.rule.value == "CRED-LIC-CA-RN"

    def test_the_nucc_taxonomy_wins_over_the_practice_role(self) -> None:
        """Role rn with taxonomy 363A00000X (PA) is judged as a physician assistant."""
        member = holder("rn", "CA", date(2024, 3, 10), date(1980, 6, 1), taxonomy="363A00000X")
        assert profession_of(member) is Role.PHYSICIAN_ASSISTANT
        answer = requirement_status(member, "state_license/CA", date(2024, 6, 1))
        assert answer.explanation is not None
        assert answer.explanation.rule.value == "CRED-LIC-CA-PA"

    def test_a_profession_without_a_board_rule_uses_the_printed_expiry(self) -> None:
        """A CA licence held by an LPN (another board, not shipped) needs its printed date."""
        member = holder("lpn", "CA", date(2024, 3, 10), date(1980, 6, 1))
        answer = requirement_status(member, "state_license/CA", date(2024, 6, 1))
        assert answer.explanation is not None
        assert answer.explanation.rule.value == "CRED-LIC-STATED"
        assert answer.missing == "expires_on"

    def test_profession_rules_need_the_profession(self) -> None:
        """Asked without a profession, the rule book falls back to the any-profession rule."""
        found = DEFAULT_RULES.rule(CredentialKind.STATE_LICENSE, "CA", date(2024, 1, 1))
        assert found is not None
        assert found[1].id.value == "CRED-LIC-STATED"


class TestUndecidable:
    def test_old_regime_california_licence_without_birth_date_is_undecidable(self) -> None:
        """Not missing: held, but its last day needs the birth date, which the answer names."""
        member = holder("physician", "CA", date(2017, 3, 10), None)
        answer = requirement_status(member, "state_license/CA", date(2018, 1, 1))
        assert (answer.standing, answer.missing) == (Standing.UNDECIDABLE, "birth_date")

    def test_can_practise_does_not_treat_it_as_absent(self) -> None:
        """The capability is undecided, names birth_date, and never says missing."""
        member = holder("physician", "CA", date(2017, 3, 10), None)
        answer = can_practise(member, "CA", date(2018, 1, 1))
        assert not answer.allowed
        assert not answer.decided
        assert answer.missing == ("birth_date",)
        assert answer.reasons == ("state_license/CA:undecidable:birth_date",)

    def test_a_refusal_for_another_reason_is_decided(self) -> None:
        """An expired DEA registration decides a prescribing refusal, whatever else is unknown."""
        member = holder("physician", "CA", date(2017, 3, 10), None).with_credential(
            Credential(
                kind="dea_registration",
                issuer="DEA",
                jurisdiction="CA",
                issued_on=date(2014, 1, 1),
                expires_on=date(2016, 12, 31),
            )
        )
        answer = can_prescribe_controlled(member, "CA", date(2018, 1, 1))
        assert answer.decided
        assert not answer.allowed

    def test_the_birth_date_decides_it(self) -> None:
        """With the birth date on file the same licence is decided."""
        member = holder("physician", "CA", date(2017, 3, 10), date(1970, 8, 1))
        answer = requirement_status(member, "state_license/CA", date(2018, 1, 1))
        assert answer.standing is Standing.SATISFIED


class TestBirthMonthPrimitives:
    @given(
        st.dates(date(2000, 1, 1), date(2090, 12, 31)),
        st.dates(date(1940, 1, 1), date(2005, 12, 31)),
    )
    def test_birth_month_expiry_is_13_to_24_months_on_in_the_birth_month(
        self, issued: date, born: date
    ) -> None:
        """B&P 3523: the birth month's end, 13 to 24 calendar months after the issue month."""
        result = birth_month_expiry(issued, born)
        months = (result.year * 12 + result.month) - (issued.year * 12 + issued.month)
        assert result.month == born.month
        assert 13 <= months <= 24
        assert (result + ONE_DAY).day == 1

    @given(
        st.dates(date(2000, 1, 1), date(2090, 12, 31)),
        st.dates(date(1940, 1, 1), date(2005, 12, 31)),
    )
    def test_texas_nurse_expiry_is_6_to_29_months_on_in_a_year_of_the_birth_parity(
        self, issued: date, born: date
    ) -> None:
        """Texas BON: birth month, year parity of the birth year, 6 to 29 months on."""
        result = birth_month_parity_expiry(issued, born)
        months = (result.year * 12 + result.month) - (issued.year * 12 + issued.month)
        assert (result.month, result.year % 2) == (born.month, born.year % 2)
        assert 6 <= months <= 29

    @given(
        st.dates(date(2000, 1, 1), date(2090, 12, 31)),
        st.dates(date(1940, 1, 1), date(2005, 12, 31)),
    )
    def test_california_nurse_expiry_is_the_month_after_the_second_birthday(
        self, issued: date, born: date
    ) -> None:
        """B&P 2811(a): end of the month after the birth month, 12 to 25 months after issue."""
        result = month_after_second_birthday(issued, born)
        assert result.month == born.month % 12 + 1
        assert timedelta(days=365) < result - issued <= timedelta(days=800)

    def test_terms_that_need_a_birth_date_say_so(self) -> None:
        """The birth-based shapes report birth_date as their missing fact."""
        for shape in (TermShape.BIRTH_MONTH, TermShape.BIRTH_MONTH_PARITY):
            assert shape.needs_birth_date
        assert not TermShape.STATED.needs_birth_date


def test_requirement_text_names_the_kind_and_state() -> None:
    """``state_license/CA`` and a Requirement ask the same question."""
    member = holder("physician", "CA", date(2024, 3, 10), None)
    text = requirement_status(member, "state_license/CA", date(2024, 6, 1))
    value = requirement_status(
        member, Requirement(CredentialKind.STATE_LICENSE, "CA"), date(2024, 6, 1)
    )
    assert text == value

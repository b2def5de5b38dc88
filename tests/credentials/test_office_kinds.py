"""Open kinds, revalidation windows, practice states, cadences, the NCQA planner and monitoring."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.formats.roster import roster_from_mapping
from medoffice.adapters.memory import CompactCredentialRepository
from medoffice.credentials._alerts import DueItem, plan_alerts
from medoffice.credentials._capabilities import can_practise, can_prescribe_controlled
from medoffice.credentials._citation import Citation
from medoffice.credentials._coverage import check_coverage, coverage_limit
from medoffice.credentials._index import StatusIndex
from medoffice.credentials._kind_packs import KIND_PACKS, OFFICE_MATRIX
from medoffice.credentials._kinds import KindSpec
from medoffice.credentials._matrix import MatrixRow
from medoffice.credentials._model import (
    Credential,
    CredentialKind,
    Role,
    StaffMember,
    VerificationEvent,
)
from medoffice.credentials._monitoring import (
    MONITORING_SOURCES,
    MonitoringAlert,
    MonitoringSource,
    Screening,
    monitoring_ledger,
)
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._primitives import season_end
from medoffice.credentials._query import parse_requirement, requirement_status
from medoffice.credentials._recredentialing import RecredentialingPath, plan_recredentialing
from medoffice.credentials._rules import RuleBook, RulePack
from medoffice.credentials._status import Standing, status
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, Money
from medoffice.testing._credentials_strategies import staff_members

ONE_DAY = timedelta(days=1)


def held(
    kind: str, issued: date, *, expires: date | None = None, state: str = "US", **details: str
) -> Credential:
    return Credential(
        kind=kind,
        issuer="ISSUER",
        jurisdiction=state,
        issued_on=issued,
        expires_on=expires,
        details=details,
    )


def person(*credentials: Credential, role: str = "physician", **facts: object) -> StaffMember:
    return StaffMember(id="P-1", role=role, credentials=credentials, **facts)  # type: ignore[arg-type]


class TestOpenKinds:
    def test_packs_declare_the_kinds_an_office_tracks(self) -> None:
        """Malpractice, board certification, MOC, CS registration, privileges, Medicaid, TB,
        flu and HIPAA are declared kinds with cited rules."""
        declared = {spec.kind.value for pack in KIND_PACKS for spec in pack.kinds}
        assert declared == {
            "malpractice_coi",
            "board_certification",
            "maintenance_of_certification",
            "state_cs_registration",
            "hospital_privileges",
            "medicaid_enrollment",
            "tb_screening",
            "flu_vaccination",
            "hipaa_training",
        }
        for pack in KIND_PACKS:
            assert pack.citation.url.startswith("https://")
            assert all(rule.kind in {s.kind for s in pack.kinds} for rule in pack.rules)

    def test_any_well_formed_kind_is_a_kind_shared_by_identity(self) -> None:
        """A kind no pack declares can still be recorded; the same code is the same object."""
        credential = held("dot_medical_card", date(2026, 1, 1))
        assert credential.kind is CredentialKind("dot_medical_card")

    @pytest.mark.parametrize("junk", ["Bad Kind", "x", "", "€", 3, None])
    def test_malformed_kinds_are_refused(self, junk: object) -> None:
        """Upper case, spaces, one letter, non-text: InvalidValue."""
        with pytest.raises(InvalidValue):
            held(junk, date(2026, 1, 1))  # type: ignore[arg-type]

    def test_a_kind_no_pack_knows_is_undecidable_until_dated(self) -> None:
        """Without a rule or a printed date the answer names the missing rule."""
        member = person(held("dot_medical_card", date(2026, 1, 1)))
        answer = status(member, date(2026, 2, 1))[-1]
        assert answer.standing is Standing.NOT_REQUIRED
        assert answer.missing == "rule"

    def test_two_packs_cannot_declare_one_kind_differently(self) -> None:
        """A kind has one declaration in a rule book."""
        cite = Citation(source="x", section="y", url="https://x.test")
        packs = [
            RulePack(
                family=f"F{n}",
                version="1",
                effective=DateRange.starting(date(2000, 1, 1)),
                rules=(),
                citation=cite,
                kinds=(KindSpec(kind="widget_card", title=f"t{n}", citation=cite),),
            )
            for n in range(2)
        ]
        with pytest.raises(InvalidArgument):
            RuleBook(packs)

    def test_details_and_open_kinds_survive_the_compact_repository(self) -> None:
        """Coverage limits and a declared kind round-trip: nothing stored is lost."""
        coi = held(
            "malpractice_coi",
            date(2026, 1, 1),
            expires=date(2026, 12, 31),
            per_claim="1000000 USD",
            aggregate="3000000 USD",
        )
        repo = CompactCredentialRepository()
        member = person(coi, held("dot_medical_card", date(2026, 1, 1)))
        repo.save(member, expected_version=0)
        assert repo.get("P-1") == member
        assert coi.detail("per_claim") == "1000000 USD"
        assert "1000000" not in repr(coi)

    def test_the_roster_file_reads_details_and_taxonomy(self) -> None:
        """A JSON roster carries a taxonomy code and a credential's details."""
        roster = roster_from_mapping(
            {
                "staff": [
                    {
                        "id": "S-1",
                        "role": "pa",
                        "taxonomy": "363A00000X",
                        "credentials": [
                            {
                                "kind": "malpractice_coi",
                                "issuer": "Carrier",
                                "issued_on": "2026-01-01",
                                "expires_on": "2026-12-31",
                                "details": {"per_claim": "1000000 USD"},
                            }
                        ],
                    }
                ]
            }
        )
        member = roster.staff[0]
        assert member.taxonomy == "363A00000X"
        assert member.credentials[0].detail("per_claim") == "1000000 USD"


class TestCoverageLimits:
    def coi(self, **details: str) -> Credential:
        return held("malpractice_coi", date(2026, 1, 1), expires=date(2026, 12, 31), **details)

    def test_limits_below_the_minimum_are_findings_on_their_paths(self) -> None:
        """1M/2M against 1M/3M: the aggregate is below, the per-claim limit meets it."""
        report = check_coverage(
            self.coi(per_claim="1,000,000 USD", aggregate="2000000 USD"),
            per_claim=Money.of("1000000", "USD"),
            aggregate=Money.of("3000000", "USD"),
        )
        assert [(f.rule.value, f.path) for f in report.findings] == [
            ("CRED-COI-LIMIT", "details.aggregate")
        ]

    @pytest.mark.parametrize("text", [None, "lots", "1000000 EUR", "1000000"])
    def test_an_unreadable_or_other_currency_limit_is_unstated(self, text: str | None) -> None:
        """Absent, junk or in another currency: the limit cannot be shown to meet the minimum."""
        details = {} if text is None else {"per_claim": text}
        report = check_coverage(self.coi(**details), per_claim=Money.of("1000000", "USD"))
        assert [(f.rule.value, f.path) for f in report.findings] == [
            ("CRED-COI-UNSTATED", "details.per_claim")
        ]

    def test_no_minimum_no_findings(self) -> None:
        """Nothing asked, nothing found; the limit still reads as money."""
        coi = self.coi(per_claim="1000000 USD")
        assert check_coverage(coi).findings == ()
        assert coverage_limit(coi, "per_claim") == Money.of("1000000", "USD")

    def test_only_credentials_are_checked(self) -> None:
        """A wrong argument is a clear error."""
        with pytest.raises(InvalidArgument):
            check_coverage("coi")  # type: ignore[arg-type]


class TestKindRulesDayByDay:
    @pytest.mark.parametrize(
        ("kind", "issued", "expires", "rule", "last"),
        [
            (
                "malpractice_coi",
                date(2026, 1, 1),
                date(2026, 12, 31),
                "CRED-COI",
                date(2026, 12, 31),
            ),
            (
                "board_certification",
                date(2020, 1, 1),
                date(2030, 12, 31),
                "CRED-BOARD-CERT",
                date(2030, 12, 31),
            ),
            (
                "maintenance_of_certification",
                date(2024, 1, 1),
                date(2026, 12, 31),
                "CRED-MOC",
                date(2026, 12, 31),
            ),
            ("hospital_privileges", date(2024, 2, 29), None, "CRED-PRIVILEGES", date(2026, 2, 28)),
            (
                "medicaid_enrollment",
                date(2022, 5, 15),
                None,
                "CRED-MEDICAID-REVAL",
                date(2027, 5, 15),
            ),
            ("flu_vaccination", date(2025, 9, 15), None, "CRED-FLU-SEASON", date(2026, 3, 31)),
            ("flu_vaccination", date(2026, 2, 1), None, "CRED-FLU-SEASON", date(2026, 3, 31)),
            ("hipaa_training", date(2024, 3, 1), None, "CRED-HIPAA-TRAINING", date(2025, 3, 1)),
        ],
    )
    def test_satisfied_through_the_last_day_then_expired(
        self, kind: str, issued: date, expires: date | None, rule: str, last: date
    ) -> None:
        """Each kind's rule (cited): satisfied on the last day, expired the day after."""
        state = "TX" if kind == "medicaid_enrollment" else "US"
        # board certification, MOC and privileges are tracked, not asked of everyone: ask here
        matrix = (*OFFICE_MATRIX, MatrixRow(roles={Role.PHYSICIAN}, kind=CredentialKind(kind)))
        member = person(
            held(kind, issued, expires=expires, state=state), payers={"MEDICAID"}, states={"TX"}
        )
        requirement = f"{kind}/TX" if kind == "medicaid_enrollment" else kind
        on_last = requirement_status(member, requirement, last, matrix=matrix)
        after = requirement_status(member, requirement, last + ONE_DAY, matrix=matrix)
        assert on_last.explanation is not None
        assert on_last.explanation.rule.value == rule
        assert on_last.explanation.citation is not None
        assert (on_last.standing, on_last.valid_through) == (Standing.SATISFIED, last)
        assert after.standing is Standing.EXPIRED

    def test_tb_baseline_never_falls_due(self) -> None:
        """CDC 2019: a baseline screening stands; no routine repeat."""
        member = person(held("tb_screening", date(2010, 1, 1)))
        answer = requirement_status(member, "tb_screening", date(2099, 1, 1), matrix=OFFICE_MATRIX)
        assert (answer.standing, answer.valid_through) == (Standing.SATISFIED, None)

    @given(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
    def test_a_flu_season_ends_on_the_31st_of_march_within_a_year(self, day: date) -> None:
        """Every dose counts through a 31 March at most a year on."""
        end = season_end(day, end_month=3)
        assert (end.month, end.day) == (3, 31)
        assert timedelta(0) <= end - day < timedelta(days=366)


class TestGatedCapabilities:
    def test_an_office_matrix_makes_the_coi_gate_practice(self) -> None:
        """A provider whose COI lapsed may not practise where the office requires one."""
        licence = Credential(
            kind="state_license",
            issuer="TMB",
            jurisdiction="TX",
            issued_on=date(2025, 1, 1),
            expires_on=date(2027, 1, 31),
        )
        coi = held("malpractice_coi", date(2025, 1, 1), expires=date(2025, 12, 31))
        member = person(licence, coi, states={"TX"})
        assert can_practise(member, "TX", date(2026, 1, 5)).allowed
        answer = can_practise(member, "TX", date(2026, 1, 5), matrix=OFFICE_MATRIX)
        assert answer.reasons == ("malpractice_coi:expired",)

    def test_a_state_cs_registration_is_checked_with_its_dea(self) -> None:
        """In Missouri prescribing needs the BNDD registration as well as the DEA's."""
        licence = Credential(
            kind="state_license",
            issuer="BOARD",
            jurisdiction="MO",
            issued_on=date(2025, 1, 1),
            expires_on=date(2027, 1, 31),
        )
        dea = Credential(
            kind="dea_registration",
            issuer="DEA",
            jurisdiction="MO",
            issued_on=date(2025, 1, 1),
            expires_on=date(2028, 1, 31),
        )
        coi = held("malpractice_coi", date(2025, 1, 1), expires=date(2026, 12, 31))
        member = person(licence, dea, coi, states={"MO"}, activities={"prescribes_controlled"})
        answer = can_prescribe_controlled(member, "MO", date(2026, 1, 5), matrix=OFFICE_MATRIX)
        assert answer.reasons == ("state_cs_registration/MO:missing",)
        spec = DEFAULT_RULES.kind_spec(CredentialKind("state_cs_registration"))
        assert spec is not None
        assert spec.links_to is CredentialKind.DEA_REGISTRATION


class TestPracticeStatesDecideNationalCredentials:
    def caqh(self, states: set[str]) -> StaffMember:
        attestation = held("caqh_attestation", date(2026, 1, 1))
        return person(attestation, states=states, payers={"ACME"})

    def test_a_us_attestation_of_an_illinois_provider_runs_180_days(self) -> None:
        """Recorded as US, practising in IL: due 2026-06-30, decided by IL."""
        answer = requirement_status(self.caqh({"IL"}), "caqh_attestation", date(2026, 6, 30))
        assert (answer.standing, answer.valid_through) == (Standing.SATISFIED, date(2026, 6, 30))
        assert answer.explanation is not None
        assert ("decided_by", "IL") in answer.explanation.facts
        assert answer.explanation.rule.value == "CRED-CAQH-ATTEST-IL"

    def test_the_state_due_soonest_decides_for_several_states(self) -> None:
        """IL and TX: the 120-day rule of TX is due first and decides."""
        answer = requirement_status(self.caqh({"IL", "TX"}), "caqh_attestation", date(2026, 5, 2))
        assert (answer.standing, answer.valid_through) == (Standing.EXPIRED, date(2026, 5, 1))

    def test_the_index_explains_the_deciding_state_as_status_does(self) -> None:
        """Bulk explanations carry the deciding state too."""
        member = self.caqh({"IL"})
        bulk = StatusIndex([member]).explanations(date(2026, 3, 1))
        assert bulk.explanations(0) == tuple(
            s.explanation for s in status(member, date(2026, 3, 1)) if s.required
        )


class TestRevalidationWindowAndCadences:
    def enrolled(self) -> StaffMember:
        enrolment = Credential(
            kind="medicare_enrollment",
            issuer="CMS",
            jurisdiction="US",
            issued_on=date(2021, 5, 1),
            expires_on=date(2026, 10, 31),
            payer="MEDICARE",
        )
        return person(enrolment, role="np", payers={"MEDICARE"})

    def test_the_window_opening_is_an_alert(self) -> None:
        """Due 2026-10-31: a reminder on 2026-03-31 (a Tuesday) that the window opened."""
        items = StatusIndex([self.enrolled()]).due_items(date(2026, 1, 1))
        assert [(i.opens_on, i.cadence) for i in items] == [
            (date(2026, 3, 31), (120, 90, 60, 30, 14, 7))
        ]
        plan = plan_alerts(items, date(2026, 3, 1), horizon_days=60)
        opening = [a for a in plan if a.window_opens]
        assert [(a.send_on, a.days_before) for a in opening] == [(date(2026, 3, 31), 214)]

    def test_caqh_reminds_on_its_own_cadence(self) -> None:
        """CAQH: 15, 10 and 5 days before the due date, not 120..7."""
        member = person(held("caqh_attestation", date(2026, 1, 1), state="TX"), payers={"ACME"})
        items = StatusIndex([member]).due_items(date(2026, 1, 2))
        plan = plan_alerts(items, date(2026, 1, 2), horizon_days=180)
        assert sorted({a.days_before for a in plan}, reverse=True) == [15, 10, 5]

    def test_explicit_thresholds_override_every_cadence(self) -> None:
        """``thresholds=(7,)`` sends one reminder per item, whatever its kind."""
        item = DueItem(
            holder_id="S-1",
            requirement="caqh_attestation",
            due_on=date(2026, 5, 1),
            cadence=(15, 10, 5),
        )
        plan = plan_alerts([item], date(2026, 1, 1), horizon_days=180, thresholds=(7,))
        assert [a.days_before for a in plan] == [7]


class TestNcqaFilePlanner:
    def test_the_processing_date_picks_the_standards_year(self) -> None:
        """Processed 2025-06-30, decided 2025-07-02: NCQA 2024 and 180 days."""
        plan = plan_recredentialing(
            date(2022, 8, 1), committee_on=date(2025, 7, 2), processed_on=date(2025, 6, 30)
        )
        assert (plan.pack, plan.verification_days) == ("NCQA-2024", 180)

    def test_an_initial_file_is_checked_without_a_previous_decision(self) -> None:
        """No previous decision: the initial path, with stale verifications found."""
        old = VerificationEvent(source="board", on=date(2025, 1, 1), outcome="verified")
        plan = plan_recredentialing(None, committee_on=date(2025, 9, 1), verifications=[old])
        assert (plan.path, plan.due_on, plan.stale) == (RecredentialingPath.INITIAL, None, (old,))

    @pytest.mark.parametrize(
        ("track", "processed", "days"),
        [
            ("accreditation", date(2025, 6, 30), 180),
            ("accreditation", date(2025, 7, 1), 120),
            ("cvo", date(2025, 6, 30), 120),
            ("cvo", date(2025, 7, 1), 90),
        ],
    )
    def test_both_tracks_limits_switch_on_2025_07_01(
        self, track: str, processed: date, days: int
    ) -> None:
        """Accreditation 180 then 120 days; CVO 120 then 90; fresh on the limit, stale past it."""
        committee = processed
        fresh = VerificationEvent(
            source="a", on=committee - timedelta(days=days), outcome="verified"
        )
        stale = VerificationEvent(
            source="b", on=committee - timedelta(days=days + 1), outcome="verified"
        )
        plan = plan_recredentialing(
            date(2022, 8, 1), committee_on=committee, track=track, verifications=[fresh, stale]
        )
        assert (plan.verification_days, plan.stale) == (days, (stale,))

    def test_an_unknown_track_is_refused(self) -> None:
        """Only accreditation and cvo exist."""
        with pytest.raises(InvalidArgument):
            plan_recredentialing(None, track="gold")


class TestMonitoringSources:
    def test_every_shipped_source_is_screened_by_default(self) -> None:
        """LEIE, SAM, state Medicaid lists and licence board actions, each cited."""
        ledger = monitoring_ledger([], ["S-1"], date(2025, 9, 1), date(2025, 9, 30))
        assert {str(g) for g in ledger.people[0].gaps} == {
            "LEIE 2025-09",
            "SAM 2025-09",
            "STATE_MEDICAID 2025-09",
            "LICENSE_LOOKUP 2025-09",
        }
        assert all(s.citation.url.startswith("https://") for s in MONITORING_SOURCES)

    def test_an_alert_reviewed_within_30_days_replaces_the_monthly_review(self) -> None:
        """Subscribed to LEIE alerts: review on day 30 is on time, day 31 is late."""
        alert = MonitoringAlert(person_id="S-1", source="LEIE", received_on=date(2025, 9, 3))
        on_time = Screening(person_id="S-1", source="LEIE", on=date(2025, 10, 3), result="clear")
        late = Screening(person_id="S-1", source="LEIE", on=date(2025, 10, 4), result="clear")
        first, last = date(2025, 9, 1), date(2025, 11, 30)

        def ledger(log: list[Screening]) -> tuple[object, ...]:
            found = monitoring_ledger(
                log, ["S-1"], first, last, sources=["LEIE"], subscribed=["LEIE"], alerts=[alert]
            )
            return found.people[0].late_reviews

        assert ledger([on_time]) == ()
        assert ledger([late]) == (alert,)

    def test_a_source_given_as_data_brings_its_own_review_days(self) -> None:
        """A non-monthly source with a 14-day review: day 14 on time, day 15 late."""
        source = MonitoringSource(
            source="NPDB_CQ",
            title="NPDB continuous query",
            monthly=False,
            alert_days=14,
            citation=Citation(source="NPDB", section="Continuous Query", url="https://x.test"),
        )
        alert = MonitoringAlert(person_id="S-1", source="NPDB_CQ", received_on=date(2025, 9, 1))

        def late(day: date) -> tuple[object, ...]:
            log = [Screening(person_id="S-1", source="NPDB_CQ", on=day, result="clear")]
            ledger = monitoring_ledger(
                log, ["S-1"], date(2025, 9, 1), date(2025, 10, 31), sources=[source], alerts=[alert]
            )
            assert ledger.people[0].gaps == ()
            return ledger.people[0].late_reviews

        assert late(date(2025, 9, 15)) == ()
        assert late(date(2025, 9, 16)) == (alert,)

    def test_offices_may_add_sources(self) -> None:
        """A source code of the office's own (NPDB continuous query) is accepted."""
        log = [Screening(person_id="S-1", source="NPDB_CQ", on=date(2025, 9, 2), result="clear")]
        ledger = monitoring_ledger(
            log, ["S-1"], date(2025, 9, 1), date(2025, 9, 30), sources=["NPDB_CQ"]
        )
        assert ledger.compliant


class TestOneRequirement:
    def test_parse_requirement_follows_the_kind_scope(self) -> None:
        """State for per-state kinds, payer for per-payer kinds, nothing for the others."""
        assert str(parse_requirement("state_license/ca")) == "state_license/CA"
        assert str(parse_requirement("payer_credentialing/acme")) == "payer_credentialing/ACME"
        assert parse_requirement("payer_credentialing/acme").payer == "ACME"
        with pytest.raises(InvalidArgument):
            parse_requirement("bls/CA")
        with pytest.raises(InvalidArgument):
            parse_requirement("state_license")
        with pytest.raises(InvalidArgument):
            parse_requirement("Not A Kind")

    @given(staff_members(), st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    def test_it_answers_what_status_answers(self, member: StaffMember, on: date) -> None:
        """For every requirement status lists, the one-requirement query agrees."""
        for answer in status(member, on, matrix=OFFICE_MATRIX):
            assert (
                requirement_status(member, answer.requirement, on, matrix=OFFICE_MATRIX) == answer
            )

    @given(st.lists(staff_members(), max_size=4), st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    def test_the_index_agrees_with_status_under_the_office_matrix(
        self, members: list[StaffMember], on: date
    ) -> None:
        """Open kinds, professions and practice states: the index answers as status does."""
        index = StatusIndex(members, matrix=OFFICE_MATRIX)
        expected = [
            tuple(
                a.standing for a in status(m, on, explain=False, matrix=OFFICE_MATRIX) if a.required
            )
            for m in members
        ]
        assert index.standings(on) == expected
        bulk = index.explanations(on)
        for position, member in enumerate(members):
            explained = tuple(
                a.explanation for a in status(member, on, matrix=OFFICE_MATRIX) if a.required
            )
            assert bulk.explanations(position) == explained

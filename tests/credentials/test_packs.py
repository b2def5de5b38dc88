"""Rule packs and the requirement matrix: cited data, effective dates, look-up precedence."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._matrix import Requirement, requirements_for
from medoffice.credentials._model import CredentialKind, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES, PACKS
from medoffice.credentials._rules import RuleBook
from medoffice.kernel import DateRange, InvalidArgument

SWITCH = date(2025, 7, 1)


class TestPackCitations:
    def test_every_rule_and_pack_is_cited(self) -> None:
        """Each pack and each of its rules names a source, a section and a URL."""
        for pack in PACKS:
            for citation in (pack.citation, *(r.citation for r in pack.rules)):
                assert citation.source
                assert citation.section
                assert citation.url.startswith("https://")

    def test_rule_ids_are_unique(self) -> None:
        """No rule id is used for two rules of different packs' families."""
        seen: dict[str, str] = {}
        for pack in PACKS:
            for rule in pack.rules:
                assert seen.setdefault(rule.id.value, pack.family) == pack.family


class TestPackSwitch:
    def test_ncqa_switches_on_2025_07_01(self) -> None:
        """The processing date picks the pack: 2025-06-30 is NCQA 2024, 2025-07-01 NCQA 2025."""
        assert DEFAULT_RULES.pack("NCQA", date(2025, 6, 30)).version == "2024"
        assert DEFAULT_RULES.pack("NCQA", SWITCH).version == "2025"

    @given(st.dates(date(2024, 7, 1), date(2100, 1, 1)))
    def test_the_switch_happens_exactly_on_its_boundary(self, day: date) -> None:
        """Every processing day before the boundary is 2024, every day from it is 2025."""
        expected = "2025" if day >= SWITCH else "2024"
        assert DEFAULT_RULES.pack("NCQA", day).version == expected

    def test_earlier_files_use_the_carried_back_pack(self) -> None:
        """A file processed on 2024-06-30 uses the pre-2024 pack."""
        assert DEFAULT_RULES.pack("NCQA", date(2024, 6, 30)).version == "2023"

    def test_no_pack_before_the_first_is_an_error(self) -> None:
        """No NCQA pack governs 1999."""
        with pytest.raises(InvalidArgument):
            DEFAULT_RULES.pack("NCQA", date(1999, 12, 31))

    def test_a_family_nobody_ships_is_an_error(self) -> None:
        """Asking for an unknown family raises a clear error."""
        with pytest.raises(InvalidArgument):
            DEFAULT_RULES.pack("NOPE", date(2025, 1, 1))

    def test_overlapping_packs_for_the_same_rule_are_refused(self) -> None:
        """Two packs governing the same kind on the same day cannot share a rule book."""
        ncqa = [p for p in PACKS if p.family == "NCQA"]
        clash = attrs.evolve(ncqa[2], effective=DateRange(date(2025, 1, 1), date(2025, 12, 31)))
        with pytest.raises(InvalidArgument):
            RuleBook([ncqa[1], clash])


class TestRuleLookup:
    def test_a_state_rule_wins_over_the_national_one(self) -> None:
        """CAQH in Illinois uses its own rule; elsewhere the national rule applies."""
        found_il = DEFAULT_RULES.rule(CredentialKind.CAQH_ATTESTATION, "IL", date(2026, 1, 1))
        found_tx = DEFAULT_RULES.rule(CredentialKind.CAQH_ATTESTATION, "TX", date(2026, 1, 1))
        assert found_il is not None
        assert found_tx is not None
        assert found_il[1].id.value == "CRED-CAQH-ATTEST-IL"
        assert found_tx[1].id.value == "CRED-CAQH-ATTEST"

    def test_unknown_states_fall_back_to_the_printed_expiry(self) -> None:
        """A licence in a state with no rule uses the stated-expiry rule."""
        found = DEFAULT_RULES.rule(CredentialKind.STATE_LICENSE, "NY", date(2026, 1, 1))
        assert found is not None
        assert found[1].id.value == "CRED-LIC-STATED"


class TestRequirementMatrix:
    def test_prescriber_needs_a_licence_and_dea_per_state(self) -> None:
        """A physician prescribing controlled substances in two states needs both, per state."""
        member = StaffMember(
            id="S-1",
            role="physician",
            states={"CA", "TX"},
            activities={"prescribes_controlled"},
        )
        found = set(requirements_for(member))
        for state in ("CA", "TX"):
            assert Requirement(CredentialKind.STATE_LICENSE, state) in found
            assert Requirement(CredentialKind.DEA_REGISTRATION, state) in found

    def test_payers_bring_enrolment_credentialing_and_caqh(self) -> None:
        """Medicare needs enrolment; a commercial payer needs credentialing and CAQH."""
        member = StaffMember(id="S-2", role="np", payers={"MEDICARE", "ACME"})
        found = set(requirements_for(member))
        assert Requirement(CredentialKind.MEDICARE_ENROLLMENT, None, "MEDICARE") in found
        assert Requirement(CredentialKind.PAYER_CREDENTIALING, None, "ACME") in found
        assert Requirement(CredentialKind.CAQH_ATTESTATION) in found
        assert Requirement(CredentialKind.PAYER_CREDENTIALING, None, "MEDICARE") not in found

    def test_medicare_only_needs_no_caqh(self) -> None:
        """CAQH serves commercial payers; Medicare alone does not require it."""
        member = StaffMember(id="S-3", role="pa", payers={"MEDICARE"})
        assert Requirement(CredentialKind.CAQH_ATTESTATION) not in requirements_for(member)

    def test_front_desk_needs_only_what_their_activities_bring(self) -> None:
        """A clerk exposed to blood needs bloodborne pathogens training, nothing else."""
        member = StaffMember(id="S-4", role="front_desk", activities={"exposed_to_blood"})
        assert requirements_for(member) == (Requirement(CredentialKind.BBP_TRAINING),)

"""Bulk explanations: the whole roster's standings with why, equal to ``status``'s own."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._index import StatusIndex
from medoffice.credentials._model import Credential, CredentialKind, StaffMember
from medoffice.credentials._status import Standing, status
from medoffice.testing._credentials_strategies import staff_members

_KINDS = (
    (CredentialKind.STATE_LICENSE, "Medical Board of California", None),
    (CredentialKind.DEA_REGISTRATION, "DEA", None),
    (CredentialKind.BLS, "AHA", None),
    (CredentialKind.ACLS, "AHA", None),
    (CredentialKind.BBP_TRAINING, "Practice", None),
    (CredentialKind.CAQH_ATTESTATION, "CAQH", None),
    (CredentialKind.MEDICARE_ENROLLMENT, "CMS", "MEDICARE"),
    (CredentialKind.PAYER_CREDENTIALING, "ACME Health Plan", "ACME"),
)


def physicians(size: int, seed: int) -> list[StaffMember]:
    """Physicians with eight required credentials, some renewed twice, some not yet issued."""
    rng = random.Random(seed)
    members = []
    for n in range(size):
        credentials = []
        for kind, issuer, payer in _KINDS:
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                issued = date(2023, 1, 1) + timedelta(days=rng.randrange(1400))
                stated = issued + timedelta(days=399) if rng.random() < 0.3 else None
                credentials.append(
                    Credential(
                        kind=kind,
                        issuer=issuer,
                        jurisdiction="CA",
                        issued_on=issued,
                        expires_on=stated,
                        number=f"N{n:05d}{rng.randrange(10)}",
                        payer=payer,
                    )
                )
        members.append(
            StaffMember(
                id=f"S-{n:05d}",
                role="physician",
                states={"CA"},
                payers={"MEDICARE", "ACME"},
                activities={"prescribes_controlled", "exposed_to_blood", "adult_resuscitation"},
                credentials=credentials,
            )
        )
    return members


def required_explanations(member: StaffMember, on: date) -> list[object]:
    return [(a.requirement, a.standing, a.explanation) for a in status(member, on) if a.required]


def bulk_explanations(index: StatusIndex, position: int, on: date) -> list[object]:
    bulk = index.explanations(on)
    return list(
        zip(
            bulk.requirements(position),
            bulk.standings(position),
            bulk.explanations(position),
            strict=True,
        )
    )


class TestBulkExplanationsEqualStatus:
    def test_a_sample_of_a_roster_is_explained_as_status_explains_it(self) -> None:
        """For sampled staff the bulk rule, citation, pack, dates and facts equal ``status``'s."""
        members = physicians(300, seed=7)
        index = StatusIndex(members)
        for on in (date(2023, 6, 1), date(2025, 2, 28), date(2026, 7, 1), date(2029, 1, 1)):
            bulk = index.explanations(on)
            assert len(bulk) == len(members)
            for position in random.Random(on.toordinal()).sample(range(len(members)), 40):
                expected = required_explanations(members[position], on)
                got = list(
                    zip(
                        bulk.requirements(position),
                        bulk.standings(position),
                        bulk.explanations(position),
                        strict=True,
                    )
                )
                assert got == expected

    def test_headers_are_the_explanations_rule_citation_and_pack(self) -> None:
        """Each header is the rule id, citation and pack of the matching explanation."""
        members = physicians(50, seed=11)
        bulk = StatusIndex(members).explanations(date(2026, 7, 1))
        for position in range(len(members)):
            for header, explanation in zip(
                bulk.headers(position), bulk.explanations(position), strict=True
            ):
                assert header == (explanation.rule, explanation.citation, explanation.pack)

    def test_headers_of_one_rule_are_one_shared_value(self) -> None:
        """Credentials under the same rule share one header object, not a copy each."""
        members = physicians(50, seed=13)
        bulk = StatusIndex(members).explanations(date(2026, 7, 1))
        seen: dict[object, int] = {}
        for position in range(len(members)):
            for header in bulk.headers(position):
                seen.setdefault(header, id(header))
                assert seen[header] == id(header)

    def test_a_credential_not_yet_issued_is_explained_as_missing(self) -> None:
        """Before the issue date the bulk answer is ``CRED-MISSING`` with only the day as fact."""
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
        member = StaffMember(id="S-1", role="ma", credentials=[card])
        on = date(2026, 1, 1)
        bulk = StatusIndex([member]).explanations(on)
        assert bulk.standings(0) == (Standing.MISSING,)
        assert bulk.explanations(0)[0].rule.value == "CRED-MISSING"
        assert bulk.explanations(0)[0].facts == (("on", "2026-01-01"),)
        assert bulk_explanations(StatusIndex([member]), 0, on) == required_explanations(member, on)

    @given(st.lists(staff_members(), max_size=5), st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    def test_every_generated_roster_is_explained_as_status_explains_it(
        self, members: list[StaffMember], on: date
    ) -> None:
        """For any roster and day the bulk explanations equal ``status(..., explain=True)``."""
        index = StatusIndex(members)
        for position, member in enumerate(members):
            assert bulk_explanations(index, position, on) == required_explanations(member, on)

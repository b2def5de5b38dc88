"""The compact credential repository passes the contract suite and keeps every field."""

from __future__ import annotations

from datetime import date

from medoffice.adapters.memory import (
    CompactCredentialRepository,
)
from medoffice.credentials._model import Credential, StaffMember, VerificationEvent
from medoffice.credentials.ports import CredentialRepository
from medoffice.testing._credentials_contracts import (
    CredentialRepositoryContract,
)


class TestCompactCredentialRepository(CredentialRepositoryContract):
    def make_repository(self) -> CredentialRepository:
        return CompactCredentialRepository()

    def test_every_field_survives_the_columns(self) -> None:
        """Numbers, payers, stated dates, evidence, empty and absent text and checks read back."""
        repo = CompactCredentialRepository()
        credentials = [
            Credential(
                kind="medicare_enrollment",
                issuer="CMS",
                jurisdiction="US",
                issued_on=date(2021, 5, 1),
                expires_on=date(2026, 10, 31),
                number="Ünïcode-1",
                payer="MEDICARE",
                evidence="",
                verifications=[
                    VerificationEvent(source="PECOS", on=date(2021, 5, 2), outcome="verified")
                ],
            ),
            Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10)),
        ]
        member = StaffMember(
            id="S-1",
            role="np",
            name="Synthetic",
            birth_date=date(1980, 1, 2),
            states={"TX"},
            payers={"MEDICARE"},
            credentials=credentials,
        )
        repo.save(member, expected_version=0)
        assert repo.get("S-1") == member

    def test_replaced_rows_are_dropped_once_they_dominate(self) -> None:
        """Saving the same member many times keeps the columns near the live size."""
        repo = CompactCredentialRepository()
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
        repo.save(StaffMember(id="S-2", role="ma", credentials=[card]), expected_version=0)
        member = StaffMember(id="S-1", role="ma", credentials=[card, card])
        for version in range(50):
            repo.save(member, expected_version=version)
        assert repo.stored_rows <= 2 * 3
        assert repo.get("S-1") == member
        assert repo.get("S-2") == StaffMember(id="S-2", role="ma", credentials=[card])

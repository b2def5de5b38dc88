"""The in-memory authorization records pass the repository contract."""

from __future__ import annotations

import pytest

from medoffice.adapters.memory import InMemoryAuthorizationRepository, InMemoryStore
from medoffice.authorizations.ports import AuthorizationRepository
from medoffice.kernel import InvalidArgument
from medoffice.testing import AuthorizationRepositoryContract
from medoffice.testing._authorization_contracts import sample_use


class TestInMemoryAuthorizationRepository(AuthorizationRepositoryContract):
    """The in-memory adapter meets the contract."""

    def make_repository(self) -> AuthorizationRepository:
        """A fresh in-memory repository."""
        return InMemoryAuthorizationRepository()


class TestInTheStore:
    def test_a_failed_unit_puts_the_records_back(self) -> None:
        """An exception inside a unit of work rolls the authorization records back."""
        store = InMemoryStore()

        def fail() -> None:
            with store.unit_of_work() as uow:
                uow.authorizations.save(uses=[sample_use("a:1")], expected_version=0)
                raise RuntimeError("the booking could not be saved")

        with pytest.raises(RuntimeError):
            fail()
        assert store.authorizations.load().version == 0

    def test_a_version_must_be_an_int(self) -> None:
        """A version of the wrong type is an InvalidArgument; the repr shows counts only."""
        repository = InMemoryAuthorizationRepository()
        with pytest.raises(InvalidArgument):
            repository.save(expected_version="0")  # type: ignore[arg-type]
        assert "p-" not in repr(repository)

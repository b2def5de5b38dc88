"""The in-memory appointment repository refuses junk and keeps appointments out of its repr."""

from __future__ import annotations

import pytest

from medoffice.adapters.memory import InMemoryAppointmentRepository
from medoffice.kernel import InvalidArgument, InvalidValue


class TestInMemoryAppointmentRepositoryRefusesJunk:
    """Beyond the contract (run for every store in ``tests/adapters/test_store_contracts.py``)."""

    def test_refuses_what_is_not_an_appointment(self) -> None:
        """Saving junk or a non-int version is an error, and nothing is stored."""
        repository = InMemoryAppointmentRepository()
        with pytest.raises(InvalidValue):
            repository.save(["junk"], expected_version=0)  # type: ignore[list-item]
        with pytest.raises(InvalidArgument):
            repository.save([], expected_version="0")  # type: ignore[arg-type]
        assert repository.load().version == 0

    def test_repr_counts_without_contents(self) -> None:
        """The repr says how many appointments, never which."""
        assert repr(InMemoryAppointmentRepository()) == (
            "InMemoryAppointmentRepository(appointments=0, version=0)"
        )

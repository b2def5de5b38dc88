"""The scheduling adapters: the in-memory repository passes the contract; closure calendars."""

from __future__ import annotations

from medoffice.adapters.memory import InMemoryAppointmentRepository
from medoffice.scheduling.ports import AppointmentRepository
from medoffice.testing._scheduling_contracts import AppointmentRepositoryContract


class TestInMemoryAppointmentRepository(AppointmentRepositoryContract):
    def make_repository(self) -> AppointmentRepository:
        return InMemoryAppointmentRepository()

    def test_repr_counts_without_contents(self) -> None:
        """The repr says how many appointments, never which."""
        assert (
            repr(InMemoryAppointmentRepository()) == "InMemoryAppointmentRepository(appointments=0)"
        )

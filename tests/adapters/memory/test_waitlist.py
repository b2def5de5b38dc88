"""The in-memory waitlist refuses junk; its contract runs with every store's."""

from __future__ import annotations

import pytest

from medoffice.adapters.memory import InMemoryWaitlistRepository
from medoffice.kernel import InvalidArgument, InvalidValue


class TestInMemoryWaitlistRefusesJunk:
    """Bad input is refused with a medoffice error and stores nothing."""

    def test_refuses_something_that_is_not_an_entry(self) -> None:
        """Saving a string as an entry is an InvalidValue."""
        repository = InMemoryWaitlistRepository()
        with pytest.raises(InvalidValue):
            repository.save(entries=["w-1"], expected_version=0)  # type: ignore[list-item]
        assert repository.load().version == 0

    def test_refuses_a_version_that_is_not_an_int(self) -> None:
        """A version of the wrong type is an InvalidArgument."""
        with pytest.raises(InvalidArgument):
            InMemoryWaitlistRepository().save(expected_version="0")  # type: ignore[arg-type]

    def test_repr_shows_counts_only(self) -> None:
        """The repr shows counts, never patient references."""
        assert "p-" not in repr(InMemoryWaitlistRepository())

"""The in-memory store: what its lock and checkpoints do (its contracts run with every store's)."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from medoffice.adapters.memory import InMemoryStore
from medoffice.claims._history import provider_key
from medoffice.testing import (
    sample_claim,
    sample_entry,
)


class TestUnitsOfOneStoreRunOneAfterAnother:
    """A unit holds the store's lock: another thread's reads wait for it to end."""

    def test_a_reader_waits_for_the_unit_and_then_sees_its_commit(self) -> None:
        """Reads on another thread block while a unit is open and see the committed save."""
        store = InMemoryStore()
        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.append(store.waitlist.load().version))
        with store.unit_of_work() as uow:
            uow.waitlist.save(entries=[sample_entry("w-1")], expected_version=0)
            reader.start()
            reader.join(timeout=0.2)
            assert reader.is_alive()
            assert seen == []
        reader.join(timeout=30)
        assert seen == [1]

    def test_a_replacement_rolled_back_leaves_the_history_as_it_was(self) -> None:
        """A replacement claim (frequency 7) undone by a failure keeps the original lines."""
        store = InMemoryStore()
        original = sample_claim()
        store.claims.record(original)
        replacement = sample_claim(frequency="7", lines=original.lines[:1])

        def lines() -> int:
            key = {
                "patient": store.claims.patient_key(original),
                "provider": provider_key(original),
            }
            return len(store.claims.lines_on(**key, day=date(2026, 3, 2)))

        def replace_then_fail() -> None:
            with store.unit_of_work() as uow:
                uow.claims.record(replacement)
                raise RuntimeError

        with pytest.raises(RuntimeError):
            replace_then_fail()
        assert lines() == len(original.lines) == 3
        with store.unit_of_work() as uow:
            uow.claims.record(replacement)
        assert lines() == 1

    def test_repr_names_the_store_and_the_unit(self) -> None:
        """The reprs say what they are and whether the unit is open."""
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            assert repr(uow) == "InMemoryUnitOfWork(open=True)"
        assert repr(store) == "InMemoryStore()"

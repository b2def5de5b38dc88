"""The in-memory doubles have one home; the test kit re-exports the same objects."""

from __future__ import annotations

import medoffice.adapters.memory as memory
import medoffice.testing as testing


class TestOneHome:
    def test_the_test_kit_re_exports_the_memory_doubles(self) -> None:
        """The test kit offers every in-memory adapter, each the class of adapters.memory."""
        assert set(memory.__all__) <= set(testing.__all__)
        for name in memory.__all__:
            assert getattr(testing, name) is getattr(memory, name)

    def test_each_double_is_defined_in_the_memory_package(self) -> None:
        """No double is defined in the test kit or elsewhere and only re-exported here."""
        for name in memory.__all__:
            assert getattr(memory, name).__module__.startswith("medoffice.adapters.memory._")

"""The port through which ICD-10-CM code sets reach the code that uses them.

A :class:`CodeSetSource` hands out one compiled, immutable
:class:`~medoffice.coding.icd10cm.IcdCodeSet`. The file loader in
``adapters.reference`` (``FileCodeSetSource``) reads the official CDC files;
``InMemoryCodeSetSource`` there serves a code set already in memory (tests, notebooks).
Every source passes ``medoffice.testing._icd10cm_contracts.CodeSetSourceContract``.

>>> class Bundled:
...     def load(self) -> IcdCodeSet:
...         raise NotImplementedError
>>> isinstance(Bundled(), CodeSetSource)
True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from medoffice.coding.icd10cm._index import IcdCodeSet

__all__ = ["CodeSetSource"]


@runtime_checkable
class CodeSetSource(Protocol):
    """Where an ICD-10-CM code set comes from."""

    def load(self) -> IcdCodeSet:
        """The code set; the same value (equal tables) on every call."""
        ...

"""A code-set source that serves a code set already in memory (tests, notebooks, services).

>>> from medoffice.coding.icd10cm import IcdCodeSet, IcdRelease, ItemKind, SourceNode
>>> from medoffice.coding.icd10cm import compile_tables
>>> nodes = [SourceNode(kind=ItemKind.CHAPTER, name="1", description="Infections", parent=-1)]
>>> code_set = IcdCodeSet(compile_tables(nodes, code_list=(), release=IcdRelease(fiscal_year=2026)))
>>> InMemoryCodeSetSource(code_set).load() is code_set
True
"""

from __future__ import annotations

from typing import final

import attrs

from medoffice.coding.icd10cm import IcdCodeSet

__all__ = ["InMemoryCodeSetSource"]


@final
@attrs.frozen
class InMemoryCodeSetSource:
    """A :class:`~medoffice.coding.icd10cm.ports.CodeSetSource` holding one code set."""

    code_set: IcdCodeSet

    def load(self) -> IcdCodeSet:
        """The code set it holds."""
        return self.code_set

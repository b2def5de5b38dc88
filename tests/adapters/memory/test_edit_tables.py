"""The in-memory edit tables pass the EditTables contract suite."""

from __future__ import annotations

from medoffice.adapters.memory import InMemoryEditTables
from medoffice.claims.ports import EditTables
from medoffice.testing._claims_edit_contracts import EditTablesContract


class TestInMemoryEditTables(EditTablesContract):
    def make_tables(self) -> EditTables:
        return InMemoryEditTables.sample()

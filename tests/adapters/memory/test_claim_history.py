"""The in-memory claim history passes the ClaimHistory contract suite."""

from __future__ import annotations

from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.claims.ports import ClaimHistory
from medoffice.testing._claims_edit_contracts import ClaimHistoryContract


class TestInMemoryClaimHistory(ClaimHistoryContract):
    def make_history(self) -> ClaimHistory:
        return InMemoryClaimHistory()

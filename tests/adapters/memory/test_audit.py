"""The in-memory audit log passes the audit-log contract."""

from __future__ import annotations

from medoffice.adapters.memory import InMemoryAuditLog
from medoffice.kernel import AuditLog
from medoffice.testing._audit_contracts import AuditLogContract


class TestInMemoryAuditLog(AuditLogContract):
    """The in-memory audit log keeps the audit-log contract."""

    def make_log(self) -> AuditLog:
        return InMemoryAuditLog()

"""An audit chain check that an append races: for the tests of ``medoffice audit verify``.

``verify`` prints the number of events it checked; the count must come from the same read as
the check, whatever is appended meanwhile. :func:`check_then_append` stands in for the audit
log's ``check_audit_chain``: it notes how many rows it was given, then appends an event
(committed by another connection) before checking them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from medoffice.kernel._audit import AuditEvent
from medoffice.kernel._audit_chain import ChainLink, check_audit_chain
from medoffice.kernel._findings import Report

CheckChain = Callable[..., Report]


def check_then_append(append: Callable[[], object], checked: list[int]) -> CheckChain:
    """A ``check_audit_chain`` that adds the number of rows it checks to ``checked`` and calls
    ``append`` before checking them."""

    def check(
        rows: Iterable[tuple[int, AuditEvent, str]], *, anchor: Iterable[ChainLink] = ()
    ) -> Report:
        read = list(rows)
        checked.append(len(read))
        append()
        return check_audit_chain(read, anchor=anchor)

    return check

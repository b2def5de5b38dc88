"""The kernel: values every other layer builds on.

``Money`` and ``Currency`` (exact, ISO 4217), ``TimeRange`` (half-open instants) and ``DateRange``
(inclusive days), ``Finding`` / ``Report`` / ``RuleId`` / ``Severity`` for explainable checks and
``Refused`` for a use case the rules refused, the ``Clock`` and ``UnitOfWork`` ports, the audit
log with ``audited`` (one event per use case), ``retry_on_conflict`` (the compare-and-set retry
every service uses), the exceptions, and field validators that never echo the value they
refuse (``instance_of``, ``optional``, ``each``, ``member_of``). The kernel
imports nothing else from medoffice.
"""

from __future__ import annotations

from medoffice.kernel._lazy import lazy_exports

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from typing import Final

    from medoffice.kernel._audit import AuditEvent, AuditLog, AuditOutcome, audited
    from medoffice.kernel._audit_chain import GENESIS, ChainLink, chain_link, check_audit_chain
    from medoffice.kernel._clock import Clock
    from medoffice.kernel._errors import (
        ConcurrencyConflict,
        CurrencyMismatch,
        DatabaseError,
        InvalidArgument,
        InvalidChecksum,
        InvalidComponent,
        InvalidFormat,
        InvalidLength,
        InvalidType,
        InvalidValue,
        MedofficeError,
        ValidationError,
    )
    from medoffice.kernel._findings import Finding, Report, RuleId, Severity
    from medoffice.kernel._money import Currency, Money, Rounding
    from medoffice.kernel._ranges import DateRange, TimeRange
    from medoffice.kernel._refused import Refused
    from medoffice.kernel._retry import check_attempts, retry_on_conflict
    from medoffice.kernel._unit_of_work import UnitOfWork
    from medoffice.kernel._validators import each, instance_of, member_of, optional

__all__ = [
    "GENESIS",
    "AuditEvent",
    "AuditLog",
    "AuditOutcome",
    "ChainLink",
    "Clock",
    "ConcurrencyConflict",
    "Currency",
    "CurrencyMismatch",
    "DatabaseError",
    "DateRange",
    "Finding",
    "InvalidArgument",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "InvalidType",
    "InvalidValue",
    "MedofficeError",
    "Money",
    "Refused",
    "Report",
    "Rounding",
    "RuleId",
    "Severity",
    "TimeRange",
    "UnitOfWork",
    "ValidationError",
    "audited",
    "chain_link",
    "check_attempts",
    "check_audit_chain",
    "each",
    "instance_of",
    "member_of",
    "optional",
    "retry_on_conflict",
]

# Where each public name lives. A name is imported on first use, so that a module needing only
# the exceptions (the reference loaders) does not pay for money, audit and unit-of-work imports.
_HOMES: Final = {
    "AuditEvent": "._audit",
    "AuditLog": "._audit",
    "AuditOutcome": "._audit",
    "ChainLink": "._audit_chain",
    "Clock": "._clock",
    "ConcurrencyConflict": "._errors",
    "Currency": "._money",
    "CurrencyMismatch": "._errors",
    "DatabaseError": "._errors",
    "DateRange": "._ranges",
    "Finding": "._findings",
    "GENESIS": "._audit_chain",
    "InvalidArgument": "._errors",
    "InvalidChecksum": "._errors",
    "InvalidComponent": "._errors",
    "InvalidFormat": "._errors",
    "InvalidLength": "._errors",
    "InvalidType": "._errors",
    "InvalidValue": "._errors",
    "MedofficeError": "._errors",
    "Money": "._money",
    "Refused": "._refused",
    "Report": "._findings",
    "Rounding": "._money",
    "RuleId": "._findings",
    "Severity": "._findings",
    "TimeRange": "._ranges",
    "UnitOfWork": "._unit_of_work",
    "ValidationError": "._errors",
    "audited": "._audit",
    "chain_link": "._audit_chain",
    "check_attempts": "._retry",
    "check_audit_chain": "._audit_chain",
    "each": "._validators",
    "instance_of": "._validators",
    "member_of": "._validators",
    "optional": "._validators",
    "retry_on_conflict": "._retry",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _HOMES)

"""The kernel: values every other layer builds on.

``Money`` and ``Currency`` (exact, ISO 4217), ``TimeRange`` (half-open instants) and ``DateRange``
(inclusive days), ``Finding`` / ``Report`` / ``RuleId`` / ``Severity`` for explainable checks and
``Refused`` for a use case the rules refused, the ``Clock`` and ``UnitOfWork`` ports, the audit
log with ``audited`` (one event per use case), ``retry_on_conflict`` (the compare-and-set retry
every service uses), and the exceptions. The kernel imports nothing else from medoffice.
"""

from __future__ import annotations

from medoffice.kernel._audit import AuditEvent, AuditLog, AuditOutcome, audited
from medoffice.kernel._clock import Clock
from medoffice.kernel._errors import (
    ConcurrencyConflict,
    CurrencyMismatch,
    InvalidArgument,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
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

__all__ = [
    "AuditEvent",
    "AuditLog",
    "AuditOutcome",
    "Clock",
    "ConcurrencyConflict",
    "Currency",
    "CurrencyMismatch",
    "DateRange",
    "Finding",
    "InvalidArgument",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
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
    "check_attempts",
    "retry_on_conflict",
]

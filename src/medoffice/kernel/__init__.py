"""The kernel: values every other layer builds on.

``Money`` and ``Currency`` (exact, ISO 4217), ``TimeRange`` (half-open instants) and ``DateRange``
(inclusive days), ``Finding`` / ``Report`` / ``RuleId`` / ``Severity`` for explainable checks,
the ``Clock`` port, and the exceptions. The kernel imports nothing else from medoffice.
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
    "Report",
    "Rounding",
    "RuleId",
    "Severity",
    "TimeRange",
    "ValidationError",
    "audited",
]

"""Typing tests: mypy checks this file; nobody runs it.

Each ``assert_type`` pins a public signature; each ``type: ignore[code]`` pins a mistake that must
stay a type error (``warn_unused_ignores`` under ``--strict`` fails if it stops being one).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import assert_type

from medoffice.adapters.clock import SystemClock
from medoffice.kernel import (
    Clock,
    DateRange,
    Finding,
    Money,
    Refused,
    Report,
    Rounding,
    RuleId,
    Severity,
    TimeRange,
    retry_on_conflict,
)
from medoffice.testing import FrozenClock


def money_api(fee: Money) -> None:
    assert_type(fee + fee, Money)
    assert_type(fee.split(3), tuple[Money, ...])
    assert_type(fee.allocate([1, Decimal(2)]), tuple[Money, ...])
    assert_type(fee.multiply(Decimal("0.2"), rounding=Rounding.HALF_UP), Money)
    assert_type(fee.minor_units, int)
    assert_type(fee < fee, bool)
    fee.multiply(Decimal("0.2"))  # type: ignore[call-arg]
    _ = fee + 1  # type: ignore[operator]


def range_api(slot: TimeRange, days: DateRange) -> None:
    assert_type(slot.duration, timedelta)
    assert_type(slot.intersect(slot), TimeRange | None)
    assert_type(slot.subtract(slot), tuple[TimeRange, ...])
    assert_type(days.contains(date(2026, 1, 1)), bool)
    assert_type(list(days), list[date])


def report_api(report: Report, finding: Finding) -> None:
    assert_type(report.ok, bool)
    assert_type(report.filter(severity=Severity.ERROR), Report)
    assert_type(report.merge(report, report), Report)
    assert_type(finding.value, str | None)


def clock_api() -> None:
    clock: Clock = FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))
    assert_type(clock.now(), datetime)
    assert_type(SystemClock().now(), datetime)
    FrozenClock("2026-01-01")  # type: ignore[arg-type]


def rule_id_api(finding: Finding, refused: Refused) -> None:
    rule: str = finding.rule  # a RuleId is a str
    assert_type(finding.rule == "DX-EXCLUDES1", bool)
    assert_type(json.dumps({"rule": rule}), str)
    assert_type(refused.rules, tuple[RuleId, ...])
    RuleId(42)  # type: ignore[arg-type]


def money_constructor_api() -> None:
    Money(amount=Decimal("1.00"), currency="USD")
    Money(amount=1.5, currency="USD")  # type: ignore[arg-type]


def retry_api() -> None:
    assert_type(retry_on_conflict(lambda: 1, attempts=3), int)

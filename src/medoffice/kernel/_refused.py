"""A business refusal as a value: the rules said no, the findings say why, nothing was written.

Use cases answer a refusal with a value, never an exception (exceptions are for programmer
mistakes and broken input files). Scheduling's ``Rejected`` carries its booking conflicts; the
other domains answer :class:`Refused`, holding a :class:`~medoffice.kernel.Report` whose findings
name stable rule ids and the path of the field they concern.

>>> from medoffice.kernel import Finding, Report
>>> refused = Refused(
...     report=Report.of(
...         [
...             Finding(
...                 rule="BUD-TRANSFER-004",
...                 severity="error",
...                 message="the requester cannot decide their own transfer",
...                 path="actor",
...             )
...         ]
...     )
... )
>>> refused.rules == ("BUD-TRANSFER-004",)
True
"""

from __future__ import annotations

from typing import final

import attrs

from medoffice.kernel._errors import InvalidValue
from medoffice.kernel._findings import Finding, Report, RuleId, Severity

__all__ = ["Refused"]


def _report(value: Report) -> Report:
    if not _has_errors(value):
        raise InvalidValue("a refusal holds a report with at least one error finding")
    return value


def _has_errors(value: object) -> bool:
    return isinstance(value, Report) and not value.ok


@final
@attrs.frozen(kw_only=True)
class Refused:
    """A use case refused by the rules: ``report`` holds the error findings that say why."""

    report: Report = attrs.field(converter=_report)

    @classmethod
    def because(
        cls, rule: str, message: str, *, path: str = "", value: str | None = None
    ) -> Refused:
        """A refusal with one error finding."""
        finding = Finding(
            rule=rule, severity=Severity.ERROR, message=message, path=path, value=value
        )
        return cls(report=Report.of([finding]))

    @property
    def rules(self) -> tuple[RuleId, ...]:
        """The rule ids of the error findings, in report order."""
        return tuple(f.rule for f in self.report.errors)

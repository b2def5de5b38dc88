"""What can be wrong in a reference file, and how a loader says so.

A loader never drops or invents a row silently. A file it cannot read at all (not the layout it
was asked for, no header) raises :class:`ReferenceFileError`, naming the file and the line. A row
it cannot read (too few fields, a date that does not exist, an indicator outside the layout) is
left out of the table and described by a :class:`LoadProblem` with its line number; a row that
is complete but sits on a last line with no line end (the file may have been cut short) is kept
and described too. Every table lists its problems in ``problems``; ``strict=True`` on a loader
turns the first problem into a :class:`ReferenceFileError` instead.

>>> problem = LoadProblem(
...     file="ccipra-v322r0-f1.txt", line=161, rule="REF-TRUNCATED", message="no line end"
... )
>>> str(problem)
'ccipra-v322r0-f1.txt:161: REF-TRUNCATED: no line end'
>>> problem.to_finding().path
'ccipra-v322r0-f1.txt:161'
"""

from __future__ import annotations

from typing import Any, final

import attrs

from medoffice.kernel._errors import InvalidValue
from medoffice.kernel._findings import Finding, RuleId, Severity

__all__ = ["LoadProblem", "ReferenceFileError"]


@final
@attrs.frozen(kw_only=True)
class LoadProblem:
    """A row of a reference file that could not be read as it stands.

    ``rule`` is a stable id: ``REF-TRUNCATED`` (last line without a line end: kept, check the
    download), ``REF-FIELDS`` (wrong number of fields: left out), ``REF-VALUE`` (a field that
    does not parse: left out), ``REF-DUPLICATE`` (a code listed twice: the first one kept).
    """

    file: str
    line: int
    rule: RuleId = attrs.field(converter=RuleId)
    message: str
    kept: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}"

    def to_finding(self) -> Finding:
        """The problem as a kernel :class:`~medoffice.kernel.Finding`: a warning when kept."""
        return Finding(
            rule=self.rule,
            severity=Severity.WARNING if self.kept else Severity.ERROR,
            message=self.message,
            path=f"{self.file}:{self.line}",
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "file": self.file,
            "line": self.line,
            "rule": str(self.rule),
            "message": self.message,
            "kept": self.kept,
        }


class ReferenceFileError(InvalidValue):
    """A reference file that cannot be loaded; names the file and, when known, the line."""

    def __init__(self, message: str, *, file: str, line: int | None = None) -> None:
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line

    @classmethod
    def from_problem(cls, problem: LoadProblem) -> ReferenceFileError:
        """The exception ``strict=True`` raises for ``problem``."""
        return cls(f"{problem.rule}: {problem.message}", file=problem.file, line=problem.line)

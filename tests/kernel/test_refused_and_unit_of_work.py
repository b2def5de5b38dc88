"""A refusal is a value holding error findings; the unit-of-work port is a context manager."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import pytest

from medoffice.kernel import Finding, InvalidValue, Refused, Report, UnitOfWork


class TestRefused:
    def test_because_builds_one_error_finding(self) -> None:
        """The rule, path and value of the one finding; the rules listed."""
        refused = Refused.because("CRED-ISSUED-FUTURE", "later", path="issued_on", value="x")
        (finding,) = refused.report.findings
        assert (finding.rule, finding.path, finding.value) == (
            "CRED-ISSUED-FUTURE",
            "issued_on",
            "x",
        )
        assert refused.rules == ("CRED-ISSUED-FUTURE",)

    @pytest.mark.parametrize(
        "report",
        [
            Report(),
            Report.of([Finding(rule="A", severity="warning", message="only a warning")]),
            "BUD-1",
        ],
    )
    def test_a_refusal_without_an_error_cannot_exist(self, report: object) -> None:
        """An empty report, warnings only, or not a report at all: InvalidValue."""
        with pytest.raises(InvalidValue):
            Refused(report=report)  # type: ignore[arg-type]


class _Recording:
    def __init__(self) -> None:
        self.ends: list[bool] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.ends.append(kind is None)


class TestUnitOfWorkPort:
    def test_any_context_manager_of_that_shape_is_a_unit_of_work(self) -> None:
        """The protocol is checked at run time; a clean exit and a failure reach ``__exit__``."""
        unit = _Recording()
        assert isinstance(unit, UnitOfWork)
        with unit:
            pass
        with pytest.raises(RuntimeError), unit:
            raise RuntimeError
        assert unit.ends == [True, False]
        assert not isinstance(object(), UnitOfWork)

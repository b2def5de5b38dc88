"""The fuzz harness's closing note: how many inputs each target was given in this run."""

from __future__ import annotations

import pytest
from tests.fuzz._inputs import TRIED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the count of inputs tried per fuzz target (nothing when no target ran)."""
    if not TRIED:
        return
    terminalreporter.section("fuzz: inputs tried per target")
    for target, count in sorted(TRIED.items()):
        terminalreporter.write_line(f"{target:<32} {count:>8}")
    terminalreporter.write_line(f"{'total':<32} {sum(TRIED.values()):>8}")

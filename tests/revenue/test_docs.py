"""The revenue guide shows the rule catalogue as the code has it, and its example runs."""

from __future__ import annotations

import re
from pathlib import Path

from medoffice.revenue._catalogue import render_era_catalogue

GUIDE = Path(__file__).parents[2] / "docs" / "revenue.md"


class TestGuide:
    def test_the_guide_holds_the_current_rule_table(self) -> None:
        """docs/revenue.md carries render_era_catalogue() word for word."""
        assert render_era_catalogue() in GUIDE.read_text(encoding="utf-8")

    def test_the_example_runs(self) -> None:
        """The guide's Python example posts, ages and lists denials without an error."""
        blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
        assert blocks
        namespace: dict[str, object] = {}
        for block in blocks:
            exec(compile(block, str(GUIDE), "exec"), namespace)
        assert namespace["kpis"]

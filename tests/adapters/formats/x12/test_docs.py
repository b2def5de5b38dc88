"""The examples of the 837P reader's guide (docs/x12.md) run and print what it says."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[4] / "docs" / "x12.md"


class TestGuide:
    def test_every_example_of_the_guide_holds(self) -> None:
        """Each ```python block of docs/x12.md passes as a doctest, sharing one namespace."""
        blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
        assert blocks
        parser = doctest.DocTestParser()
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
        namespace: dict[str, object] = {}
        for number, block in enumerate(blocks):
            test = parser.get_doctest(block, namespace, f"x12.md[{number}]", str(GUIDE), 0)
            runner.run(test, clear_globs=False)
            namespace.update(test.globs)
        assert runner.summarize(verbose=False).failed == 0

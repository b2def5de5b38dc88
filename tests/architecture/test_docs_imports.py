"""Docs, notebooks, examples and the README import only public modules.

A reader copies what the documentation shows. An import of ``medoffice.scheduling._booking`` or
``from medoffice.cli import _demo`` works today and breaks on the next refactoring, since
underscore modules and names are free to move. This test reads every Markdown page and notebook
under ``docs/``, every file under ``examples/`` and the README, and fails naming the file and the
line of each such import (in a notebook, the cell and its line).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]

# ``import medoffice.x._y``, ``from medoffice.x._y import z`` and ``from medoffice.x import _y``,
# also after a doctest prompt (``>>>`` or ``...``) or inside a parenthesised name list.
_STATEMENT: Final = re.compile(
    r"^\s*(?:(?:>>>|\.\.\.)\s+)?(?P<kind>from|import)\s+(?P<module>medoffice(?:\.\w+)*)"
    r"(?:\s+import\s+(?P<names>\([^)]*\)?|.*))?",
    re.MULTILINE,
)


# A private module named in prose (``medoffice.testing._postgres.scratch_database``): a reader
# copies the path into an import just the same.
_NAMED: Final = re.compile(r"`[^`\n]*?\b(medoffice(?:\.\w+)*\._\w+)[^`\n]*`")


def private_imports(text: str) -> Iterator[tuple[int, str]]:
    """(line number, statement) of each import of a private medoffice module or name in ``text``,
    and of each private module named in inline code."""
    for match in _NAMED.finditer(text):
        if not _STATEMENT.match(text, text.rfind("\n", 0, match.start()) + 1):
            yield text.count("\n", 0, match.start()) + 1, match.group(0)
    for match in _STATEMENT.finditer(text):
        parts = match["module"].split(".")
        names = re.findall(r"\b\w+\b", match["names"] or "") if match["kind"] == "from" else []
        names = [n for n in names if n != "as"]
        if any(p.startswith("_") for p in parts) or any(n.startswith("_") for n in names):
            line = text.count("\n", 0, match.start()) + 1
            yield line, match.group(0).strip().splitlines()[0]


def documents() -> Iterator[Path]:
    """Every page, notebook and example a reader may copy from."""
    yield ROOT / "README.md"
    yield from sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
    yield from sorted(p for p in (ROOT / "docs").rglob("*.ipynb") if "_build" not in p.parts)
    yield from sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file())


def problems_in(path: Path, root: Path = ROOT) -> Iterator[str]:
    """``file:line: statement`` (``file:cell N, line M: ...`` in a notebook) for each finding."""
    name = path.relative_to(root).as_posix()
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, start=1):
            source = "".join(cell["source"])
            for line, statement in private_imports(source):
                yield f"{name}:cell {number}, line {line}: {statement}"
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    for line, statement in private_imports(text):
        yield f"{name}:{line}: {statement}"


class TestTheScanner:
    def test_it_finds_each_kind_of_private_import_with_its_line(self) -> None:
        """Private modules and names are found in prose code, doctests and name lists."""
        text = "\n".join(
            [
                "# A guide",
                "from medoffice.scheduling._booking import decide_booking",
                ">>> import medoffice.cli._demo_practice as demo",
                "from medoffice.cli import _demo",
                "from medoffice.testing import (FrozenClock, _stores)",
                "from medoffice.scheduling import Scheduling",
                "from medoffice.scheduling.waitlist import make_offers",
            ]
        )
        assert [line for line, _ in private_imports(text)] == [2, 3, 4, 5]

    def test_public_imports_pass(self) -> None:
        """Public modules, and words that merely mention medoffice, are not findings."""
        text = "from medoffice.budget.forecast import forecasts\nimport medoffice\nmedoffice is"
        assert list(private_imports(text)) == []

    def test_a_notebook_finding_names_the_cell_and_line(self, tmp_path: Path) -> None:
        """The report of a notebook points at the cell."""
        notebook = tmp_path / "docs" / "probe.ipynb"
        notebook.parent.mkdir()
        cells = [
            {"cell_type": "markdown", "source": ["# Probe\n"]},
            {"cell_type": "code", "source": ["import os\n", "from medoffice.cli._demo import x\n"]},
        ]
        notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
        assert list(problems_in(notebook, root=tmp_path)) == [
            "docs/probe.ipynb:cell 2, line 2: from medoffice.cli._demo import x"
        ]

    def test_a_page_finding_names_the_file_and_line(self, tmp_path: Path) -> None:
        """The report of a page points at its line, inside a multi-line import too."""
        page = tmp_path / "guide.md"
        page.write_text(
            "```python\nfrom medoffice.testing import (\n    FrozenClock,\n    _stores,\n)\n```\n",
            encoding="utf-8",
        )
        assert list(problems_in(page, root=tmp_path)) == [
            "guide.md:2: from medoffice.testing import ("
        ]


def test_a_private_module_named_in_prose_is_found() -> None:
    """Inline code naming a private module counts; a public dotted name does not."""
    text = "See `medoffice.adapters.sqlite._schema` and `medoffice.adapters.sqlite.open_database`."
    assert list(private_imports(text)) == [(1, "`medoffice.adapters.sqlite._schema`")]


def test_no_document_imports_a_private_module() -> None:
    """Docs, notebooks, examples and the README import only public medoffice modules."""
    found = [problem for path in documents() for problem in problems_in(path)]
    assert found == [], "\n".join(found)

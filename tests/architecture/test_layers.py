"""The layering of the package, and "no hidden clock", checked on the source itself.

Layers may import only the layers below them (see the README's architecture section):

    cli -> adapters -> domains (scheduling, claims, budget, credentials) -> coding
        -> identifiers -> kernel

``testing`` is the public test kit; it may use anything but the CLI. Domain packages never import
one another. The one deliberate upward edge: a ``coding`` entry point such as
``medoffice.coding.icd10cm.load()`` may import its file loader from ``adapters`` *inside the
function*, so that ``load()`` is one call for users while the index itself stays pure.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import medoffice

PACKAGE_ROOT: Final = Path(medoffice.__file__).parent
DOMAINS: Final = frozenset({"scheduling", "claims", "budget", "credentials"})

# What each top-level part may import from medoffice (besides itself).
ALLOWED: Final[dict[str, frozenset[str]]] = {
    "kernel": frozenset(),
    "identifiers": frozenset({"kernel"}),
    "coding": frozenset({"kernel", "identifiers"}),
    **{d: frozenset({"kernel", "identifiers", "coding"}) for d in DOMAINS},
    "adapters": frozenset({"kernel", "identifiers", "coding", *DOMAINS}),
    "testing": frozenset({"kernel", "identifiers", "coding", "adapters", *DOMAINS}),
    "cli": frozenset({"kernel", "identifiers", "coding", "adapters", *DOMAINS, "__init__"}),
    "__init__": frozenset(),
    "__main__": frozenset({"cli"}),
}
# Imports allowed only inside a function body: (from part, to part).
DEFERRED_ALLOWED: Final = frozenset({("coding", "adapters")})

CLOCK_CALLS: Final = frozenset(
    {
        ("pendulum", "now"),
        ("pendulum", "today"),
        ("pendulum", "tomorrow"),
        ("pendulum", "yesterday"),
        ("datetime", "now"),
        ("datetime", "utcnow"),
        ("datetime", "today"),
        ("date", "today"),
        ("time", "time"),
        ("time", "time_ns"),
        ("time", "localtime"),
        ("time", "gmtime"),
    }
)
CLOCK_METHODS: Final = frozenset({"is_past", "is_future", "is_today"})


def modules(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def part_of(path: Path, root: Path) -> str:
    relative = path.relative_to(root)
    return relative.parts[0].removesuffix(".py") if relative.parts else "__init__"


def imported_parts(tree: ast.AST, path: Path, root: Path) -> Iterator[tuple[str, int, bool]]:
    """Each (medoffice part, line, nested-in-function) that the module imports."""
    package = ".".join(("medoffice", *path.relative_to(root).with_suffix("").parts))
    nested_lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    nested_lines.add(inner.lineno)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[:-1]  # the package holding this module
                base = base[: len(base) - (node.level - 1)]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
            if names == ["medoffice"]:
                names = [
                    f"medoffice.{alias.name}"
                    if (root / alias.name).is_dir() or (root / f"{alias.name}.py").is_file()
                    else "medoffice"
                    for alias in node.names
                ]
        for name in names:
            parts = name.split(".")
            if parts[0] == "medoffice":
                target = parts[1] if len(parts) > 1 else "__init__"
                yield target, node.lineno, node.lineno in nested_lines


def layering_violations(root: Path = PACKAGE_ROOT) -> list[str]:
    problems = []
    for path in modules(root):
        source = part_of(path, root)
        allowed = ALLOWED.get(source)
        if allowed is None:
            problems.append(f"{path.relative_to(root)}: part {source!r} has no layer rule")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target, line, nested in imported_parts(tree, path, root):
            if target in (source, "__init__") and (target != "__init__" or source != "kernel"):
                continue
            if target in allowed:
                continue
            if nested and (source, target) in DEFERRED_ALLOWED:
                continue
            problems.append(f"{path.relative_to(root)}:{line}: {source} must not import {target}")
    return problems


def clock_reads(root: Path = PACKAGE_ROOT) -> list[str]:
    problems = []
    for path in modules(root):
        if part_of(path, root) == "adapters":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(root)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "age":
                problems.append(f"{where}:{node.lineno}: .age reads the clock")
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            attr = node.func.attr
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (owner_name, attr) in CLOCK_CALLS:
                problems.append(f"{where}:{node.lineno}: {owner_name}.{attr}() reads the clock")
            elif attr in CLOCK_METHODS:
                problems.append(f"{where}:{node.lineno}: .{attr}() reads the clock")
            elif attr == "diff" and not node.args and not node.keywords:
                problems.append(
                    f"{where}:{node.lineno}: diff() without an argument reads the clock"
                )
    return problems


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


class TestLayering:
    def test_every_module_respects_its_layer(self) -> None:
        """No module imports a layer above it, and domains never import each other."""
        assert layering_violations() == []

    def test_the_checker_sees_violations(self, tmp_path: Path) -> None:
        """Upward, sideways and relative imports are caught; a deferred coding load is not."""
        root = write_tree(
            tmp_path,
            {
                "__init__.py": "",
                "kernel/__init__.py": "from medoffice import claims\n",
                "claims/__init__.py": "from ..budget import ports\nimport medoffice.cli\n",
                "claims/_rules.py": "from . import _model\nfrom medoffice.kernel import Money\n",
                "coding/icd.py": "def load():\n    from medoffice.adapters import icd\n",
                "coding/bad.py": "from medoffice.adapters import icd\n",
                "budget/ports.py": "",
                "mystery/x.py": "",
            },
        )
        assert sorted(layering_violations(root)) == [
            "claims/__init__.py:1: claims must not import budget",
            "claims/__init__.py:2: claims must not import cli",
            "coding/bad.py:1: coding must not import adapters",
            "kernel/__init__.py:1: kernel must not import claims",
            "mystery/x.py: part 'mystery' has no layer rule",
        ]


class TestNoHiddenClock:
    def test_only_adapters_read_the_clock(self) -> None:
        """Outside adapters/, nothing calls now(), today(), time.time(), .age or bare diff()."""
        assert clock_reads() == []

    def test_the_checker_sees_clock_reads(self, tmp_path: Path) -> None:
        """now(), today(), time.time(), .age, is_past() and bare diff() are each reported."""
        body = (
            "import pendulum, time\nfrom datetime import date, datetime\n"
            "def f(x, y):\n"
            "    return (pendulum.now(), date.today(), datetime.now(), time.time(),\n"
            "            x.age, y.diff(), y.diff(x), x.is_past())\n"
        )
        root = write_tree(tmp_path, {"kernel/probe.py": body, "adapters/clock.py": body})
        found = clock_reads(root)
        assert len(found) == 7
        assert all(p.startswith("kernel/probe.py") for p in found)

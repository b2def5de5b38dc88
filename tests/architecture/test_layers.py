"""The layering of the package, its import cycles, and "no hidden clock", checked on the source.

Layers may import only the layers below them (see the README's architecture section), with no
exception, wherever the import stands (module level, inside a function, under TYPE_CHECKING):

    cli -> testing -> adapters -> domains (scheduling, claims, budget, credentials, revenue,
        authorizations)
        -> coding -> identifiers -> kernel

``plots`` and ``frames`` (pictures and data frames of reports) stand beside the adapters: they
import the domains and what is below them, and no layer imports them.

Domain packages never import one another. Inside ``adapters`` each sub-package (memory, sqlite,
reference, formats, bridges, solvers, and the calendars and clock modules) stands on its own,
except that the reference loaders build bridges (never the other way round).

Cycles: the import graph of every module (sub-packages of ``adapters`` included) may hold a
cycle only inside one package (a package ``__init__`` and its private modules); a strongly
connected component that spans two packages is reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import medoffice

PACKAGE_ROOT: Final = Path(medoffice.__file__).parent
DOMAINS: Final = frozenset(
    {"scheduling", "claims", "budget", "credentials", "revenue", "authorizations"}
)

# What each top-level part may import from medoffice (besides itself).
ALLOWED: Final[dict[str, frozenset[str]]] = {
    "kernel": frozenset(),
    "identifiers": frozenset({"kernel"}),
    "coding": frozenset({"kernel", "identifiers"}),
    **{d: frozenset({"kernel", "identifiers", "coding"}) for d in DOMAINS},
    "adapters": frozenset({"kernel", "identifiers", "coding", *DOMAINS}),
    "testing": frozenset({"kernel", "identifiers", "coding", "adapters", *DOMAINS}),
    # Pictures and data frames of the domains' reports: beside the adapters, touching no store.
    "plots": frozenset({"kernel", "identifiers", "coding", *DOMAINS}),
    "frames": frozenset({"kernel", "identifiers", "coding", *DOMAINS}),
    "cli": frozenset({"kernel", "identifiers", "coding", "adapters", *DOMAINS, "__init__"}),
    "__init__": frozenset(),
    "__main__": frozenset({"cli"}),
}
# What each part of adapters may import from the other parts of adapters.
ADAPTER_PARTS: Final[dict[str, frozenset[str]]] = {
    "__init__": frozenset(),
    "clock": frozenset(),
    "calendars": frozenset(),
    "memory": frozenset(),
    # What the SQL units of work share (entering and leaving a database's unit).
    "_units": frozenset(),
    "sqlite": frozenset({"_units"}),
    # The JSON codec of stored values, DatabaseError and NewerSchema are shared with SQLite.
    "postgres": frozenset({"sqlite", "_units"}),
    "databases": frozenset({"sqlite", "postgres"}),
    "formats": frozenset(),
    "bridges": frozenset(),
    "solvers": frozenset(),
    "reference": frozenset({"bridges"}),
}

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


def module_of(path: Path, root: Path) -> str:
    """The dotted name of a source file (a package's ``__init__`` is the package)."""
    parts = path.relative_to(root).with_suffix("").parts
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(("medoffice", *parts))


def package_of(path: Path, root: Path) -> str:
    """The package a source file belongs to (for ``__init__.py``, the package itself)."""
    return module_of(path.parent / "__init__.py", root)


def _is_package(name: str, root: Path) -> bool:
    return (root.joinpath(*name.split(".")[1:]) / "__init__.py").is_file()


def _exists(name: str, root: Path) -> bool:
    parts = name.split(".")[1:]
    return _is_package(name, root) or (
        bool(parts) and root.joinpath(*parts).with_suffix(".py").is_file()
    )


def _package(module: str, root: Path) -> str:
    """The package of a dotted module name (a package is its own)."""
    return module if _is_package(module, root) else module.rpartition(".")[0]


def _resolve(name: str, root: Path) -> str:
    """The deepest module or package of medoffice that ``name`` names (at least its part)."""
    parts = name.split(".")
    while len(parts) > 2 and not _exists(".".join(parts), root):
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, path: Path, root: Path) -> Iterator[tuple[str, int]]:
    """Each (medoffice module, line) the source imports, wherever the import statement stands."""
    package = package_of(path, root)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # ``from a import b`` imports the module a.b when there is one, else a itself.
            candidates = (f"{module}.{alias.name}" for alias in node.names)
            names = [c if _exists(c, root) else module for c in candidates]
        for name in names:
            if name == "medoffice" or name.startswith("medoffice."):
                yield _resolve(name, root), node.lineno


def _part(module: str) -> tuple[str, str | None]:
    """(top-level part, part of adapters or None) of a dotted module name."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top != "adapters":
        return top, None
    return top, parts[2] if len(parts) > 2 else "__init__"


def layering_violations(root: Path = PACKAGE_ROOT) -> list[str]:
    problems = []
    for path in modules(root):
        source, source_adapter = _part(module_of(path, root))
        allowed = ALLOWED.get(source)
        if allowed is None or (source_adapter is not None and source_adapter not in ADAPTER_PARTS):
            name = source if source_adapter is None else f"adapters.{source_adapter}"
            problems.append(f"{path.relative_to(root)}: part {name!r} has no layer rule")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(root)
        for module, line in imported_modules(tree, path, root):
            target, target_adapter = _part(module)
            if target == source == "adapters":
                if target_adapter == source_adapter or target_adapter in ADAPTER_PARTS.get(
                    source_adapter or "", frozenset()
                ):
                    continue
                problems.append(
                    f"{where}:{line}: adapters.{source_adapter} must not import "
                    f"adapters.{target_adapter}"
                )
                continue
            if target == source or (target == "__init__" and source != "kernel"):
                continue
            if target not in allowed:
                problems.append(f"{where}:{line}: {source} must not import {target}")
    return problems


def import_graph(root: Path = PACKAGE_ROOT) -> dict[str, set[str]]:
    """Every module of the package and the modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in modules(root):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found = graph.setdefault(module_of(path, root), set())
        found.update(module for module, _ in imported_modules(tree, path, root))
    for targets in list(graph.values()):
        for target in targets:
            graph.setdefault(target, set())
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        # Iterative depth-first search: (node, the targets still to visit).
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(sorted(graph[target]))))
            elif target in on_stack:
                low[node] = min(low[node], index[target])
    return sorted(found)


def cross_package_cycles(root: Path = PACKAGE_ROOT) -> list[str]:
    """Each import cycle whose modules belong to more than one package."""
    problems = []
    for component in strongly_connected(import_graph(root)):
        packages = {_package(module, root) for module in component}
        if len(packages) > 1:
            problems.append(f"import cycle across {sorted(packages)}: {', '.join(component)}")
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
        """Upward, sideways, relative and nested imports are caught, with no exception."""
        root = write_tree(
            tmp_path,
            {
                "__init__.py": "",
                "kernel/__init__.py": "from medoffice import claims\n",
                "claims/__init__.py": "from ..budget import ports\nimport medoffice.cli\n",
                "claims/_rules.py": "from . import _model\nfrom medoffice.kernel import Money\n",
                "claims/_model.py": "",
                "coding/__init__.py": "",
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
            "coding/icd.py:2: coding must not import adapters",
            "kernel/__init__.py:1: kernel must not import claims",
            "mystery/x.py: part 'mystery' has no layer rule",
        ]

    def test_the_checker_sees_imports_between_adapter_parts(self, tmp_path: Path) -> None:
        """A bridge may not import a loader (nor memory a format); a loader may build bridges."""
        root = write_tree(
            tmp_path,
            {
                "__init__.py": "",
                "adapters/__init__.py": "",
                "adapters/bridges/__init__.py": "",
                "adapters/bridges/_icd.py": (
                    "from typing import TYPE_CHECKING\n"
                    "if TYPE_CHECKING:\n"
                    "    from medoffice.adapters.reference import load\n"
                ),
                "adapters/reference/__init__.py": "from medoffice.adapters.bridges import _icd\n",
                "adapters/memory/__init__.py": "from ..formats import x12\n",
                "adapters/formats/__init__.py": "",
                "adapters/formats/x12.py": "",
                "adapters/mystery.py": "",
            },
        )
        assert sorted(layering_violations(root)) == [
            "adapters/bridges/_icd.py:3: adapters.bridges must not import adapters.reference",
            "adapters/memory/__init__.py:1: adapters.memory must not import adapters.formats",
            "adapters/mystery.py: part 'adapters.mystery' has no layer rule",
        ]


class TestImportCycles:
    def test_no_cycle_crosses_a_package(self) -> None:
        """Modules import one another in a circle only within one package."""
        assert cross_package_cycles() == []

    def test_a_deferred_import_back_up_is_a_cycle(self, tmp_path: Path) -> None:
        """coding's load() importing the adapter that imports coding: the old cycle, reported."""
        root = write_tree(
            tmp_path,
            {
                "__init__.py": "",
                "coding/__init__.py": "",
                "coding/icd.py": "def load():\n    from medoffice.adapters.icd import read\n",
                "adapters/__init__.py": "",
                "adapters/icd.py": "from medoffice.coding import icd\n",
            },
        )
        assert cross_package_cycles(root) == [
            (
                "import cycle across ['medoffice.adapters', 'medoffice.coding']: "
                "medoffice.adapters.icd, medoffice.coding.icd"
            )
        ]

    def test_a_cycle_through_three_packages_is_one_finding(self, tmp_path: Path) -> None:
        """reference -> bridges -> memory -> reference is one component of three packages."""
        root = write_tree(
            tmp_path,
            {
                "__init__.py": "",
                "adapters/__init__.py": "",
                "adapters/reference/__init__.py": "from medoffice.adapters.bridges import x\n",
                "adapters/bridges/__init__.py": "",
                "adapters/bridges/x.py": "import medoffice.adapters.memory\n",
                "adapters/memory/__init__.py": "from ..reference import load\n",
            },
        )
        (found,) = cross_package_cycles(root)
        assert "medoffice.adapters.bridges" in found
        assert "medoffice.adapters.memory" in found
        assert "medoffice.adapters.reference" in found

    def test_a_cycle_inside_one_package_is_allowed(self, tmp_path: Path) -> None:
        """A package __init__ re-exporting a private module that imports its package is fine."""
        root = write_tree(
            tmp_path,
            {
                "__init__.py": "",
                "coding/__init__.py": "from medoffice.coding._problems import Problem\n",
                "coding/_problems.py": "from medoffice.coding import _other\n",
                "coding/_other.py": "from . import _problems\n",
            },
        )
        assert strongly_connected(import_graph(root)) == [
            ["medoffice.coding._other", "medoffice.coding._problems"]
        ]
        assert cross_package_cycles(root) == []


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

"""The wheel works for a user who installs it in a fresh virtual environment without extras.

The wheel is built from this checkout with ``uv build`` (offline: its build backend, hatchling,
is in uv's cache since ``make sync`` built the project with it) and installed with
``uv pip install --no-deps --offline`` into a new virtual environment that does not see the
system's or the project's site-packages. Its runtime dependencies come from the project's
environment, but only those the wheel declares for an install without extras, resolved
recursively from the wheel's own metadata: each one's top-level modules and ``.dist-info`` are
linked into one folder that a ``.pth`` file adds to the new environment. So pytest, Hypothesis,
matplotlib, pandas and every other extra are absent, as they are for a ``pip install medoffice``,
and no network is needed.

What this proves: the wheel carries the package, its data (the ICD-10-CM addenda, the example
files, ``py.typed``) and its ``medoffice`` script; it imports and runs from outside the checkout
with only the declared runtime dependencies; the test kit's clock imports without the
``testing`` extra. What it does not prove: that the dependency versions pinned by ``uv.lock`` are
the lowest the declared ranges allow, or that the resolver would pick them (the environment's
installed versions are used).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path
from typing import Final

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT: Final = Path(__file__).resolve().parents[2]
UV: Final = ROOT / ".tools" / "bin" / "uv"

pytestmark = pytest.mark.packaging

#: Files a wheel user needs that are not Python modules.
PACKAGE_DATA: Final = (
    "medoffice/py.typed",
    "medoffice/adapters/reference/data/icd10cm_order_addenda_2027.txt",
    "medoffice/adapters/reference/data/SOURCE.md",
    "medoffice/examples/claims/claim_with_problems.json",
    "medoffice/examples/scheduling/practice.toml",
    "medoffice/examples/credentials/roster.json",
    "medoffice/examples/budget/practice.json",
    "medoffice/examples/authorizations/requirements.toml",
)


def _run(
    *command: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    exit_codes: tuple[int, ...] = (0,),
) -> str:
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in exit_codes, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def runtime_requirements(requires: list[str]) -> list[Requirement]:
    """The requirements (``Requires-Dist`` lines) that apply to an install without extras."""
    requirements = [Requirement(text) for text in requires]
    return [r for r in requirements if r.marker is None or r.marker.evaluate({"extra": ""})]


def dependency_closure(requirements: list[Requirement]) -> Iterator[Distribution]:
    """The installed distributions of ``requirements`` and of everything they need, once each."""
    seen: set[str] = set()
    pending = list(requirements)
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            found = distribution(requirement.name)
        except PackageNotFoundError:
            pytest.fail(f"runtime dependency {requirement} is not installed in the environment")
        yield found
        pending.extend(runtime_requirements(found.requires or []))


def top_level_entries(found: Distribution) -> set[Path]:
    """The modules, packages and ``.dist-info`` folder a distribution installed."""
    entries: set[Path] = set()
    for file in found.files or ():
        first = file.parts[0]
        if first in {"..", "__pycache__"} or first.endswith(".data"):
            continue
        entries.add(Path(str(found.locate_file(first))))
    return entries


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout."""
    if not UV.exists():
        pytest.skip("needs uv: `make sync` bootstraps it into .tools/bin")
    out = tmp_path_factory.mktemp("dist")
    _run(UV, "build", "--wheel", "--offline", "--no-progress", "--out-dir", out, ROOT, cwd=ROOT)
    (built,) = out.glob("medoffice-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a new virtual environment holding the wheel and its runtime deps."""
    home = tmp_path_factory.mktemp("fresh")
    venv = home / "venv"
    _run(UV, "venv", "--offline", "--no-project", "--python", sys.executable, venv, cwd=home)
    python = venv / "bin" / "python"
    with zipfile.ZipFile(wheel) as archive:
        (name,) = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    deps = home / "runtime-deps"
    deps.mkdir()
    requires = Parser().parsestr(metadata).get_all("Requires-Dist") or []
    for found in dependency_closure(runtime_requirements(requires)):
        for entry in top_level_entries(found):
            if entry.exists() and not (deps / entry.name).exists():
                (deps / entry.name).symlink_to(entry)
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=home)
    Path(site.strip(), "runtime_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    _run(UV, "pip", "install", "--offline", "--no-deps", "--python", python, wheel, cwd=home)
    return python


def _clean_env(python: Path) -> dict[str, str]:
    """The environment a user's shell has: no PYTHONPATH into the checkout, the venv first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    return env


#: One command per domain, over the shipped examples or the bundled data.
COMMANDS: Final = (
    (
        "slots",
        "examples/scheduling/practice.toml",
        "--type",
        "FU",
        "--from",
        "2026-03-09",
        "--now",
        "2026-03-06T12:00Z",
    ),
    ("claims", "check", "examples/claims/clean_medicare_visit.json", "--on", "2026-03-20"),
    ("credentials", "status", "examples/credentials/roster.json", "--on", "2026-07-01"),
    (
        "budget",
        "pnl",
        "examples/budget/practice.json",
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-28",
    ),
    ("codes", "icd10", "M04.3", "--on", "2026-12-05"),
    ("identifiers", "check", "1234567893"),
)


@pytest.fixture(scope="module")
def user_folder(fresh_python: Path) -> Path:
    """A folder outside the checkout holding the examples, as ``examples copy`` writes them."""
    home = fresh_python.parents[2]
    script = fresh_python.parent / "medoffice"
    shutil.rmtree(home / "examples", ignore_errors=True)
    _run(script, "examples", "copy", "examples", cwd=home, env=_clean_env(fresh_python))
    return home


class TestTheWheel:
    def test_it_carries_the_package_data(self, wheel: Path) -> None:
        """py.typed, the ICD-10-CM addenda and the example files are in the wheel."""
        with zipfile.ZipFile(wheel) as archive:
            names = set(archive.namelist())
        assert set(PACKAGE_DATA) <= names
        assert not any(n.startswith(("tests/", "docs/")) for n in names)

    def test_only_the_declared_runtime_dependencies_are_importable(
        self, fresh_python: Path
    ) -> None:
        """medoffice comes from the new environment; pytest and the extras are absent."""
        probe = (
            "import importlib.util as u, medoffice; print(medoffice.__file__); "
            "print([m for m in ('pytest', 'hypothesis', 'matplotlib', 'pandas') if u.find_spec(m)])"
        )
        where, extras = _run(
            fresh_python, "-c", probe, cwd=fresh_python.parents[2], env=_clean_env(fresh_python)
        ).splitlines()
        assert Path(where).is_relative_to(fresh_python.parents[1])
        assert extras == "[]"

    def test_the_script_answers_version_and_lists_the_examples(self, fresh_python: Path) -> None:
        """``medoffice --version`` and ``medoffice examples list`` run from outside the checkout."""
        home, env = fresh_python.parents[2], _clean_env(fresh_python)
        script = fresh_python.parent / "medoffice"
        assert _run(script, "--version", cwd=home, env=env).startswith("medoffice")
        listed = _run(script, "examples", "list", cwd=home, env=env)
        assert "claims/claim_with_problems.json" in listed

    @pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
    def test_one_command_per_domain_runs(
        self, command: tuple[str, ...], fresh_python: Path, user_folder: Path
    ) -> None:
        """A command of each domain runs on the copied examples and reports something.

        Exit 1 means the command ran and reported error findings (the roster has some).
        """
        script = fresh_python.parent / "medoffice"
        env = _clean_env(fresh_python)
        assert _run(script, *command, cwd=user_folder, env=env, exit_codes=(0, 1)).strip()

    def test_the_readme_examples_run(self, fresh_python: Path, user_folder: Path) -> None:
        """Each Python example of the README runs with the installed wheel."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        blocks = re.findall(r"^```python\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
        assert blocks
        for block in blocks:
            _run(fresh_python, "-c", block, cwd=user_folder, env=_clean_env(fresh_python))

    def test_the_test_kit_clock_imports_without_the_testing_extra(self, fresh_python: Path) -> None:
        """``from medoffice.testing import FrozenClock`` needs neither pytest nor Hypothesis."""
        code = (
            "from datetime import UTC, datetime\n"
            "from medoffice.testing import FrozenClock\n"
            "print(FrozenClock(datetime(2026, 3, 8, tzinfo=UTC)).now().isoformat())\n"
        )
        out = _run(
            fresh_python, "-c", code, cwd=fresh_python.parents[2], env=_clean_env(fresh_python)
        )
        assert out.strip() == "2026-03-08T00:00:00+00:00"

"""Every code example of the README and the docs runs as written.

A reader copies a block from a page and runs it; it must work verbatim, on its own. This test
reads every ```python and ```pycon block of ``README.md`` and ``docs/**/*.md`` and runs each one
in a fresh namespace, in a fresh folder holding the shipped examples (as
``medoffice examples copy examples`` writes them, which is what the pages tell a reader to do):

- a block whose first line is a ``>>>`` prompt is a doctest, and its shown output must match;
- any other block is executed and must not raise;
- a block that reads ``MEDOFFICE_REFERENCE_DATA`` (the official CMS files) or
  ``MEDOFFICE_POSTGRES_URL`` skips, with the reason, when that variable is unset;
- a block preceded by ``<!-- pytest module: NAME.py -->`` is a test module the page asks the
  reader to save and run with pytest (a contract suite): it is saved under that name and pytest
  runs it in a child process, which must pass;
- a block preceded by ``<!-- with postgres roles: REASON -->`` needs the roles that the ```sql
  block above it creates: the test runs that SQL on ``MEDOFFICE_POSTGRES_URL`` (skipping, with
  the reason, when it is unset) with the roles, the practice and the passwords made unique to the
  run and the database the test's own, runs the block against that server with the same names,
  then drops the practice's schema and the roles;
- a block preceded by ``<!-- not run: REASON -->`` is not run; such blocks are counted, and there
  may be only a few.

The ``medoffice ...`` lines of ```console blocks run through click's test runner when they are
safe to run anywhere: read-only commands over the shipped examples or bundled data, with no
placeholder (``/path/to``, ``[--option]``) and every file they name present.
"""

from __future__ import annotations

import doctest
import glob
import os
import re
import secrets
import shlex
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit, urlunsplit

import pytest
from click.testing import CliRunner

import medoffice
from medoffice.cli import main

ROOT: Final = Path(__file__).resolve().parents[2]

#: Blocks marked ``<!-- not run: ... -->``: each is a fragment on purpose, and there are few.
MOST_NOT_RUN: Final = 2

_FENCE: Final = re.compile(
    r"^(?:<!-- (?P<marker>not run|pytest module|with postgres roles): (?P<reason>[^\n]*?) -->\n)?"
    r"(?P<fence>`{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_PYTHON: Final = frozenset({"python", "py", "pycon", "python3"})
_CONSOLE: Final = frozenset({"console", "sh", "shell", "bash"})
_FLAGS: Final = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

#: The sub-commands a console line may run here: they only read their files (or write to the
#: test's own folder), and need neither a database, the network nor the official CMS files.
_SAFE: Final = (
    ("--help",),
    ("--version",),
    ("examples",),
    ("claims", "check"),
    ("slots",),
    ("credentials",),
    ("budget",),
    ("codes", "icd10"),
    ("identifiers", "check"),
)
_PLACEHOLDER: Final = re.compile(r"/path/to|~|\[|\.\.\.|<\w+>|\\$|\|")
_A_FILE: Final = re.compile(r"/|\.(json|toml|csv|837|835|db|zip|ics|beancount)$")


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is, its language, its text and, if any, why not run."""

    page: str
    line: int
    language: str
    body: str
    not_run: str | None = None
    module: str | None = None
    roles_sql: str | None = None

    @property
    def name(self) -> str:
        """``page:line``, the test's id and what a failure points at."""
        return f"{self.page}:{self.line}"


def pages() -> Iterator[Path]:
    """The README and every Markdown page of the docs."""
    yield ROOT / "README.md"
    yield from sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)


def blocks_in(text: str, page: str) -> Iterator[Block]:
    """Every fenced block of a Markdown text (a MyST ``{code-block} LANG`` directive too); a
    block marked ``with postgres roles`` carries the last ```sql block before it."""
    sql: str | None = None
    for match in _FENCE.finditer(text):
        words = match["info"].split()
        if words[:1] == ["{code-block}"] or words[:1] == ["{code}"]:
            words = words[1:]
        language = words[0].lower() if words else ""
        body = match["body"]
        if match["info"].startswith("{"):
            body = re.sub(r"\A(?::\w[\w-]*:[^\n]*\n)+", "", body)
        line = text.count("\n", 0, match.start("fence")) + 1
        marker, reason = match["marker"], match["reason"]
        yield Block(
            page,
            line,
            language,
            body,
            not_run=reason if marker == "not run" else None,
            module=reason if marker == "pytest module" else None,
            roles_sql=(sql or "") if marker == "with postgres roles" else None,
        )
        if language == "sql":
            sql = body


def all_blocks() -> list[Block]:
    """Every fenced block of every page."""
    return [
        block
        for path in pages()
        for block in blocks_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]


BLOCKS: Final = all_blocks()
PYTHON: Final = [b for b in BLOCKS if b.language in _PYTHON]
COMMANDS: Final = [
    (block, line.removeprefix("$ ").strip())
    for block in BLOCKS
    if block.language in _CONSOLE
    for line in block.body.splitlines()
    if line.startswith("$ medoffice ")
]


def runnable(command: str, folder: Path) -> list[str] | None:
    """The arguments of a ``medoffice ...`` line when it is safe to run here, else None."""
    if _PLACEHOLDER.search(command):
        return None
    words = shlex.split(command, comments=True)[1:]
    if ">" in words:
        words = words[: words.index(">")]
    if not any(tuple(words[: len(safe)]) == safe for safe in _SAFE):
        return None
    arguments: list[str] = []
    for word in words:
        if glob.has_magic(word):
            found = sorted(p.relative_to(folder).as_posix() for p in folder.glob(word))
            if not found:
                return None
            arguments.extend(found)
        elif _A_FILE.search(word) and not word.startswith("-"):
            if not (folder / word).exists():
                return None
            arguments.append(word)
        else:
            arguments.append(word)
    return arguments


@pytest.fixture
def reader_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder holding ``examples/``, as ``medoffice examples copy examples`` writes it."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["examples", "copy", "examples"])
    assert result.exit_code == 0, result.output
    return tmp_path


def _skip_without_services(body: str) -> None:
    for variable, what in (
        ("MEDOFFICE_REFERENCE_DATA", "the official CMS files"),
        ("MEDOFFICE_POSTGRES_URL", "a PostgreSQL server"),
    ):
        if variable in body and not os.environ.get(variable):
            pytest.skip(f"needs {what}: set {variable}")


class TestTheBlocks:
    def test_there_are_examples_to_run(self) -> None:
        """Every page set is read: the README and the guides hold Python examples."""
        pages_with_python = {block.page for block in PYTHON}
        assert {"README.md", "docs/index.md", "docs/recipes.md"} <= pages_with_python

    def test_few_blocks_are_exempt_and_each_says_why(self) -> None:
        """A block that is not run is marked with its reason, and there are only a few."""
        exempt = [block for block in PYTHON if block.not_run is not None]
        assert len(exempt) <= MOST_NOT_RUN, [block.name for block in exempt]
        assert all(block.not_run for block in exempt)

    def test_the_reader_finds_fenced_blocks_and_their_markers(self) -> None:
        """A python, pycon or code-block fence is found with its line, and its marker if any."""
        text = (
            "# Page\n\n```python\nx = 1\n```\n\n<!-- not run: a fragment -->\n```pycon\n"
            ">>> y\n```\n\n```{code-block} python\n:caption: z\n\nz = 2\n```\n"
        )
        found = list(blocks_in(text, "page.md"))
        assert [(b.line, b.language, b.not_run) for b in found] == [
            (3, "python", None),
            (8, "pycon", "a fragment"),
            (12, "python", None),
        ]
        assert found[2].body == "\nz = 2\n"

    def test_a_block_with_postgres_roles_carries_the_sql_above_it(self) -> None:
        """The marked block holds the last ```sql block before it, which makes its roles."""
        text = (
            "```sql\nCREATE ROLE old;\n```\n\n```sql\nCREATE ROLE app;\n```\n\n"
            "<!-- with postgres roles: the SQL above -->\n```python\nx = 1\n```\n"
        )
        found = list(blocks_in(text, "page.md"))
        assert [(b.language, b.roles_sql) for b in found] == [
            ("sql", None),
            ("sql", None),
            ("python", "CREATE ROLE app;\n"),
        ]

    def test_only_safe_commands_with_their_files_are_run(self, reader_folder: Path) -> None:
        """Placeholders, missing files and commands needing services are not run."""
        run = "claims check examples/claims/*.json --on 2026-03-20"
        assert runnable(f"medoffice {run}", reader_folder) == [
            "claims",
            "check",
            "examples/claims/claim_with_problems.json",
            "examples/claims/clean_medicare_visit.json",
            "examples/claims/pediatric_well_child.json",
            "--on",
            "2026-03-20",
        ]
        assert runnable("medoffice claims check claims.837", reader_folder) is None
        assert runnable("medoffice codes inspect /path/to/cms/files", reader_folder) is None
        assert runnable("medoffice demo --size small", reader_folder) is None
        assert runnable(
            "medoffice budget beancount examples/budget/practice.json > b", reader_folder
        ) == [
            "budget",
            "beancount",
            "examples/budget/practice.json",
        ]


@pytest.mark.parametrize("block", PYTHON, ids=[block.name for block in PYTHON])
def test_the_python_example_runs_as_written(block: Block, reader_folder: Path) -> None:
    """The block runs in a fresh namespace; a doctest's shown output matches."""
    if block.not_run is not None:
        pytest.skip(f"marked not run: {block.not_run}")
    if block.roles_sql is not None:
        _run_with_roles(block)
        return
    _skip_without_services(block.body)
    if block.module is not None:
        _run_with_pytest(block, reader_folder)
        return
    if block.body.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(
            block.body, {"__name__": "__docs__"}, block.name, block.page, block.line
        )
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=_FLAGS)
        runner.run(test, out=report.append)
        assert runner.failures == 0, "".join(report)
        return
    code = compile(block.body, block.name, "exec")
    exec(code, {"__name__": "__docs__"})


_CREATE_ROLE: Final = re.compile(r"CREATE ROLE (\w+)", re.IGNORECASE)
_SERVER_URL: Final = re.compile(r"postgresql://(\w+)@[^/\s\"']+/\w+")
_PRACTICE: Final = re.compile(r"practice=\"(\w+)\"")
_GRANTED: Final = re.compile(r"\.grant\(\"(\w+)\"\)")


def _run_with_roles(block: Block) -> None:
    """Make the roles of the SQL before ``block`` (names unique to this run), run the block as
    written with those names against ``MEDOFFICE_POSTGRES_URL``, then drop what it made."""
    assert block.roles_sql, f"{block.name}: no ```sql block before it creates its roles"
    server = os.environ.get("MEDOFFICE_POSTGRES_URL")
    if not server:
        pytest.skip("needs a PostgreSQL server: set MEDOFFICE_POSTGRES_URL")
    psycopg = pytest.importorskip("psycopg", reason="needs the postgres extra (psycopg)")
    token = uuid.uuid4().hex[:10]
    password = secrets.token_hex(12)
    parts = urlsplit(server)
    database = parts.path.strip("/") or parts.username or "postgres"
    roles = {name: f"{name}_{token}" for name in _CREATE_ROLE.findall(block.roles_sql)}
    assert roles, f"{block.name}: the SQL above it creates no role"
    named = re.compile(r"\b(" + "|".join(map(re.escape, roles)) + r")\b")

    def unique(text: str) -> str:
        return named.sub(lambda found: roles[found[0]], text)

    sql = unique(block.roles_sql).replace("PASSWORD '...'", f"PASSWORD '{password}'")
    sql = re.sub(r"ON DATABASE \w+", f'ON DATABASE "{database}"', sql)
    where = parts.netloc.rpartition("@")[2]
    body = _SERVER_URL.sub(
        lambda found: urlunsplit(parts._replace(netloc=f"{found[1]}:{password}@{where}")),
        unique(block.body),
    )
    practices = [f"{practice}_{token}" for practice in _PRACTICE.findall(body)]
    body = _PRACTICE.sub(lambda found: f'practice="{found[1]}_{token}"', body)
    granted = _GRANTED.findall(body)
    assert practices, f"{block.name}: the block names no practice"
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            admin.execute(sql)
            exec(compile(body, block.name, "exec"), {"__name__": "__docs__"})
            for role in granted:
                for practice in practices:
                    row = admin.execute(
                        "SELECT has_schema_privilege(%s, %s, 'USAGE')",
                        (role, f"medoffice_{practice}"),
                    ).fetchone()
                    assert row == (True,), f"{role} was not granted the practice {practice}"
        finally:
            for practice in practices:
                admin.execute(f'DROP SCHEMA IF EXISTS "medoffice_{practice}" CASCADE')
            for role in roles.values():
                exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
                if exists.fetchone() is not None:
                    admin.execute(f'DROP OWNED BY "{role}"')
                    admin.execute(f'DROP ROLE "{role}"')


def _run_with_pytest(block: Block, folder: Path) -> None:
    """Save the block under its module name and run pytest on it, as the page says to."""
    assert block.module is not None
    (folder / block.module).write_text(block.body, encoding="utf-8")
    source = str(Path(medoffice.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", block.module],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout


@pytest.mark.parametrize(
    "command",
    [command for _, command in COMMANDS],
    ids=[f"{block.name}:{command.split(' #')[0]}" for block, command in COMMANDS],
)
def test_the_safe_commands_run_as_written(command: str, reader_folder: Path) -> None:
    """A safe ``medoffice ...`` line runs and ends with 0 (clean) or 1 (findings reported)."""
    arguments = runnable(command, reader_folder)
    if arguments is None:
        pytest.skip("needs a service, a file of the reader's own or a placeholder filled in")
    if arguments[:2] == ["examples", "copy"]:
        empty = reader_folder / "empty"
        empty.mkdir()
        os.chdir(empty)  # the fixture's monkeypatch puts the working folder back
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code in {0, 1}, result.output
    assert result.output.strip()


def test_at_least_the_usual_commands_are_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console examples are not all skipped: one command per file-reading domain runs."""
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(main, ["examples", "copy", "examples"])
    run = {" ".join(a[:2]) for _, c in COMMANDS if (a := runnable(c, tmp_path)) is not None}
    assert {"claims check", "examples list"} <= run
    assert any(r.startswith("slots") for r in run)
    assert any(r.startswith("credentials") for r in run)
    assert any(r.startswith("budget") for r in run)

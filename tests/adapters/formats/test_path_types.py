"""Every file reader takes a path as ``str``, :class:`~pathlib.Path` or any ``os.PathLike``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from medoffice.adapters.formats.allocation_requests import load_requests_file
from medoffice.adapters.formats.beancount import write_beancount
from medoffice.adapters.formats.budget_file import load_budget_file
from medoffice.adapters.formats.payer_requirements import load_payer_requirements
from medoffice.adapters.formats.practice import load_practice_file
from medoffice.adapters.formats.roster import load_roster
from medoffice.authorizations._requirements import RequirementBook

EXAMPLES = Path(__file__).parents[3] / "src" / "medoffice" / "examples"


class Elsewhere:
    """A path-like object that is neither ``str`` nor ``Path``, as some frameworks hand out."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


Kind = Callable[[Path], "str | os.PathLike[str]"]
KINDS: dict[str, Kind] = {"str": str, "Path": lambda p: p, "PathLike": Elsewhere}
READERS: dict[str, tuple[Callable[[str | os.PathLike[str]], object], str]] = {
    "budget file": (load_budget_file, "budget/practice.json"),
    "roster": (load_roster, "credentials/roster.json"),
    "practice file": (load_practice_file, "scheduling/practice.toml"),
    "payer requirements": (load_payer_requirements, "authorizations/requirements.toml"),
    "allocation requests": (load_requests_file, "scheduling/requests.json"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reader", READERS)
def test_each_reader_takes_every_kind_of_path(reader: str, kind: str) -> None:
    load, example = READERS[reader]
    given, expected = load(KINDS[kind](EXAMPLES / example)), load(EXAMPLES / example)
    if isinstance(expected, RequirementBook):  # compared by its requirements
        assert isinstance(given, RequirementBook)
        assert given.requirements == expected.requirements
    else:
        assert given == expected


@pytest.mark.parametrize("kind", KINDS)
def test_the_beancount_export_writes_to_every_kind_of_path(kind: str, tmp_path: Path) -> None:
    loaded = load_budget_file(EXAMPLES / "budget" / "practice.json")
    target = tmp_path / "budget.beancount"
    written = write_beancount(loaded.budget, loaded.chart, KINDS[kind](target))
    assert written == target
    assert 'custom "budget"' in target.read_text(encoding="utf-8")

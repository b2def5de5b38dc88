"""Damaged database files: random bytes in data pages are refused or read right, never misread.

A database filled by the demo (appointments, waitlist, staff, screenings, postings,
encumbrances, transfers, audit events) is copied, and each copy gets random bytes written into
one of its pages after the header. Opening it and reading everything back must end in one of
three ways: a :class:`~medoffice.kernel.DatabaseError` on open (``quick_check``), a
``DatabaseError`` on read (a sealed value, a posting or an audit event that no longer matches
its checksum), or exactly the values that were stored (the bytes fell on unused space). Any
other exception, or different values read without complaint, fails the test.
``MEDOFFICE_CORRUPTION_CASES`` sets the number of damaged files (120 by default).
"""

from __future__ import annotations

import os
import random
import shutil
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.cli._demo import run_demo
from medoffice.kernel import DatabaseError, DateRange

_CASES = int(os.environ.get("MEDOFFICE_CORRUPTION_CASES", "120"))
_PAGE = 4096
_ALWAYS = DateRange(date(1900, 1, 1), date(2199, 12, 31))


def _everything(database: SqliteDatabase, appointment_ids: list[str]) -> dict[str, Any]:
    """Every value the database holds, read through the repositories."""
    return {
        "appointments": database.appointments.find(appointment_ids),
        "waitlist": database.waitlist.load(),
        "staff": [database.credentials.get(i) for i in sorted(database.credentials.staff_ids())],
        "screenings": database.screenings.between(_ALWAYS.first, _ALWAYS.last),
        "postings": list(database.postings.postings(_ALWAYS)),
        "encumbrances": database.encumbrances.all(),
        "transfers": database.transfers.entries(),
        "audit": list(database.audit.events()),
    }


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The demo's database, and everything it holds (its appointment ids under ``"ids"``)."""
    folder = tmp_path_factory.mktemp("filled")
    path = folder / "office.db"
    with open_database(path) as database:
        run_demo(seed=11, size="small", database=database, folder=folder, start=_no_progress)
        database.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open_database(path) as database:
        rows = database.connection().execute("SELECT id FROM appointment").fetchall()
        ids = sorted(str(row[0]) for row in rows)
        expected = _everything(database, ids)
    return path, {**expected, "ids": ids}


def _no_progress(_label: str, _total: int) -> Callable[[int], None]:
    return lambda _done: None


def _damage(source: Path, target: Path, rng: random.Random) -> None:
    shutil.copyfile(source, target)
    data = bytearray(target.read_bytes())
    page = rng.randrange(1, len(data) // _PAGE)  # never page 0, the file header
    burst = rng.randint(1, 64)
    start = page * _PAGE + rng.randrange(0, _PAGE - burst)
    data[start : start + burst] = rng.randbytes(burst)
    target.write_bytes(bytes(data))


def _outcome(path: Path, expected: dict[str, Any]) -> str:
    try:
        database = open_database(path)
    except DatabaseError:
        return "refused on open"
    with database:
        try:
            found = {**_everything(database, expected["ids"]), "ids": expected["ids"]}
        except DatabaseError:
            return "refused on read"
    return "read unchanged" if found == expected else "misread"


def test_damaged_files_are_refused_or_read_unchanged(
    filled: tuple[Path, dict[str, Any]], tmp_path: Path, record_property: Any
) -> None:
    """Across many damaged copies, none is misread and none raises anything but DatabaseError."""
    source, expected = filled
    assert expected["audit"]
    assert expected["appointments"]
    assert expected["staff"]
    rng = random.Random(20261205)
    outcomes: Counter[str] = Counter()
    for case in range(_CASES):
        target = tmp_path / f"damaged-{case}.db"
        _damage(source, target, rng)
        outcomes[_outcome(target, expected)] += 1
        target.unlink()
    record_property("outcomes", dict(outcomes))
    assert outcomes["misread"] == 0, dict(outcomes)


def test_without_the_quick_check_damage_is_still_never_misread(
    filled: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """With quick_check off, the checksums alone still refuse every changed value."""
    source, expected = filled
    rng = random.Random(7)
    outcomes: Counter[str] = Counter()
    for case in range(_CASES // 2):
        target = tmp_path / f"damaged-{case}.db"
        _damage(source, target, rng)
        try:
            database = open_database(target, quick_check=False)
        except DatabaseError:
            outcomes["refused on open"] += 1
            continue
        with database:
            try:
                found = {**_everything(database, expected["ids"]), "ids": expected["ids"]}
            except DatabaseError:
                outcomes["refused on read"] += 1
                continue
        outcomes["read unchanged" if found == expected else "misread"] += 1
    assert outcomes["misread"] == 0, dict(outcomes)

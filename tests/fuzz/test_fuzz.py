"""One fuzz harness for every reader and every command: no input may end in a traceback.

Each target gets Hypothesis-made hostile inputs (:mod:`tests.fuzz._inputs`): the readers may
answer with findings or raise a documented :class:`~medoffice.kernel.MedofficeError`, nothing
else; every command must exit 0, 1 or 2 without a traceback, and exit 2 with one line that
names the problem. The ``ci`` profile keeps the run bounded; ``make fuzz`` loads the ``fuzz``
profile, which tries many more inputs. The closing note of the run counts the inputs tried per
target.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.fuzz._inputs import TRIED, mutated, words

from medoffice.adapters.formats.budget_file import load_budget_file
from medoffice.adapters.formats.practice import load_practice_file
from medoffice.adapters.formats.roster import load_roster
from medoffice.adapters.formats.x12 import check_tr3, read_837p_all, segments, to_claim
from medoffice.claims import CheckContext, Profile, check_claims, claims_from_json
from medoffice.cli import main
from medoffice.kernel import MedofficeError
from medoffice.testing import InMemoryDiagnosisCodes

ON = ["--on", "2026-03-20"]
FORMATS = st.sampled_from(["table", "json"])
CONTEXT = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the files of every example (each example overwrites its own)."""
    return tmp_path_factory.mktemp("fuzz")


def total(target: str, call: Callable[[], Any]) -> None:
    """Run ``call``: it may return or raise a MedofficeError, nothing else."""
    TRIED[target] += 1
    with contextlib.suppress(MedofficeError):
        call()


def invoke(target: str, args: list[str]) -> Result:
    """Run the command: exit 0, 1 or 2, no traceback, one error line for bad input."""
    TRIED[target] += 1
    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in {0, 1, 2}, (args, result.output[-500:])
    assert "Traceback" not in result.output
    if result.exit_code == 2 and "medoffice: error:" in result.stderr:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result


def _write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def _check_all(data: bytes) -> None:
    reading = read_837p_all(data)
    claims = [to_claim(claim) for claim in reading.claims]
    for _ in check_claims(claims, context=CONTEXT):
        pass


def _tokens(data: bytes) -> Iterator[object]:
    return iter(list(segments(io.BytesIO(data), chunk_size=64, max_segment=256)))


class TestLibraryReaders:
    @given(mutated("x12"))
    def test_the_837p_reader_and_checker_are_total(self, data: bytes) -> None:
        """Mutated 837P: read, mapped onto claims and checked without an escaped exception."""
        total("read_837p", lambda: _check_all(data))

    @given(mutated("x12"))
    def test_the_tokenizer_is_total(self, data: bytes) -> None:
        """Mutated 837P in small chunks with a small segment limit: tokens, never a crash."""
        total("segments", lambda: _tokens(data))

    @given(mutated("claims"))
    def test_claims_from_json_is_total(self, data: bytes) -> None:
        """Mutated claim JSON: claims or a ClaimReadError."""
        total(
            "claims_from_json", lambda: list(check_claims(claims_from_json(data), context=CONTEXT))
        )

    @given(mutated("profile"), st.booleans())
    def test_profiles_are_total(self, data: bytes, as_json: bool) -> None:
        """Mutated profiles, read as TOML or JSON: a profile or an InvalidValue."""
        text = data.decode("utf-8", errors="surrogateescape")
        total("Profile", lambda: Profile.from_json(text) if as_json else Profile.from_toml(text))

    @given(mutated("practice"))
    def test_practice_files_are_total(self, folder: Path, data: bytes) -> None:
        """Mutated practice TOML: a snapshot or an InvalidValue."""
        path = Path(_write(folder, "practice.toml", data))
        total("load_practice_file", lambda: load_practice_file(path))

    @given(mutated("roster"))
    def test_rosters_are_total(self, folder: Path, data: bytes) -> None:
        """Mutated roster JSON: a roster or an InvalidValue."""
        path = Path(_write(folder, "roster.json", data))
        total("load_roster", lambda: load_roster(path))

    @given(mutated("budget"))
    def test_budget_files_are_total(self, folder: Path, data: bytes) -> None:
        """Mutated budget JSON: a budget file or an InvalidValue."""
        path = Path(_write(folder, "budget.json", data))
        total("load_budget_file", lambda: load_budget_file(path))

    @settings(max_examples=max(5, settings().max_examples // 10))
    @given(mutated("x12"))
    def test_the_tr3_pass_is_total(self, data: bytes) -> None:
        """Mutated 837P through pyx12: findings, never pyx12's own exceptions."""
        pytest.importorskip("pyx12")
        total("check_tr3", lambda: check_tr3(data))


class TestCommands:
    @given(mutated("x12"), FORMATS)
    def test_claims_check_on_x12(self, folder: Path, data: bytes, fmt: str) -> None:
        """claims check on mutated 837P files."""
        path = _write(folder, "claims.x12", data)
        invoke("cli claims check (x12)", ["claims", "check", path, "--format", fmt, *ON])

    @given(mutated("claims"), FORMATS)
    def test_claims_check_on_json(self, folder: Path, data: bytes, fmt: str) -> None:
        """claims check on mutated claim JSON."""
        path = _write(folder, "claims.json", data)
        invoke("cli claims check (json)", ["claims", "check", path, "--format", fmt, *ON])

    @given(mutated("profile"), FORMATS)
    def test_claims_check_with_a_profile(self, folder: Path, data: bytes, fmt: str) -> None:
        """claims check with a mutated profile."""
        profile = _write(folder, "profile.toml", data)
        claim = str(Path(__file__).parents[2] / "examples/claims/clean_medicare_visit.json")
        args = ["claims", "check", claim, "--profile", profile, "--format", fmt, *ON]
        invoke("cli claims check --profile", args)

    @given(mutated("practice"), words, FORMATS)
    def test_slots(self, folder: Path, data: bytes, word: str, fmt: str) -> None:
        """slots on a mutated practice file, and odd --from, --type and --now values."""
        path = _write(folder, "practice.toml", data)
        args = ["slots", path, "--type", word or "FU", "--from", "2026-03-09", "--format", fmt]
        invoke("cli slots (file)", args)
        invoke("cli slots (--from)", ["slots", path, "--type", "FU", "--from", word])
        invoke(
            "cli slots (--now)",
            ["slots", path, "--type", "FU", "--from", "9998-12-31", "--now", word],
        )

    @given(mutated("roster"), words, FORMATS)
    def test_credentials(self, folder: Path, data: bytes, word: str, fmt: str) -> None:
        """credentials status, alerts and requirement on a mutated roster and odd arguments."""
        path = _write(folder, "roster.json", data)
        invoke(
            "cli credentials status",
            ["credentials", "status", path, "--on", "2026-03-01", "--format", fmt],
        )
        invoke(
            "cli credentials alerts",
            [
                "credentials",
                "alerts",
                path,
                "--on",
                "2026-03-01",
                "--horizon",
                word,
                "--format",
                fmt,
            ],
        )
        invoke(
            "cli credentials requirement",
            ["credentials", "requirement", path, word, word, "--on", "9999-12-31", "--format", fmt],
        )

    @given(mutated("budget"), words, FORMATS)
    def test_budget(self, folder: Path, data: bytes, word: str, fmt: str) -> None:
        """budget variance, forecast, beancount on a mutated budget file; phase on odd amounts."""
        path = _write(folder, "budget.json", data)
        invoke("cli budget variance", ["budget", "variance", path, "--format", fmt])
        invoke(
            "cli budget forecast",
            ["budget", "forecast", path, "--as-of", "2026-06-30", "--format", fmt],
        )
        invoke("cli budget beancount", ["budget", "beancount", path, "--format", fmt])
        invoke("cli budget phase", ["budget", "phase", word, "USD", "--format", fmt])

    @given(st.lists(words, min_size=1, max_size=4), FORMATS)
    def test_identifiers_and_codes(self, values: list[str], fmt: str) -> None:
        """identifiers check and codes icd10 on odd values: markup and surrogates printed as is."""
        invoke("cli identifiers check", ["identifiers", "check", "--format", fmt, "--", *values])
        invoke("cli codes icd10", ["codes", "icd10", "--format", fmt, "--", *values])

    @given(mutated("claims"))
    def test_identifiers_from_a_file(self, folder: Path, data: bytes) -> None:
        """identifiers check --file on arbitrary bytes."""
        path = _write(folder, "values.csv", data)
        invoke("cli identifiers check --file", ["identifiers", "check", "--file", path])

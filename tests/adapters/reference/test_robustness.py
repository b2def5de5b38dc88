"""Every loader refuses files that are not its kind with ReferenceFileError, never a traceback."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.adapters.reference import load_aoc, load_hcpcs, load_mue, load_pos_list, load_ptp
from medoffice.coding import ReferenceFileError

FIXTURES = Path(__file__).parent / "fixtures"


def _ptp(path: Path) -> object:
    return load_ptp(path, cache=False)


LOADERS: dict[str, Callable[[Path], object]] = {
    "ptp": _ptp,
    "mue": load_mue,
    "aoc": load_aoc,
    "hcpcs": load_hcpcs,
    "pos": load_pos_list,
}
NATIVE = {
    "ptp": "ccipra-v322r0-f1.txt",
    "mue": "mue_normalised.csv",
    "aoc": "AOC_V2026Q3-MCR.csv",
    "hcpcs": "HCPC2026_JAN_ANWEB.csv",
    "pos": "pos_list.csv",
}


class TestWrongFiles:
    @pytest.mark.parametrize("kind", list(LOADERS))
    def test_an_empty_file_is_refused(self, kind: str, tmp_path: Path) -> None:
        """No header, no table: the error names the file."""
        empty = tmp_path / "empty.csv"
        empty.write_bytes(b"")
        with pytest.raises(ReferenceFileError) as raised:
            LOADERS[kind](empty)
        assert raised.value.file == "empty.csv"

    @pytest.mark.parametrize(
        ("kind", "other"),
        [(k, o) for k in LOADERS for o in NATIVE if o != k],
    )
    def test_another_kind_of_reference_file_is_refused(self, kind: str, other: str) -> None:
        """Each loader recognises only its own layout's header."""
        with pytest.raises(ReferenceFileError):
            LOADERS[kind](FIXTURES / NATIVE[other])

    @pytest.mark.parametrize("kind", [k for k in LOADERS if k != "ptp"])
    def test_the_ptp_spreadsheet_export_is_only_a_ptp_file(self, kind: str) -> None:
        """The official PTP layout saved as CSV is refused by every other loader."""
        with pytest.raises(ReferenceFileError):
            LOADERS[kind](FIXTURES / "ccipra-v323r0-f1.csv")

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
    @given(data=st.binary(max_size=400), kind=st.sampled_from(list(LOADERS)))
    def test_arbitrary_bytes_give_an_error_or_a_table(
        self, data: bytes, kind: str, tmp_path: Path
    ) -> None:
        """Whatever the bytes, a loader raises ReferenceFileError or returns; nothing else."""
        junk = tmp_path / "junk.csv"
        junk.write_bytes(data)
        with contextlib.suppress(ReferenceFileError):
            LOADERS[kind](junk)

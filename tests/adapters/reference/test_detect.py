"""Recognising a reference file by its head answers as the header tests did one by one."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.reference._aoc import find_aoc_header
from medoffice.adapters.reference._files import csv_records
from medoffice.adapters.reference._hcpcs import find_hcpcs_header
from medoffice.adapters.reference._inspect import ReferenceKind, detect
from medoffice.adapters.reference._mue import find_official_mue_header
from medoffice.adapters.reference._pos import is_pos_header
from medoffice.adapters.reference._ptp import (
    NORMALISED_PTP_HEADER,
    is_official_ptp,
    is_official_ptp_csv,
)
from medoffice.coding import ReferenceFileError

FIXTURES = Path(__file__).parent / "fixtures"
_COUNTER = itertools.count()
_FOLDER = Path(tempfile.mkdtemp(prefix="medoffice-heads-"))


def _each_test(head: str) -> ReferenceKind | None:
    """Every header test on its own parse of the head, in the order ``detect`` asks them."""
    if "\0" in head:
        return None
    if is_official_ptp(head) or is_official_ptp_csv(head):
        return ReferenceKind.NCCI_PTP
    first_line = head.split("\n", 1)[0].strip()
    if tuple(first_line.split(",")[:5]) == NORMALISED_PTP_HEADER:
        return ReferenceKind.NCCI_PTP
    if first_line.split(",")[:3] == ["code", "max_units", "mai"]:
        return ReferenceKind.NCCI_MUE
    try:
        records = [r for _, r in zip(range(6), csv_records(head), strict=False)]
    except ReferenceFileError:
        return None
    if find_official_mue_header(records) is not None:
        return ReferenceKind.NCCI_MUE
    if find_aoc_header(records) is not None:
        return ReferenceKind.NCCI_AOC
    if records and find_hcpcs_header(records[0][1]) is not None:
        return ReferenceKind.HCPCS
    if records and is_pos_header(records[0][1], records[1][1] if len(records) > 1 else None):
        return ReferenceKind.POS
    return None


_HEADERS = [
    (
        "Column 1,Column 2,*=in existence prior to 1996,Effective Date,Deletion Date,"
        "Modifier 0=not allowed 1=allowed 9=not applicable,PTP Edit Rationale"
    ),
    "col1,col2,effective,deleted,modifier_indicator",
    "code,max_units,mai",
    (
        "AOC_Edit_Type,Add-On_Code,AOC_DelDT,Primary_Code,Primary_Code_DelDT,AOC_Edit_EffDT,"
        "AOC_Edit_DelDT,Special_Instruction_Notes"
    ),
    "HCPC,SEQNUM,RECID,LONG DESCRIPTION,SHORT DESCRIPTION,ADD DT,ACT EFF DT,TERM DT",
    "code,name",
    '"a ""quoted"" cell\nover lines",x',
]
_PIECES = st.sampled_from([*_HEADERS, ",", '"', "\n", "\r\n", "\r", "\0", "x", "1,2", " "])


@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40))
def test_heads_are_recognised_as_by_each_test_alone(pieces: list[str]) -> None:
    """Any head (headers, quotes, stray line ends, NULs, text a CSV reader refuses)."""
    head = "".join(pieces)
    path = _FOLDER / f"head-{next(_COUNTER)}.csv"
    path.write_bytes(head.encode("latin-1", errors="replace"))
    try:
        text = path.read_bytes().decode("latin-1")
        assert detect(path) == _each_test(text)
    finally:
        path.unlink()


def test_the_fixtures_are_recognised_as_by_each_test_alone() -> None:
    """Every fixture file, whatever its kind."""
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file()):
        head = path.read_bytes()[:65536]
        head = head.removeprefix(b"\xef\xbb\xbf")
        assert detect(path) == _each_test(head.decode("latin-1")), path.name

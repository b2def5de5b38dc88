"""A small sample of NCCI edit tables, written by the demo in CMS's own file layouts.

medoffice ships none of CMS's NCCI data. The demo writes three tiny files in the official
layouts (the tab-delimited practitioner PTP text, the MUE CSV with its notice record, the
add-on code CSV with Julian dates) and loads them with :func:`medoffice.coding.ncci.load_ptp`,
:func:`~medoffice.coding.ncci.load_mue` and :func:`~medoffice.coding.ncci.load_aoc`, exactly as a
user loads the quarterly files from cms.gov. The rows are invented for the demo: they are not
CMS's edits and must never be used to bill.

More information: CMS, "National Correct Coding Initiative (NCCI) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits).

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as folder:
...     edits = write_and_load_tables(Path(folder))
>>> edits.ptp_edit("93000", "93005", on=date(2026, 3, 2)) is not None
True
>>> edits.mue_limit("36415", on=date(2026, 3, 2)).max_units
2
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from medoffice.adapters.reference import load_aoc, load_mue, load_ptp
from medoffice.coding.ncci import NcciEdits, Quarter

__all__ = ["PTP_FILE", "write_and_load_tables"]

PTP_FILE: Final = "ccipra-v321r0-f1.TXT"
_MUE_FILE: Final = "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv"
_AOC_FILE: Final = "AOC_V2026Q1-MCR.csv"
_NOTICE: Final = "Synthetic demo sample written by medoffice; not CMS data, never for billing."
_MUE_HEADER: Final = (
    '"HCPCS/\nCPT Code",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale'
)
_AOC_HEADER: Final = (
    "AOC_Edit_Type,Add-On_Code,AOC_DelDT,Primary_Code,Primary_Code_DelDT,AOC_Edit_EffDT,"
    "AOC_Edit_DelDT,Special_Instruction_Notes"
)
# (column 1, column 2, effective YYYYMMDD, modifier indicator)
_PTP_ROWS: Final = (
    ("93000", "93005", "19960101", "0"),
    ("93000", "93010", "19960101", "0"),
    ("80053", "82565", "19980101", "0"),
    ("99214", "36415", "20150101", "1"),
)
# (code, units, MAI label)
_MUE_ROWS: Final = (
    ("36415", "2", "3 Date of Service Edit: Clinical"),
    ("85025", "1", "3 Date of Service Edit: Clinical"),
    ("80053", "1", "2 Date of Service Edit: Policy"),
    ("93000", "1", "2 Date of Service Edit: Policy"),
    ("99213", "1", "2 Date of Service Edit: Policy"),
    ("99214", "1", "2 Date of Service Edit: Policy"),
)
# (edit type, add-on code, primary code, effective YYYYDDD)
_AOC_ROWS: Final = (("1", "90472", "90471", "2005001"), ("1", "90472", "90460", "2011001"))


def _write_ptp(path: Path) -> None:
    header = [
        _NOTICE + "\t" * 6,
        "Column1/Column2 Edits" + "\t" * 6,
        "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale",
        "\t\tprior to 1996\tDate\tDate\t0=not allowed\t",
        "\t\t\t\t*=no data\t1=allowed\t",
        "\t\t\t\t\t9=not applicable\t",
    ]
    rows = [
        f"{one}\t{two}\t\t{effective}\t*\t{indicator}\tMutually exclusive procedures"
        for one, two, effective, indicator in _PTP_ROWS
    ]
    path.write_bytes(("\r\n".join([*header, *rows]) + "\r\n").encode("latin-1"))


def _write_mue(path: Path) -> None:
    lines = [
        f'"{_NOTICE}",,,',
        _MUE_HEADER,
        *(f"{code},{units},{mai},Clinical: Data" for code, units, mai in _MUE_ROWS),
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))


def _write_aoc(path: Path) -> None:
    lines = [
        f'"{_NOTICE}",,,,,,,',
        _AOC_HEADER,
        *(
            f"{kind},{add_on},,{primary},,{effective},,"
            for kind, add_on, primary, effective in _AOC_ROWS
        ),
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1"))


def write_and_load_tables(folder: Path) -> NcciEdits:
    """Write the three sample files into ``folder`` and load them as the official ones are."""
    quarter = Quarter(2026, 1)
    _write_ptp(folder / PTP_FILE)
    _write_mue(folder / _MUE_FILE)
    _write_aoc(folder / _AOC_FILE)
    return NcciEdits(
        ptp=load_ptp(folder / PTP_FILE, quarter=quarter, cache=False, strict=True),
        mue=load_mue(folder / _MUE_FILE, quarter=quarter, strict=True),
        aoc=load_aoc(folder / _AOC_FILE, quarter=quarter, strict=True),
    )

"""Reader for the CARC and RARC lists (claim adjustment reason codes, remittance remark codes).

X12 publishes both lists on its code-list pages (external code sources 139 and 411), as tables
you can download or copy: each code with its description, its start date and, once retired, its
stop date. The lists are X12's copyrighted text, viewable but not licensed for redistribution,
so medoffice ships neither: save them as CSV files (a header row naming at least ``code``, and
``description``, ``start`` and ``stop`` where you have them; ``Start Date``, ``Stop Date``,
``Effective``, ``Deactivation`` are understood too; dates as ``YYYY-MM-DD`` or ``MM/DD/YYYY``)
and load them with :func:`load_reason_codes`. Rows that cannot be read are ``problems``.

More information: https://x12.org/codes/claim-adjustment-reason-codes ,
https://x12.org/codes/remittance-advice-remark-codes , https://x12.org/products/ip-use .

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "carc.csv"
>>> _ = path.write_text(
...     "Code,Description,Start Date,Stop Date\\n45,Over the fee schedule,1995-01-01,\\n"
... )
>>> loaded = load_reason_codes(path, kind="carc")
>>> loaded.codes.in_effect("carc", "45", date(2026, 3, 1)), loaded.problems
(True, ())
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Final, Literal, final

import attrs

from medoffice.adapters.reference._files import FilePath, Problems, csv_records, read_text
from medoffice.coding import LoadProblem
from medoffice.revenue._codes import ReasonCode, ReasonCodes

__all__ = ["ReasonCodeList", "load_reason_codes"]

_CODE: Final = re.compile(r"[0-9A-Z]{1,6}")
_COLUMNS: Final = {
    "code": "code",
    "description": "description",
    "start": "start",
    "start date": "start",
    "effective": "start",
    "effective date": "start",
    "stop": "stop",
    "stop date": "stop",
    "deactivation": "stop",
    "deactivation date": "stop",
    "end": "stop",
}


@final
@attrs.frozen(kw_only=True)
class ReasonCodeList:
    """The codes of one list file, and the rows that could not be read."""

    file: str
    codes: ReasonCodes
    problems: tuple[LoadProblem, ...] = ()


def _day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for form in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, form).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def load_reason_codes(
    file: FilePath, *, kind: Literal["carc", "rarc"], strict: bool = False
) -> ReasonCodeList:
    """Load a CARC or RARC list saved as CSV (see the module's documentation for the columns)."""
    path = Path(file)
    problems = Problems(path, strict=strict)
    records = list(csv_records(read_text(path)))
    if not records:
        raise problems.fatal("not a reason-code list (the file is empty)", 1)
    header = [_COLUMNS.get(" ".join(f.strip().lower().split())) for f in records[0][1]]
    if "code" not in header:
        raise problems.fatal("not a reason-code list (no code column in the header)", 1)
    at = {name: index for index, name in enumerate(header) if name is not None}
    codes: list[ReasonCode] = []
    for number, fields, _ in records[1:]:
        if not any(f.strip() for f in fields):
            continue

        def cell(name: str, fields: list[str] = fields) -> str:
            index = at.get(name)
            return fields[index].strip() if index is not None and index < len(fields) else ""

        code = cell("code").upper()
        if not _CODE.fullmatch(code):
            problems.add(number, "REF-VALUE", "not a reason code (one to six letters or digits)")
            continue
        try:
            start, stop = _day(cell("start")), _day(cell("stop"))
        except ValueError as error:
            problems.add(number, "REF-DATE", str(error))
            continue
        if start is not None and stop is not None and stop < start:
            problems.add(number, "REF-DATE", "the stop date is before the start date")
            continue
        codes.append(
            ReasonCode(
                code=code, kind=kind, description=cell("description"), start=start, stop=stop
            )
        )
    return ReasonCodeList(file=path.name, codes=ReasonCodes(codes), problems=tuple(problems.found))

"""The CMS NCCI edit tables: procedure-to-procedure (PTP), MUE and add-on code edits.

Each table is a compact, immutable index of one or more quarterly versions; every question names
the date of service. Load the official CMS files with
``adapters.reference.load_ptp``, ``adapters.reference.load_mue``
and ``adapters.reference.load_aoc`` (the layouts are told apart by their
headers); medoffice ships none of the data. Rows a loader cannot read are listed in the table's
``problems`` with their line numbers (:class:`~medoffice.coding.LoadProblem`); nothing is
dropped silently.

More information: CMS, "National Correct Coding Initiative (NCCI) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits)

>>> from datetime import date
>>> builder = PtpTableBuilder(version="NCCI-2026Q3", quarter=Quarter(2026, 3))
>>> builder.add("12002", "12001", effective=date(1996, 1, 1), deleted=None, indicator=0)
>>> edits = NcciEdits(ptp=PtpTable.of(builder.build()))
>>> edits.ptp_edit("12002", "12001", on=date(2026, 8, 3)).modifier_allowed
False
"""

from __future__ import annotations

from medoffice.coding.ncci._aoc import CONTRACTOR_DEFINED, AocEdit, AocTable, AocType, AocVersion
from medoffice.coding.ncci._edits import NcciEdits
from medoffice.coding.ncci._mue import Mai, MueLimit, MueTable, MueVersion
from medoffice.coding.ncci._ptp import (
    ModifierIndicator,
    PtpColumns,
    PtpEdit,
    PtpTable,
    PtpTableBuilder,
)
from medoffice.coding.ncci._quarter import Quarter

__all__ = [
    "CONTRACTOR_DEFINED",
    "AocEdit",
    "AocTable",
    "AocType",
    "AocVersion",
    "Mai",
    "ModifierIndicator",
    "MueLimit",
    "MueTable",
    "MueVersion",
    "NcciEdits",
    "PtpColumns",
    "PtpEdit",
    "PtpTable",
    "PtpTableBuilder",
    "Quarter",
]

"""Actuals from a CSV in Xero's manual journal layout.

Xero imports and exports manual journals as a CSV with the columns ``Narration``, ``Date``,
``Description``, ``AccountCode``, ``TaxRate``, ``Amount`` and up to two tracking categories
(``TrackingName1``, ``TrackingOption1``, ``TrackingName2``, ``TrackingOption2``); the template
marks required columns with a leading ``*``, which is ignored here, as is the case of a heading.
Rows with the same narration and date are the lines of one journal; an amount is a debit when
positive and a credit when negative. Each journal becomes one
:class:`~medoffice.budget.Transaction` (id ``narration@date``) whose legs keep the rows' order.

Dates are written ``30/6/2026``, ``30 Jun 2026`` or ``2026-06-30``. Amounts are decimals, read
with :class:`~decimal.Decimal` (thousands separators allowed), never floats. A tracking
category whose name is a medoffice dimension (``Cost centre``, ``cost_centre``, ``Location``,
``Provider``, ``Service line``, ``Payer``; *center* spelt either way) tags the leg with that
dimension; any other tracking name is an error, so no slice is silently dropped. Tax rates and
descriptions are not kept. Every error is :class:`~medoffice.kernel.InvalidValue` naming the
source and the line number.

More information: Xero Central, *Enter multiple manual journals using an import template*
(https://central.xero.com/s/article/Add-import-and-post-manual-journals).

>>> text = (
...     "*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,"
...     "TrackingName1,TrackingOption1\\n"
...     "Supplies Jan,12/01/2026,gloves,6100,Tax Exempt,4630.00,Cost centre,CLINIC\\n"
...     "Supplies Jan,12/01/2026,,2000,Tax Exempt,-4630.00,,\\n"
... )
>>> (t,) = parse_xero_journal(text, currency="USD")
>>> t.id, t.on.isoformat(), [(leg.account, str(leg.amount.amount)) for leg in t.legs]
('Supplies Jan@2026-01-12', '2026-01-12', [('6100', '4630.00'), ('2000', '-4630.00')])
>>> t.legs[0].dimensions.cost_centre
'CLINIC'
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from medoffice.adapters.formats._csv_ledger import day, load
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._ledger import Leg, Transaction
from medoffice.kernel import InvalidValue, MedofficeError, Money
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits

__all__ = ["load_xero_journal", "parse_xero_journal"]

_REQUIRED: Final = ("narration", "date", "accountcode", "amount")
_TRACKING: Final = (("trackingname1", "trackingoption1"), ("trackingname2", "trackingoption2"))
_DATE_FORMATS: Final = ("%d/%m/%Y", "%d %b %Y", "%Y-%m-%d")
_DIMENSIONS: Final[Mapping[str, Dimension]] = {
    **{d.value.replace("_", " "): d for d in Dimension},
    "cost center": Dimension.COST_CENTRE,
}


def _heading(text: str) -> str:
    return text.strip().lstrip("*").strip().lower().replace(" ", "")


def _amount(where: str, text: str, currency: str) -> Money:
    try:
        value = Decimal(text.strip().replace(",", ""))
        if not value.is_finite():
            raise InvalidOperation
        return Money(value, currency)
    except InvalidOperation:
        raise InvalidValue(f"{where}: the amount {text[:40]!r} is not a decimal number") from None
    except MedofficeError as error:
        raise InvalidValue(f"{where}: {error}") from None


def _dimensions(where: str, row: Mapping[str, str]) -> Dimensions:
    found: dict[str, str] = {}
    for name_column, option_column in _TRACKING:
        name = (row.get(name_column) or "").strip()
        option = (row.get(option_column) or "").strip()
        if not name and not option:
            continue
        dimension = _DIMENSIONS.get(name.lower().replace("_", " "))
        if dimension is None:
            known = ", ".join(d.value for d in Dimension)
            raise InvalidValue(
                f"{where}: the tracking category {name[:40]!r} is not a dimension ({known})"
            )
        if not option:
            raise InvalidValue(f"{where}: the tracking category {name!r} has no option")
        if dimension.value in found:
            raise InvalidValue(f"{where}: the tracking category {name!r} is given twice")
        found[dimension.value] = option
    return Dimensions.from_mapping(found)


def parse_xero_journal(
    text: str, *, currency: str, source: str = "(input)"
) -> tuple[Transaction, ...]:
    """The journals of a Xero manual journal CSV as transactions in ``currency``.

    Journals come in the order their first line appears; lines that are blank throughout are
    skipped. A missing column, an empty required cell, a bad date or amount, or an unknown
    tracking category raises :class:`~medoffice.kernel.InvalidValue` naming the line.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InvalidValue(f"{source}: the file is empty, not a Xero manual journal")
        columns = [_heading(h) for h in header]
        missing = [c for c in _REQUIRED if c not in columns]
        if missing:
            raise InvalidValue(
                f"{source}, line 1: not a Xero manual journal; the columns "
                f"{', '.join(missing)} are missing (found {', '.join(columns)[:200]})"
            )
        journals: dict[tuple[str, date], list[Leg]] = {}
        for row_cells in reader:
            where = f"{source}, line {reader.line_num}"
            if not any(cell.strip() for cell in row_cells):
                continue
            if len(row_cells) > len(columns):
                raise InvalidValue(f"{where}: more cells than the header has columns")
            row = dict(zip(columns, row_cells, strict=False))
            for column in _REQUIRED:
                if not (row.get(column) or "").strip():
                    raise InvalidValue(f"{where}: the {column} cell is empty")
            key = (
                row["narration"].strip(),
                day(where, row["date"], _DATE_FORMATS, "30/6/2026 or 30 Jun 2026"),
            )
            leg = Leg(
                account=row["accountcode"].strip(),
                amount=_amount(where, row["amount"], currency),
                dimensions=_dimensions(where, row),
            )
            journals.setdefault(key, []).append(leg)
    except csv.Error as error:
        raise InvalidValue(f"{source}, line {reader.line_num}: {error}") from None
    if not journals:
        raise InvalidValue(f"{source}: the journal has no lines")
    return tuple(
        Transaction(id=f"{narration}@{on.isoformat()}", on=on, legs=tuple(legs))
        for (narration, on), legs in journals.items()
    )


def load_xero_journal(
    path: str | os.PathLike[str], *, currency: str, limits: InputLimits = DEFAULT_LIMITS
) -> tuple[Transaction, ...]:
    """Read a Xero manual journal CSV (UTF-8, at most ``limits.max_bytes``) as transactions."""
    return load(path, parse_xero_journal, currency=currency, limits=limits)

"""Actuals from QuickBooks Online's *Journal* report exported to CSV.

The report lists each transaction in two-column form: a few title lines (company, report name,
date range), a heading row with ``Date``, ``Transaction Type``, ``Num``, ``Name``,
``Memo/Description``, ``Account``, ``Debit`` and ``Credit`` (often after an empty first
column), then one row per line of a transaction. The first row of a transaction carries its
date, type and number; the following rows leave them blank. A row without an account is a
subtotal and a row starting ``TOTAL`` is the report's total; both are skipped, as are the title
lines and blank rows. Each transaction becomes one :class:`~medoffice.budget.Transaction` (id
``type number@date``, or ``type@date``): the debit column is positive, the credit column
negative.

Dates are written ``01/31/2026`` (month first, as QuickBooks Online writes them in the United
States) or ``2026-01-31``. Amounts are read with :class:`~decimal.Decimal`; ``$`` and thousands
separators are allowed, and ``(12.00)`` is a negative amount. An account shown with its number
(``6100 Medical supplies``, the *account numbers* setting) is read as that number; otherwise
the whole name is the account (``Supplies:Medical``), to be matched against the chart. Every
error is :class:`~medoffice.kernel.InvalidValue` naming the source and the line number.

More information: QuickBooks Online's help on the *Journal* report (Reports, then Journal,
then *Export to CSV*).

>>> text = (
...     "Journal\\n"
...     "Example Practice\\n"
...     "\\n"
...     ",Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit\\n"
...     ',01/12/2026,Bill,INV-1001,Acme,,6100 Medical supplies,"$4,630.00",\\n'
...     ",,,,,,2000 Accounts Payable,,\\"$4,630.00\\"\\n"
...     ',,,,,,,"$4,630.00","$4,630.00"\\n'
...     'TOTAL,,,,,,,"$4,630.00","$4,630.00"\\n'
... )
>>> (t,) = parse_quickbooks_journal(text, currency="USD")
>>> t.id, [(leg.account, str(leg.amount.amount)) for leg in t.legs]
('Bill INV-1001@2026-01-12', [('6100', '4630.00'), ('2000', '-4630.00')])
"""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from medoffice.adapters.formats._csv_ledger import day, load
from medoffice.budget._ledger import Leg, Transaction
from medoffice.kernel import InvalidValue, MedofficeError, Money
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits

__all__ = ["load_quickbooks_journal", "parse_quickbooks_journal"]

_REQUIRED: Final = ("date", "transactiontype", "account", "debit", "credit")
_DATE_FORMATS: Final = ("%m/%d/%Y", "%Y-%m-%d")
_NUMBERED: Final = re.compile(r"^(\d[\w.-]*)\s+\S")


def _heading(text: str) -> str:
    return text.strip().lower().replace(" ", "")


def _amount(where: str, text: str) -> Decimal:
    cleaned = text.strip().replace("$", "").replace(",", "")
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    try:
        value = Decimal(cleaned.strip("()"))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidValue(f"{where}: the amount {text[:40]!r} is not a decimal number")
    return -value if negative else value


def _account(text: str) -> str:
    shown = " ".join(text.split())
    numbered = _NUMBERED.match(shown)
    return numbered.group(1) if numbered else shown


def _header(rows: list[list[str]], source: str) -> tuple[int, list[str]]:
    for index, row in enumerate(rows[:20]):
        columns = [_heading(cell) for cell in row]
        if all(c in columns for c in _REQUIRED):
            return index, columns
    raise InvalidValue(
        f"{source}: not a QuickBooks journal report; no heading row among the first 20 lines "
        "names Date, Transaction Type, Account, Debit and Credit"
    )


def parse_quickbooks_journal(
    text: str, *, currency: str, source: str = "(input)"
) -> tuple[Transaction, ...]:
    """The transactions of a QuickBooks Online journal report (CSV) in ``currency``.

    A line that cannot be read (a bad date or amount, an amount in both columns, a line before
    any dated row) raises :class:`~medoffice.kernel.InvalidValue` naming its number.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows: list[tuple[int, list[str]]] = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise InvalidValue(f"{source}, line {reader.line_num}: {error}") from None
    start, columns = _header([row for _, row in rows], source)
    at: dict[str, int] = {
        name: columns.index(name) for name in (*_REQUIRED, "num") if name in columns
    }
    found: list[tuple[str, date, list[Leg]]] = []
    for line, row in rows[start + 1 :]:
        where = f"{source}, line {line}"

        def cell(name: str, row: list[str] = row) -> str:
            position = at.get(name, len(row))
            return row[position].strip() if position < len(row) else ""

        if not any(c.strip() for c in row) or row[0].strip().upper().startswith("TOTAL"):
            continue
        if cell("date"):
            kind, number = cell("transactiontype"), cell("num")
            on = day(where, cell("date"), _DATE_FORMATS, "01/31/2026")
            found.append((f"{kind} {number}".strip() or "journal", on, []))
        if not cell("account"):
            continue  # a transaction's subtotal
        if not found:
            raise InvalidValue(f"{where}: an account line before any dated transaction")
        debit, credit = cell("debit"), cell("credit")
        if bool(debit) == bool(credit):
            raise InvalidValue(f"{where}: give an amount in exactly one of Debit and Credit")
        amount = _amount(where, debit) if debit else -_amount(where, credit)
        try:
            money = Money(amount, currency)
        except MedofficeError as error:
            raise InvalidValue(f"{where}: {error}") from None
        found[-1][2].append(Leg(account=_account(cell("account")), amount=money))
    transactions = tuple(
        Transaction(id=f"{name}@{on.isoformat()}", on=on, legs=tuple(legs))
        for name, on, legs in found
        if legs
    )
    if not transactions:
        raise InvalidValue(f"{source}: the journal report has no transaction lines")
    return transactions


def load_quickbooks_journal(
    path: str | os.PathLike[str], *, currency: str, limits: InputLimits = DEFAULT_LIMITS
) -> tuple[Transaction, ...]:
    """Read a QuickBooks Online journal report CSV (UTF-8) as transactions."""
    return load(path, parse_quickbooks_journal, currency=currency, limits=limits)

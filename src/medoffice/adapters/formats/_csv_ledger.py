"""What the CSV readers of accounting exports share: dates in given layouts, and file loading.

>>> day("x.csv, line 2", " 30/6/2026 ", ("%d/%m/%Y",), "30/6/2026").isoformat()
'2026-06-30'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from medoffice.adapters.formats.inputs import read_input
from medoffice.budget._ledger import Transaction
from medoffice.kernel import InvalidValue
from medoffice.kernel.inputs import InputLimits, decode_text

__all__ = ["day", "load"]


def day(where: str, text: str, layouts: tuple[str, ...], example: str) -> date:
    """The calendar day ``text`` written in one of ``layouts``; else an error naming ``where``."""
    for layout in layouts:
        try:
            return datetime.strptime(text.strip(), layout).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise InvalidValue(f"{where}: the date {text[:40]!r} is not written {example}")


def load(
    path: str | os.PathLike[str],
    parse: Callable[..., tuple[Transaction, ...]],
    *,
    currency: str,
    limits: InputLimits,
) -> tuple[Transaction, ...]:
    """Read ``path`` (UTF-8, within ``limits``) and ``parse`` it, errors naming the file."""
    name = Path(path).name
    text = decode_text(read_input(path, limits=limits), source=name)
    return parse(text, currency=currency, source=name)

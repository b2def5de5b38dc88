"""RFC 5545 text of due dates, written by hand.

All-day events (``DTSTART;VALUE=DATE``), UIDs derived from the item so they are stable across
exports, lines folded at 75 octets without splitting a character, CRLF line ends.

>>> from datetime import date
>>> from medoffice.credentials.alerts import DueItem
>>> text = to_icalendar(
...     [DueItem(holder_id="S-1", requirement="bls", due_on=date(2028, 6, 30))],
...     stamp=date(2026, 1, 1),
... )
>>> [line for line in text.split("\\r\\n") if line.startswith("DTSTART")]
['DTSTART;VALUE=DATE:20280630']

More information: RFC 5545 (https://www.rfc-editor.org/rfc/rfc5545).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Final

from medoffice.credentials._alerts import DueItem

__all__ = ["to_icalendar"]

_CRLF: Final = "\r\n"
_FOLD: Final = 75


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a character."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = _FOLD
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, _FOLD - 1  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return (_CRLF + " ").join(pieces)


def _uid(item: DueItem) -> str:
    digest = hashlib.sha256(
        f"{item.holder_id}\x1f{item.requirement}\x1f{item.due_on.isoformat()}".encode()
    ).hexdigest()
    return f"{digest[:32]}@medoffice.credentials"


def to_icalendar(
    items: Iterable[DueItem],
    *,
    stamp: date,
    prodid: str = "-//medoffice//credentials//EN",
    name: str = "Credential due dates",
) -> str:
    """An RFC 5545 calendar with one all-day event per due item, in a stable order.

    ``stamp`` is the DTSTAMP every event carries (pass the export day, so the same input and
    day give byte-identical output). Summaries hold the staff id and requirement, never names.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_escape(prodid)}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for item in sorted(set(items)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(item)}",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{item.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{date.fromordinal(item.due_on.toordinal() + 1):%Y%m%d}",
            f"SUMMARY:{_escape(f'{item.requirement} due for {item.holder_id}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + _CRLF for line in lines)

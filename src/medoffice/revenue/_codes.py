"""Reason codes as reference data: CARC and RARC lists with effective and deactivation dates.

Claim adjustment reason codes (CARC, X12 external code source 139) say why a line was paid
differently than billed; remittance advice remark codes (RARC, source 411) add detail. Both
lists change several times a year: a code has a start date and, once retired, a stop date after
which payers may no longer send it. :class:`ReasonCodes` answers "is this code in effect on
this day" for either list. The lists are X12's copyrighted text and are not shipped: load them
from the files you download (``medoffice.adapters.reference.load_reason_codes``). The claim
adjustment group codes (CO, PR, OA, PI, CR) are part of the standard itself:
:class:`~medoffice.revenue.model.GroupCode`.

More information: X12 code lists, https://x12.org/codes (CARC and RARC pages, and their fair-use
policy at https://x12.org/products/ip-use).

>>> from datetime import date
>>> codes = ReasonCodes(
...     [
...         ReasonCode(code="45", kind="carc", start=date(1995, 1, 1)),
...         ReasonCode(code="A1", kind="carc", start=date(1995, 1, 1), stop=date(2008, 4, 1)),
...     ]
... )
>>> codes.in_effect("carc", "45", date(2026, 3, 1)), codes.in_effect("carc", "A1", date(2026, 3, 1))
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal, final

import attrs

from medoffice.kernel import InvalidValue

__all__ = ["ReasonCode", "ReasonCodes"]

Kind = Literal["carc", "rarc"]


def _kind(value: str) -> str:
    if value not in {"carc", "rarc"}:
        raise InvalidValue("a reason code list is 'carc' or 'rarc'")
    return value


@final
@attrs.frozen(kw_only=True)
class ReasonCode:
    """One code of a list: in effect from ``start`` until the day before ``stop``."""

    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    kind: str = attrs.field(converter=_kind)
    description: str = ""
    start: date | None = None
    stop: date | None = None

    def in_effect(self, on: date) -> bool:
        """Whether payers may send the code on ``on``."""
        return (self.start is None or self.start <= on) and (self.stop is None or on < self.stop)


@final
class ReasonCodes:
    """CARC and RARC lists, looked up by list, code and day."""

    __slots__ = ("_codes",)

    def __init__(self, codes: Iterable[ReasonCode] = ()) -> None:
        self._codes: dict[tuple[str, str], ReasonCode] = {}
        for code in codes:
            self._codes[code.kind, code.code] = code

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"ReasonCodes({len(self._codes)} codes)"

    def lookup(self, kind: Kind, code: str) -> ReasonCode | None:
        """The code of list ``kind``; ``None`` when the list has no such code."""
        return self._codes.get((kind, code))

    def in_effect(self, kind: Kind, code: str, on: date) -> bool:
        """Whether ``code`` is in list ``kind`` and in effect on ``on``."""
        found = self._codes.get((kind, code))
        return found is not None and found.in_effect(on)

    def merge(self, other: ReasonCodes) -> ReasonCodes:
        """Both lists together (``other`` wins for a code in both)."""
        return ReasonCodes([*self._codes.values(), *other._codes.values()])

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

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Literal, final

import attrs

from medoffice.kernel import Finding, InvalidValue, Report, Severity
from medoffice.revenue._catalogue import CODE_NOT_IN_EFFECT
from medoffice.revenue._model import Adjustment, Remittance

__all__ = ["ReasonCode", "ReasonCodes", "check_reason_codes"]

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

    @property
    def kinds(self) -> frozenset[str]:
        """The lists that hold codes (``carc``, ``rarc``)."""
        return frozenset(kind for kind, _ in self._codes)

    def merge(self, other: ReasonCodes) -> ReasonCodes:
        """Both lists together (``other`` wins for a code in both)."""
        return ReasonCodes([*self._codes.values(), *other._codes.values()])


def _codes_of(remittance: Remittance) -> Iterator[tuple[str, Kind, str]]:
    """(path, list, code) of every reason and remark code the remittance uses."""

    def adjustments(items: Iterable[Adjustment], path: str) -> Iterator[tuple[str, Kind, str]]:
        for index, adjustment in enumerate(items):
            yield f"{path}.adjustments[{index}]", "carc", adjustment.reason

    for c, claim in enumerate(remittance.claims):
        yield from adjustments(claim.adjustments, f"claims[{c}]")
        for remark in claim.remarks:
            yield f"claims[{c}]", "rarc", remark
        for s, line in enumerate(claim.services):
            yield from adjustments(line.adjustments, f"claims[{c}].services[{s}]")
            for remark in line.remarks:
                yield f"claims[{c}].services[{s}]", "rarc", remark


def check_reason_codes(remittance: Remittance, codes: ReasonCodes, *, on: date) -> Report:
    """A warning for each CARC or RARC the lists do not have in effect on ``on``.

    Only the lists that hold codes are checked (an empty RARC list checks no remark).
    """
    kinds = codes.kinds
    findings = [
        Finding(
            rule=CODE_NOT_IN_EFFECT,
            severity=Severity.WARNING,
            message=f"the {kind.upper()} is not in the loaded list in effect on that day",
            path=path,
            value=code,
        )
        for path, kind, code in _codes_of(remittance)
        if kind in kinds and not codes.in_effect(kind, code, on)
    ]
    return Report.of(findings)

"""A roster compiled for speed: standings of every staff member on any day, from integers.

:func:`~medoffice.credentials.status` explains one person's standings. A practice-wide
dashboard asks the same question for thousands of people and many days; :class:`StatusIndex`
computes each credential's timeline once (rule look-up, term arithmetic, windows) and stores
the day numbers, so a standing is a handful of integer comparisons. It answers exactly what
``status(..., explain=False)`` answers (a property test pins this).

>>> from datetime import date
>>> from medoffice.credentials._model import Credential, Role, StaffMember
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> index = StatusIndex([StaffMember(id="S-5", role="ma", credentials=[card])])
>>> [[s.value for s in row] for row in index.standings(date(2028, 6, 1))]
[['expiring']]
>>> [(i.holder_id, i.requirement, i.due_on) for i in index.due_items(date(2027, 1, 1))]
[('S-5', 'bls', datetime.date(2028, 6, 30))]

More information: see :mod:`._status`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final, final

from medoffice.credentials._alerts import DueItem
from medoffice.credentials._matrix import MATRIX, MatrixRow, Requirement, requirements_for
from medoffice.credentials._model import Credential, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._rules import RuleBook
from medoffice.credentials._status import Standing, requirement_of, timeline_of

__all__ = ["StatusIndex"]

_OPEN: Final = date.max.toordinal() + 1
_CODES: Final = (
    Standing.SATISFIED,
    Standing.EXPIRING,
    Standing.IN_GRACE,
    Standing.LAPSED_REINSTATABLE,
    Standing.EXPIRED,
    Standing.MISSING,
)
_UNDATED: Final = -1

# (issued, expiring_from, valid_through, grace_through, reinstatable_through), best first.
_Line = tuple[int, int, int, int, int]


def _compile(
    credentials: list[Credential], birth_date: date | None, rules: RuleBook
) -> list[_Line]:
    lines = []
    for credential in credentials:
        line = timeline_of(credential, birth_date=birth_date, rules=rules)
        issued = credential.issued_on.toordinal()
        if line.undated:
            lines.append((line.sort_key(), credential.number, (issued, 0, _UNDATED, 0, 0)))
            continue
        last = line.valid_through
        valid = _OPEN if last is None else last.toordinal()
        start = valid if line.expiring_from is None else line.expiring_from.toordinal()
        grace = line.grace_through.toordinal() if line.grace_through else valid
        reinstate = line.reinstatable_through.toordinal() if line.reinstatable_through else grace
        lines.append((line.sort_key(), credential.number, (issued, start, valid, grace, reinstate)))
    lines.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [item[2] for item in lines]


@final
class StatusIndex:
    """Every required credential of a roster, compiled once into day numbers."""

    __slots__ = ("_rows", "_slots", "staff_ids")

    def __init__(
        self,
        staff: Iterable[StaffMember],
        *,
        rules: RuleBook = DEFAULT_RULES,
        matrix: tuple[MatrixRow, ...] = MATRIX,
    ) -> None:
        ids: list[str] = []
        rows: list[tuple[Requirement, ...]] = []
        slots: list[list[_Line]] = []
        for member in staff:
            required = requirements_for(member, matrix=matrix)
            grouped: dict[Requirement, list[Credential]] = {r: [] for r in required}
            for credential in member.credentials:
                bucket = grouped.get(requirement_of(credential))
                if bucket is not None:
                    bucket.append(credential)
            ids.append(member.id)
            rows.append(required)
            slots.extend(_compile(grouped[r], member.birth_date, rules) for r in required)
        self.staff_ids: tuple[str, ...] = tuple(ids)
        self._rows: tuple[tuple[Requirement, ...], ...] = tuple(rows)
        self._slots: list[list[_Line]] = slots

    def __len__(self) -> int:
        return len(self.staff_ids)

    def __repr__(self) -> str:
        return f"StatusIndex({len(self.staff_ids)} staff, {len(self._slots)} requirements)"

    def requirements(self, position: int) -> tuple[Requirement, ...]:
        """The requirements of the staff member at ``position``, in standings order."""
        return self._rows[position]

    def codes(self, on: date) -> bytearray:
        """One standing code per requirement, all staff in order (see :meth:`standings`)."""
        day = on.toordinal()
        out = bytearray(len(self._slots))
        position = 0
        for candidates in self._slots:
            code = 5
            for issued, start, valid, grace, reinstate in candidates:
                if issued > day:
                    continue
                if valid == _UNDATED:
                    code = 5
                elif day < start:
                    code = 0
                elif day <= valid:
                    code = 1
                elif day <= grace:
                    code = 2
                elif day <= reinstate:
                    code = 3
                else:
                    code = 4
                break
            out[position] = code
            position += 1
        return out

    def standings(self, on: date) -> list[tuple[Standing, ...]]:
        """Per staff member, the standing of each required credential on ``on``."""
        codes = self.codes(on)
        result = []
        position = 0
        for row in self._rows:
            width = len(row)
            result.append(tuple(_CODES[c] for c in codes[position : position + width]))
            position += width
        return result

    def due_items(self, on: date) -> tuple[DueItem, ...]:
        """The due date of the best credential held on ``on`` for every requirement."""
        items = []
        position = 0
        for holder, row in zip(self.staff_ids, self._rows, strict=True):
            for requirement in row:
                for issued, _, valid, _, _ in self._slots[position]:
                    if issued <= on.toordinal():
                        if valid not in (_OPEN, _UNDATED):
                            items.append(
                                DueItem(
                                    holder_id=holder,
                                    requirement=str(requirement),
                                    due_on=date.fromordinal(valid),
                                )
                            )
                        break
                position += 1
        return tuple(items)

"""A roster compiled for speed: standings of every staff member on any day, from integers.

:func:`~medoffice.credentials.status` explains one person's standings. A practice-wide
dashboard asks the same question for thousands of people and many days; :class:`StatusIndex`
computes each credential's timeline once (rule look-up, term arithmetic, windows) and stores
the day numbers in columns, so a standing is a handful of integer comparisons. It answers
exactly what ``status(..., explain=False)`` answers (a property test pins this).

>>> from datetime import date
>>> from medoffice.credentials._model import Credential, Role, StaffMember
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> index = StatusIndex([StaffMember(id="S-5", role="ma", credentials=[card])])
>>> [[s.value for s in row] for row in index.standings(date(2028, 6, 1))]
[['satisfied']]
>>> [(i.holder_id, i.requirement, i.due_on) for i in index.due_items(date(2027, 1, 1))]
[('S-5', 'bls', datetime.date(2028, 6, 30))]

More information: see :mod:`._status`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import date
from typing import Final, NamedTuple, final

from medoffice.credentials._alerts import DueItem
from medoffice.credentials._explanations import Explanations, FactColumns
from medoffice.credentials._matrix import MATRIX, MatrixRow, Requirement, requirements_for
from medoffice.credentials._model import Credential, Role, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._professions import profession_of
from medoffice.credentials._rules import Rule, RuleBook
from medoffice.credentials._status import (
    CredentialStatus,
    Standing,
    Timeline,
    _rank,
    _requirement,
    check_day,
    status,
)
from medoffice.credentials._timeline import _timeline

__all__ = ["Reason", "StatusIndex"]

_OPEN: Final = date.max.toordinal() + 1
# code 1 is "satisfied, in the expiring window": a code is finer than a standing
_CODES: Final = (
    Standing.SATISFIED,
    Standing.SATISFIED,
    Standing.IN_GRACE,
    Standing.LAPSED_REINSTATABLE,
    Standing.EXPIRED,
    Standing.MISSING,
    Standing.UNDECIDABLE,
)
_MISSING: Final = 5
_UNDECIDABLE: Final = 6
_NOT_CACHED: Final = date.min
_UNDATED: Final = -1

# (issued, expiring_from, valid_through, grace_through, reinstatable_through)
_Line = tuple[int, int, int, int, int]


def _compile(
    credentials: list[Credential], member: StaffMember, profession: Role, rules: RuleBook
) -> list[tuple[_Line, Timeline, Credential]]:
    """The candidates of one requirement as day numbers and the rule used, best first."""
    lines = []
    birth_date, states = member.birth_date, member.states
    for credential in credentials:
        line = _timeline(credential, birth_date, rules, profession, states)
        issued = credential.issued_on.toordinal()
        if line.undated:
            lines.append((_rank(credential, line), (issued, 0, _UNDATED, 0, 0), line, credential))
            continue
        last = line.valid_through
        valid = _OPEN if last is None else last.toordinal()
        start = valid + 1 if line.expiring_from is None else line.expiring_from.toordinal()
        grace = line.grace_through.toordinal() if line.grace_through else valid
        reinstate = line.reinstatable_through.toordinal() if line.reinstatable_through else grace
        lines.append(
            (_rank(credential, line), (issued, start, valid, grace, reinstate), line, credential)
        )
    lines.sort(key=lambda item: item[0], reverse=True)
    return [(item[1], item[2], item[3]) for item in lines]


@final
class Reason(NamedTuple):
    """Why one required credential stands where it does: the rule (with its citation) and the
    governing last valid day. A bulk row, so a named tuple: building 800,000 of them must cost
    well under a microsecond each, which a frozen attrs class does not.
    """

    requirement: Requirement
    standing: Standing
    rule: Rule | None
    valid_through: date | None


@final
class StatusIndex:
    """Every required credential of a roster, compiled once into columns of day numbers.

    Each requirement is a slot; its candidate credentials (best first) sit in five ``array``
    columns, so the index costs about 24 bytes per credential.
    """

    __slots__ = (
        "_bounds",
        "_columns",
        "_facts",
        "_matrix",
        "_members",
        "_rows",
        "_rule_of",
        "_rules",
        "_rules_used",
        "_single",
        "_starts",
        "staff_ids",
    )

    def __init__(
        self,
        staff: Iterable[StaffMember],
        *,
        rules: RuleBook = DEFAULT_RULES,
        matrix: tuple[MatrixRow, ...] = MATRIX,
    ) -> None:
        ids: list[str] = []
        members: list[StaffMember] = []
        rows: list[tuple[Requirement, ...]] = []
        bounds = array("l", [0])
        columns = tuple(array("l") for _ in range(5))
        single = True
        rules_used: list[Rule | None] = []
        rule_codes: dict[Rule | None, int] = {}
        rule_of = array("H")
        facts = FactColumns()
        for member in staff:
            required = requirements_for(member, matrix=matrix)
            profession = profession_of(member)
            grouped: dict[Requirement, list[Credential]] = {r: [] for r in required}
            for credential in member.credentials:
                bucket = grouped.get(_requirement(credential, rules))
                if bucket is not None:
                    bucket.append(credential)
            ids.append(member.id)
            members.append(member)
            rows.append(required)
            for requirement in required:
                lines = _compile(grouped[requirement], member, profession, rules)
                single = single and len(lines) == 1
                for line, timeline, credential in lines:
                    for column, value in zip(columns, line, strict=True):
                        column.append(value)
                    facts.append(credential, timeline)
                    rule = timeline.rule
                    code = rule_codes.get(rule)
                    if code is None:
                        code = rule_codes[rule] = len(rules_used)
                        rules_used.append(rule)
                    rule_of.append(code)
                bounds.append(bounds[-1] + len(lines))
        self.staff_ids: tuple[str, ...] = tuple(ids)
        self._rows: tuple[tuple[Requirement, ...], ...] = tuple(rows)
        starts = array("l", [0])
        for row in self._rows:
            starts.append(starts[-1] + len(row))
        self._starts = starts
        self._bounds = bounds
        self._columns = columns
        self._single = single
        self._rules_used: tuple[Rule | None, ...] = tuple(rules_used)
        self._facts = facts.close()
        self._rule_of = rule_of
        self._members: tuple[StaffMember, ...] = tuple(members)
        self._rules = rules
        self._matrix = matrix

    def __len__(self) -> int:
        return len(self.staff_ids)

    def __repr__(self) -> str:
        return f"StatusIndex({len(self.staff_ids)} staff, {len(self._bounds) - 1} requirements)"

    def requirements(self, position: int) -> tuple[Requirement, ...]:
        """The requirements of the staff member at ``position``, in standings order."""
        return self._rows[position]

    def explain(self, position: int, on: date) -> tuple[CredentialStatus, ...]:
        """The full, explained :func:`~medoffice.credentials.status` of one staff member.

        The bulk answers (:meth:`codes`, :meth:`standings`) carry no explanations; a dashboard
        asks for them here, for the person it drills into.
        """
        return status(self._members[position], on, rules=self._rules, matrix=self._matrix)

    def codes(self, on: date) -> bytearray:
        """One standing code per requirement, all staff in order (see :meth:`standings`).

        Codes index ``satisfied, satisfied and expiring, in_grace, lapsed_reinstatable, expired,
        missing, undecidable``.
        """
        day = check_day(on).toordinal()
        issued, start, valid, grace, reinstate = self._columns
        if self._single:
            return bytearray(
                _MISSING
                if i > day
                else _UNDECIDABLE
                if v == _UNDATED
                else 0
                if day < s
                else 1
                if day <= v
                else 2
                if day <= g
                else 3
                if day <= r
                else 4
                for i, s, v, g, r in zip(issued, start, valid, grace, reinstate)  # noqa: B905
            )
        out = bytearray(len(self._bounds) - 1)
        bounds = self._bounds
        for slot in range(len(out)):
            code = _MISSING
            for k in range(bounds[slot], bounds[slot + 1]):
                if issued[k] > day:
                    continue
                v = valid[k]
                if v == _UNDATED:
                    code = _UNDECIDABLE
                elif day < start[k]:
                    code = 0
                elif day <= v:
                    code = 1
                elif day <= grace[k]:
                    code = 2
                elif day <= reinstate[k]:
                    code = 3
                else:
                    code = 4
                break
            out[slot] = code
        return out

    def reasons(self, on: date) -> list[tuple[Reason, ...]]:
        """Per staff member, each required credential's standing with its rule and last day.

        The bulk form of an explanation: the rule carries its id and citation, and the last
        valid day is the date the standing turns on. :meth:`explain` gives the full facts.
        """
        day = check_day(on).toordinal()
        codes = self.codes(on)
        valid = self._columns[2]
        rule_of, rules_used = self._rule_of, self._rules_used
        chosen = self._chosen(day)
        # date objects shared per day number, and rows built with tuple.__new__ directly (the
        # named tuple's own __new__ is a Python function): this loop runs once per credential
        days: dict[int, date | None] = {_OPEN: None, _UNDATED: None}
        fromordinal = date.fromordinal
        new = tuple.__new__
        missing = Standing.MISSING
        result = []
        slot = 0
        for row in self._rows:
            reasons = []
            for requirement in row:
                k = chosen[slot]
                if k < 0:
                    reasons.append(new(Reason, (requirement, missing, None, None)))
                else:
                    last = valid[k]
                    when = days.get(last, _NOT_CACHED)
                    if when is _NOT_CACHED:
                        when = days[last] = fromordinal(last)
                    reasons.append(
                        new(
                            Reason, (requirement, _CODES[codes[slot]], rules_used[rule_of[k]], when)
                        )
                    )
                slot += 1
            result.append(tuple(reasons))
        return result

    def explanations(self, on: date) -> Explanations:
        """Every required credential's standing on ``on`` with its explanation, all staff.

        Each standing comes with the governing credential and its interned rule, citation,
        pack, issuer and jurisdiction; the dates were computed when the index was built.
        ``Explanations.explanations(position)`` gives the attrs values ``status`` gives.
        """
        day = check_day(on).toordinal()
        codes = self.codes(on)
        chosen = self._chosen(day)
        profile_of = self._facts.profile_of
        if isinstance(chosen, range):
            profile = profile_of[:-1]
        else:
            # a slot with no credential (-1) reads the sentinel at the end of ``profile_of``
            profile = array("I", [profile_of[k] for k in chosen])
        return Explanations(
            on=on,
            codes=codes,
            chosen=chosen,
            profile=profile,
            rows=self._rows,
            starts=self._starts,
            facts=self._facts,
        )

    def _chosen(self, day: int) -> list[int] | range:
        """Per slot, the position of the governing candidate (-1: none issued by ``day``)."""
        issued = self._columns[0]
        if self._single:
            if all(i <= day for i in issued):
                return range(len(issued))
            return [k if issued[k] <= day else -1 for k in range(len(issued))]
        bounds = self._bounds
        chosen = []
        for slot in range(len(bounds) - 1):
            found = -1
            for k in range(bounds[slot], bounds[slot + 1]):
                if issued[k] <= day:
                    found = k
                    break
            chosen.append(found)
        return chosen

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
        """The due date of the best credential held on ``on`` for every requirement.

        Each item carries its kind's reminder cadence and, when its rule has a submission
        window, the day the window opens.
        """
        day = on.toordinal()
        issued, _, valid, _, _ = self._columns
        rule_of, rules_used = self._rule_of, self._rules_used
        cadence_of = self._rules.cadence_of
        items = []
        slot = 0
        for holder, row in zip(self.staff_ids, self._rows, strict=True):
            for requirement in row:
                for k in range(self._bounds[slot], self._bounds[slot + 1]):
                    if issued[k] <= day:
                        if valid[k] not in (_OPEN, _UNDATED):
                            due = date.fromordinal(valid[k])
                            rule = rules_used[rule_of[k]]
                            opens = rule.renewal_opens(due) if rule is not None else None
                            first = date.fromordinal(issued[k])
                            items.append(
                                DueItem(
                                    holder_id=holder,
                                    requirement=str(requirement),
                                    due_on=due,
                                    cadence=cadence_of(requirement.kind),
                                    opens_on=None if opens is None else max(opens, first),
                                )
                            )
                        break
                slot += 1
        return tuple(items)

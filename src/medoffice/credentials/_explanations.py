"""Explanations in bulk: every required credential's standing and why, for a whole roster.

An explanation names the rule applied, its citation and pack, and the facts used (the issue
date, issuer, stated expiry, the computed last valid day and windows, the term). The rule,
citation and pack are the same for every credential under one rule, so they are interned once
per rule; the issuer and jurisdiction are interned too; the dates are day numbers in columns,
computed once when the :class:`~medoffice.credentials.index.StatusIndex` is built. Answering a day
then costs a standing code, the governing credential and its interned profile per requirement,
and an attrs :class:`~medoffice.credentials.Explanation` is made only for the person a caller
opens, equal to the one ``status(..., explain=True)`` gives.

>>> from datetime import date
>>> from medoffice.credentials.index import StatusIndex
>>> from medoffice.credentials._model import Credential, StaffMember
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> bulk = StatusIndex([StaffMember(id="S-5", role="ma", credentials=[card])]).explanations(
...     date(2028, 6, 1)
... )
>>> [(s.value, h[0].value) for s, h in zip(bulk.standings(0), bulk.headers(0), strict=True)]
[('satisfied', 'CRED-AHA-BLS')]
>>> dict(bulk.explanations(0)[0].facts)["valid_through"]
'2028-06-30'

More information: see :mod:`._status`; NCQA CR 3-CR 5.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date
from typing import Final, final

from medoffice.credentials._matrix import Requirement
from medoffice.credentials._model import Credential
from medoffice.credentials._rules import Citation, Rule
from medoffice.credentials._status import (
    _MISSING_RULE,
    Explanation,
    Standing,
    Timeline,
    _credential_facts,
    _explanation_header,
)
from medoffice.kernel import RuleId

__all__ = ["Explanations"]

Header = tuple[RuleId, Citation | None, str | None]
# (header, issuer, jurisdiction, rule, deciding state): what credentials under one rule share
_Profile = tuple[Header, str, str, Rule | None, str | None]

_NONE: Final = 0
_MISSING_HEADER: Final[Header] = (_MISSING_RULE, None, None)
_MISSING_PROFILE: Final[_Profile] = (_MISSING_HEADER, "", "", None, None)
_STANDINGS: Final = (
    Standing.SATISFIED,
    Standing.SATISFIED,
    Standing.IN_GRACE,
    Standing.LAPSED_REINSTATABLE,
    Standing.EXPIRED,
    Standing.MISSING,
    Standing.UNDECIDABLE,
)


def _day(number: int) -> date | None:
    return None if number == _NONE else date.fromordinal(number)


def _number(day: date | None) -> int:
    return _NONE if day is None else day.toordinal()


@final
class FactColumns:
    """The explanation facts of every candidate credential of an index, in candidate order.

    Profile 0 is the missing credential's and the last ``profile_of`` entry points at it, so
    the position -1 (no credential issued by the day) finds it without a branch.
    """

    __slots__ = (
        "_headers",
        "_profile_codes",
        "expiring",
        "grace",
        "issued",
        "profile_of",
        "profiles",
        "reinstate",
        "stated",
        "valid",
    )

    def __init__(self) -> None:
        self.profiles: list[_Profile] = [_MISSING_PROFILE]
        self._profile_codes: dict[_Profile, int] = {_MISSING_PROFILE: 0}
        self._headers: dict[Header, Header] = {}
        self.profile_of = array("I")
        # day numbers, 0 for none (no real day has ordinal 0)
        self.issued = array("i")
        self.stated = array("i")
        self.valid = array("i")
        self.expiring = array("i")
        self.grace = array("i")
        self.reinstate = array("i")

    def append(self, credential: Credential, line: Timeline) -> None:
        """Record one candidate's facts (after its place in the index's columns)."""
        profile = (
            _explanation_header(line),
            credential.issuer,
            credential.jurisdiction,
            line.rule,
            line.decided_by,
        )
        code = self._profile_codes.get(profile)
        if code is None:
            # one header tuple per rule: equal headers share one object
            header = self._headers.setdefault(profile[0], profile[0])
            profile = (header, *profile[1:])
            code = self._profile_codes[profile] = len(self.profiles)
            self.profiles.append(profile)
        self.profile_of.append(code)
        self.issued.append(credential.issued_on.toordinal())
        self.stated.append(_number(credential.expires_on))
        self.valid.append(_number(line.valid_through))
        self.expiring.append(_number(line.expiring_from))
        self.grace.append(_number(line.grace_through))
        self.reinstate.append(_number(line.reinstatable_through))

    def close(self) -> FactColumns:
        """Seal the columns: the sentinel for "no credential" goes last."""
        self.profile_of.append(0)
        return self

    def facts(self, k: int) -> list[tuple[str, str]]:
        """The credential's own facts of candidate ``k``, as ``status`` states them."""
        _, issuer, jurisdiction, rule, decided_by = self.profiles[self.profile_of[k]]
        return _credential_facts(
            issued_on=date.fromordinal(self.issued[k]),
            issuer=issuer,
            jurisdiction=jurisdiction,
            stated_expiry=_day(self.stated[k]),
            valid_through=_day(self.valid[k]),
            expiring_from=_day(self.expiring[k]),
            grace_through=_day(self.grace[k]),
            reinstatable_through=_day(self.reinstate[k]),
            rule=rule,
            decided_by=decided_by,
        )


@final
class Explanations:
    """Every required credential's standing on one day with the parts of its explanation.

    Per requirement (all staff in order, as in ``StatusIndex.codes``) it holds the standing
    code, the governing candidate credential (-1: none issued by the day) and that candidate's
    interned profile (rule id, citation, pack, issuer, jurisdiction); the candidate's dates are
    the index's columns.
    """

    __slots__ = ("_chosen", "_codes", "_facts", "_profile", "_rows", "_starts", "on")

    def __init__(
        self,
        *,
        on: date,
        codes: bytearray,
        chosen: Sequence[int],
        profile: array[int],
        rows: tuple[tuple[Requirement, ...], ...],
        starts: array[int],
        facts: FactColumns,
    ) -> None:
        self.on = on
        self._codes = codes
        self._chosen = chosen
        self._profile = profile
        self._rows = rows
        self._starts = starts
        self._facts = facts

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"Explanations(on={self.on.isoformat()}, {len(self._codes)} requirements)"

    def requirements(self, position: int) -> tuple[Requirement, ...]:
        """The requirements of the staff member at ``position``, in order."""
        return self._rows[position]

    def _slots(self, position: int) -> range:
        return range(self._starts[position], self._starts[position + 1])

    def standings(self, position: int) -> tuple[Standing, ...]:
        """The standing of each requirement of the staff member at ``position``."""
        return tuple(_STANDINGS[self._codes[s]] for s in self._slots(position))

    def headers(self, position: int) -> tuple[Header, ...]:
        """Per requirement the rule id, citation and pack applied (shared, interned tuples)."""
        profiles = self._facts.profiles
        return tuple(profiles[self._profile[s]][0] for s in self._slots(position))

    def explanations(self, position: int) -> tuple[Explanation, ...]:
        """The explanations of the staff member at ``position``, as ``status`` gives them."""
        on = ("on", self.on.isoformat())
        answers = []
        for slot in self._slots(position):
            k = self._chosen[slot]
            if k < 0:
                answers.append(
                    Explanation(rule=_MISSING_RULE, citation=None, pack=None, facts=(on,))
                )
                continue
            rule, citation, pack = self._facts.profiles[self._profile[slot]][0]
            standing = ("standing", _STANDINGS[self._codes[slot]].value)
            facts = (on, *self._facts.facts(k), standing)
            answers.append(Explanation(rule=rule, citation=citation, pack=pack, facts=facts))
        return tuple(answers)

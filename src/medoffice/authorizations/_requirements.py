"""Payer requirements as data: which services need a prior authorization or a referral.

A :class:`Requirement` names the payers it applies to (by payer id, by payer type, or both), the
plan types (an HMO requiring referrals for specialist visits), the services (procedure codes,
code ranges such as ``97110-97546``, or every visit with a specialist), the days it is in
effect and where it comes from (``source``, ``url``, ``note``), like the credential rule packs.
A :class:`RequirementBook` holds a practice's requirements and indexes them by payer id and
payer type once, so asking about a payer with no requirement costs one dictionary look-up.

More information: CMS, Prior Authorization for Certain Hospital Outpatient Department
Services and Repetitive Scheduled Non-Emergent Ambulance Transport
(https://www.cms.gov/data-research/monitoring-programs/medicare-fee-service-compliance-programs/prior-authorization-and-pre-claim-review-initiatives).

>>> from datetime import date
>>> from medoffice.kernel import DateRange
>>> therapy = Requirement(
...     id="ACME-PT",
...     kind=RequirementKind.PRIOR_AUTHORIZATION,
...     payer_ids={"60054"},
...     procedures={"97110-97546"},
...     effective=DateRange.starting(date(2026, 1, 1)),
...     source="Acme Health provider manual, therapy services",
... )
>>> book = RequirementBook([therapy])
>>> [
...     r.id
...     for r in book.applicable(
...         payer_id="60054",
...         payer_type="commercial",
...         plan_type=None,
...         day=date(2026, 3, 2),
...         procedures=("97110",),
...         specialist=False,
...     )
... ]
['ACME-PT']
>>> book.applicable(
...     payer_id="99999",
...     payer_type="commercial",
...     plan_type=None,
...     day=date(2026, 3, 2),
...     procedures=("97110",),
...     specialist=False,
... )
()
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Final, final

import attrs

from medoffice.authorizations._records import PlanType
from medoffice.kernel import DateRange, InvalidValue

__all__ = ["Requirement", "RequirementBook", "RequirementKind", "RequirementMatch"]


@final
class RequirementKind(enum.StrEnum):
    """What a payer requires before a service."""

    PRIOR_AUTHORIZATION = "prior-authorization"
    REFERRAL = "referral"


def _strings(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidValue("expected a collection of strings, not a single string")
    return frozenset(str(item).strip() for item in value)


def _plans(value: Iterable[PlanType | str]) -> frozenset[PlanType]:
    if isinstance(value, str):
        raise InvalidValue("expected a collection of plan types, not a single string")
    try:
        return frozenset(PlanType(item) for item in value)
    except ValueError:
        raise InvalidValue("a plan type is one of the PlanType values") from None


def _procedures(value: Iterable[str]) -> frozenset[str]:
    codes = frozenset(code.upper() for code in _strings(value))
    for code in codes:
        low, _, high = code.partition("-")
        if not low or (high and (len(high) != len(low) or high < low)):
            raise InvalidValue("a procedure range is two codes of one length, low-high")
    return codes


def _text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be a non-empty string")


@final
@attrs.frozen(kw_only=True)
class Requirement:
    """One payer rule: services of ``kind`` need an approval first.

    Empty ``payer_ids`` and ``payer_types`` mean every payer; empty ``plan_types`` every plan.
    A service is concerned when its procedure code is listed (or falls in a ``low-high``
    range), or, with ``specialists`` true, when it is any visit with a specialist.
    """

    id: str = attrs.field(validator=_text)
    kind: RequirementKind = attrs.field(converter=RequirementKind)
    effective: DateRange
    source: str = attrs.field(validator=_text)
    payer_ids: frozenset[str] = attrs.field(default=frozenset(), converter=_strings)
    payer_types: frozenset[str] = attrs.field(default=frozenset(), converter=_strings)
    plan_types: frozenset[PlanType] = attrs.field(default=frozenset(), converter=_plans)
    procedures: frozenset[str] = attrs.field(default=frozenset(), converter=_procedures)
    specialists: bool = False
    url: str = ""
    note: str = ""
    _codes: frozenset[str] = attrs.field(init=False, repr=False, eq=False)
    _ranges: tuple[tuple[str, str], ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.procedures and not self.specialists:
            raise InvalidValue("a requirement names procedures, specialist visits, or both")
        ranges = tuple(
            (low, high) for low, _, high in (c.partition("-") for c in self.procedures) if high
        )
        object.__setattr__(self, "_ranges", ranges)
        object.__setattr__(self, "_codes", frozenset(c for c in self.procedures if "-" not in c))

    def concerns(self, procedure: str) -> bool:
        """Whether ``procedure`` is one of the services this requirement lists."""
        if procedure in self._codes:
            return True
        return any(
            len(procedure) == len(low) and low <= procedure <= high for low, high in self._ranges
        )

    def applies(
        self, *, plan_type: PlanType | None, day: date, procedure: str, specialist: bool
    ) -> bool:
        """Whether this requirement concerns one service on ``day`` under ``plan_type``."""
        if not self.effective.contains(day):
            return False
        if self.plan_types and plan_type not in self.plan_types:
            return False
        return (self.specialists and specialist) or self.concerns(procedure)


_NOTHING: Final[tuple[Requirement, ...]] = ()
_MEMO_LIMIT: Final = 65_536  # distinct procedure codes (or service shapes) remembered


@final
class RequirementMatch:
    """The requirements that concern one kind of service under one payer and plan, compiled.

    Built once per payer, plan and service (whatever the day) and kept by the book: the
    requirements with their effective days, whether any needs a prior authorization or a
    referral, and the codes an authorization must cover. :meth:`on` gives the match of one
    day: the same object on every day all of them are in effect (the common case), so what
    is derived from a match can be remembered on it.
    """

    __slots__ = (
        "_days",
        "_procedures",
        "authorization_codes",
        "first",
        "last",
        "needs_authorization",
        "needs_referral",
        "requirements",
        "verdicts",
    )

    def __init__(self, requirements: tuple[Requirement, ...], procedures: tuple[str, ...]) -> None:
        self.requirements = requirements
        self._procedures = procedures
        #: The days every one of the requirements is in effect (the match of each of them).
        self.first = max((r.effective.first for r in requirements), default=date.min)
        self.last = min((r.effective.last for r in requirements), default=date.max)
        self._days: dict[frozenset[str], RequirementMatch] = {}
        needing = [r for r in requirements if r.kind is RequirementKind.PRIOR_AUTHORIZATION]
        self.needs_authorization = bool(needing)
        self.needs_referral = any(r.kind is RequirementKind.REFERRAL for r in requirements)
        codes = tuple(p for p in procedures if any(r.concerns(p) for r in needing))
        #: The codes an authorization must approve (those a requirement lists, else all).
        self.authorization_codes = codes or procedures
        #: Answers derived from this match, remembered by whoever derives them.
        self.verdicts: dict[tuple[str | None, ...], Any] = {}

    def on(self, day: date) -> RequirementMatch:
        """The match of the requirements in effect on ``day``."""
        if self.first <= day <= self.last:
            return self
        return self._on(day)

    def _on(self, day: date) -> RequirementMatch:
        current = tuple(r for r in self.requirements if r.effective.contains(day))
        key = frozenset(r.id for r in current)
        found = self._days.get(key)
        if found is None:
            found = self._days[key] = RequirementMatch(current, self._procedures)
        return found

    def __repr__(self) -> str:
        return f"RequirementMatch({[r.id for r in self.requirements]})"


_NO_MATCH: Final = RequirementMatch((), ())


@final
class _Concerned(dict[str, bool]):
    """Procedure code -> whether a requirement lists it; a code is worked out once, then kept."""

    __slots__ = ("_codes", "_ranges")

    def __init__(self, codes: frozenset[str], ranges: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self._codes = codes
        self._ranges = ranges

    def __missing__(self, procedure: str) -> bool:
        code = procedure.strip().upper()
        known = code in self._codes or any(
            len(code) == len(low) and low <= code <= high for low, high in self._ranges
        )
        if len(self) < _MEMO_LIMIT:
            self[procedure] = known
        return known


@final
class RequirementBook:
    """A practice's payer requirements, indexed by payer id and by payer type."""

    __slots__ = (
        "_any",
        "_by_payer",
        "_by_type",
        "_matching",
        "_requirements",
        "compiled",
        "concerned",
        "specialist_rules",
    )

    def __init__(self, requirements: Iterable[Requirement] = ()) -> None:
        items = tuple(requirements)
        ids = [r.id for r in items]
        if len(set(ids)) != len(ids):
            raise InvalidValue("two requirements share an id")
        self._requirements = items
        self._by_payer: dict[str, list[Requirement]] = {}
        self._by_type: dict[str, list[Requirement]] = {}
        self._any: list[Requirement] = []
        #: Whether any requirement, of any payer, lists a procedure code: a mapping that
        #: answers any code, remembered, so a code no requirement concerns costs one look-up.
        self.concerned: Mapping[str, bool] = _Concerned(
            frozenset(c for r in items for c in r.procedures if "-" not in c),
            tuple(
                (low, high)
                for r in items
                for low, _, high in (c.partition("-") for c in r.procedures)
                if high
            ),
        )
        # Which requirements match a payer, plan and service, whatever the day: compiled once.
        self._matching: dict[
            tuple[str, str, PlanType | None, tuple[str, ...], bool], RequirementMatch
        ] = {}
        #: The matches compiled so far, by :meth:`match`'s key (a look-up before asking it).
        self.compiled: Mapping[
            tuple[str, str, PlanType | None, tuple[str, ...], bool], RequirementMatch
        ] = self._matching
        #: Whether any requirement concerns every visit with a specialist.
        self.specialist_rules = any(r.specialists for r in items)
        for requirement in items:
            if requirement.payer_ids:
                for payer in requirement.payer_ids:
                    self._by_payer.setdefault(payer, []).append(requirement)
            elif requirement.payer_types:
                for kind in requirement.payer_types:
                    self._by_type.setdefault(kind, []).append(requirement)
            else:
                self._any.append(requirement)

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        """Every requirement, in the order given."""
        return self._requirements

    def __len__(self) -> int:
        return len(self._requirements)

    def __repr__(self) -> str:
        return f"RequirementBook({len(self._requirements)} requirements)"

    def may_concern(self, procedure: str) -> bool:
        """Whether any requirement, of any payer, lists ``procedure`` (remembered per code)."""
        return self.concerned[procedure]

    def may_require(self, procedures: Iterable[str], *, specialist: bool) -> bool:
        """Whether any requirement could apply to these codes (or to a specialist's visit)."""
        if specialist and self.specialist_rules:
            return True
        concerned = self.concerned
        return any(concerned[code] for code in procedures)

    def for_payer(self, payer_id: str, payer_type: str) -> Sequence[Requirement]:
        """The requirements that may concern this payer (empty: nothing is ever required)."""
        by_payer = self._by_payer.get(payer_id)
        by_type = self._by_type.get(payer_type)
        if by_payer is None and by_type is None and not self._any:
            return _NOTHING
        found = [
            r
            for r in (*(by_payer or ()), *(by_type or ()))
            if not r.payer_types or payer_type in r.payer_types
        ]
        return (*found, *self._any)

    def applicable(
        self,
        *,
        payer_id: str,
        payer_type: str,
        plan_type: PlanType | None,
        day: date,
        procedures: Sequence[str],
        specialist: bool,
    ) -> tuple[Requirement, ...]:
        """The requirements that concern one of ``procedures`` (or a specialist visit)."""
        key = (payer_id, payer_type, plan_type, tuple(procedures), specialist)
        return self.match(key).on(day).requirements

    def match(
        self, key: tuple[str, str, PlanType | None, tuple[str, ...], bool]
    ) -> RequirementMatch:
        """The compiled match of ``(payer id, payer type, plan type, procedures, specialist)``."""
        found = self._matching.get(key)
        if found is None:
            payer_id, payer_type, plan_type, procedures, specialist = key
            requirements = tuple(
                r
                for r in self.for_payer(payer_id, payer_type)
                if (not r.plan_types or plan_type in r.plan_types)
                and ((r.specialists and specialist) or any(r.concerns(p) for p in procedures))
            )
            found = RequirementMatch(requirements, procedures) if requirements else _NO_MATCH
            if len(self._matching) >= _MEMO_LIMIT:
                self._matching.clear()
            self._matching[key] = found
        return found

"""Renewal rules and rule packs: the shape of the cited data in :mod:`._packs`.

A :class:`Rule` says how long one kind of credential lasts in one jurisdiction (its
:class:`Term`), how early it counts as expiring, and which windows follow expiry (a fee grace, a
reinstatement period) and whether the credential is still in force during them. A
:class:`RulePack` is a versioned, effective-dated, cited set of rules from one authority; a
:class:`RuleBook` holds several packs and picks the one in force on the date that governs a
credential (its issue or decision date), never today's date.

>>> from datetime import date
>>> term = Term.end_of_month(24)
>>> term
Term.end_of_month(24)
>>> term.valid_through(date(2026, 6, 10), None)
datetime.date(2028, 6, 30)

More information: see the citations carried by each pack in :mod:`._packs`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.credentials._citation import Citation
from medoffice.credentials._kinds import DEFAULT_CADENCE, KindSpec
from medoffice.credentials._matrix import Scope
from medoffice.credentials._model import CredentialKind, Role
from medoffice.credentials._primitives import add_months, window_after
from medoffice.credentials._terms import Term, TermShape
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, RuleId

__all__ = ["Citation", "Rule", "RuleBook", "RulePack", "Term", "TermShape", "Window"]


@final
@attrs.frozen(kw_only=True)
class Window:
    """A window after expiry: a fee grace or a reinstatement period.

    ``in_force`` says whether the credential still counts (may the holder practise, prescribe or
    bill) during the window; for every window shipped it is ``False``.
    """

    days: int = 0
    months: int = 0
    in_force: bool = False

    def last_day(self, expires_on: date) -> date:
        """The window's last day for a credential valid through ``expires_on``."""
        return window_after(expires_on, days=self.days, months=self.months)


def _professions(values: Iterable[Role | str]) -> frozenset[Role]:
    return frozenset(Role(v) for v in values)


@final
@attrs.frozen(kw_only=True)
class Rule:
    """The renewal rule for one kind of credential in one jurisdiction (``None``: anywhere).

    ``professions`` limits the rule to holders of those professions (empty: any profession);
    a rule for the holder's profession wins over one for any profession in the same
    jurisdiction. ``renewal_months`` opens a submission window that many months before the
    due date (Medicare revalidation: seven); the credential counts as expiring from then on at
    the latest.
    """

    id: RuleId = attrs.field(converter=RuleId)
    kind: CredentialKind
    jurisdiction: str | None
    term: Term
    professions: frozenset[Role] = attrs.field(default=frozenset(), converter=_professions)
    expiring_days: int = 90
    renewal_months: int = 0
    grace: Window | None = None
    reinstatement: Window | None = None
    zone: str | None = None
    citation: Citation

    def renewal_opens(self, valid_through: date) -> date | None:
        """The first day a renewal may be submitted, when the rule has a submission window."""
        if not self.renewal_months:
            return None
        return add_months(valid_through, -self.renewal_months)

    def expiring_from(self, valid_through: date) -> date:
        """The first day the credential counts as expiring."""
        start = valid_through - timedelta(days=self.expiring_days)
        opens = self.renewal_opens(valid_through)
        return start if opens is None else min(start, opens)


def _rules(values: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(values)


def _specs(values: Iterable[KindSpec]) -> tuple[KindSpec, ...]:
    return tuple(values)


@final
@attrs.frozen(kw_only=True)
class RulePack:
    """A versioned, effective-dated, cited set of rules from one authority."""

    family: str
    version: str
    effective: DateRange
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)
    citation: Citation
    notes: str = ""
    kinds: tuple[KindSpec, ...] = attrs.field(default=(), converter=_specs)

    @property
    def name(self) -> str:
        """``FAMILY-VERSION``, such as ``NCQA-2025``."""
        return f"{self.family}-{self.version}"


_BUILT_IN_SCOPES: Final = {
    CredentialKind.STATE_LICENSE: Scope.PER_STATE,
    CredentialKind.DEA_REGISTRATION: Scope.PER_STATE,
    CredentialKind.MEDICARE_ENROLLMENT: Scope.PER_PAYER,
    CredentialKind.DMEPOS_ENROLLMENT: Scope.PER_PAYER,
    CredentialKind.PAYER_CREDENTIALING: Scope.PER_PAYER,
}

# (kind, jurisdiction, profession code): plain strings hash in C, enum members in Python
_Key = tuple[str, str | None, str | None]
_Candidate = tuple[date, date, RulePack, Rule]


@final
class RuleBook:
    """Packs side by side; answers which rule governs a credential on its governing date.

    It also answers what the packs declare about each kind (:meth:`kind_spec`): its scope,
    reminder cadence and gated capabilities.
    """

    __slots__ = ("_by_key", "_candidates", "_kinds", "packs")

    def __init__(self, packs: Iterable[RulePack]) -> None:
        self.packs: tuple[RulePack, ...] = tuple(packs)
        self._by_key: dict[tuple[CredentialKind, str | None], list[tuple[RulePack, Rule]]] = {}
        # (kind, jurisdiction, profession) -> candidate rules, most specific first, on first use
        self._candidates: dict[_Key, list[_Candidate]] = {}
        self._kinds: dict[CredentialKind, KindSpec] = {}
        for pack in self.packs:
            if not isinstance(pack, RulePack):
                raise InvalidValue("a rule book holds RulePack values")
            for spec in pack.kinds:
                if self._kinds.setdefault(spec.kind, spec) != spec:
                    raise InvalidArgument(f"two packs declare the kind {spec.kind} differently")
            for rule in pack.rules:
                entries = self._by_key.setdefault((rule.kind, rule.jurisdiction), [])
                for other, other_rule in entries:
                    shared = (
                        not rule.professions
                        or not other_rule.professions
                        or rule.professions & other_rule.professions
                    )
                    same_scope = bool(rule.professions) == bool(other_rule.professions)
                    if same_scope and shared and other.effective.overlaps(pack.effective):
                        raise InvalidArgument(
                            f"{pack.name} and {other.name} both govern {rule.kind} "
                            f"in {rule.jurisdiction or 'every jurisdiction'} on the same days"
                        )
                entries.append((pack, rule))

    def __repr__(self) -> str:
        return f"RuleBook({[p.name for p in self.packs]!r})"

    def pack(self, family: str, governing: date) -> RulePack:
        """The pack of ``family`` in force on ``governing`` (for NCQA, the processing date)."""
        for pack in self.packs:
            if pack.family == family and pack.effective.contains(governing):
                return pack
        raise InvalidArgument(f"no {family} pack is in force on {governing.isoformat()}")

    def kind_spec(self, kind: CredentialKind) -> KindSpec | None:
        """What the packs declare about ``kind``, or ``None`` if no pack declares it."""
        return self._kinds.get(kind)

    @property
    def kinds(self) -> tuple[KindSpec, ...]:
        """Every declared kind, in pack order."""
        return tuple(self._kinds.values())

    def scope_of(self, kind: CredentialKind) -> Scope:
        """Once, per state or per payer: how many of ``kind`` a person holds."""
        spec = self._kinds.get(kind)
        if spec is not None:
            return spec.scope
        return _BUILT_IN_SCOPES.get(kind, Scope.ONCE)

    def cadence_of(self, kind: CredentialKind) -> tuple[int, ...]:
        """The reminder thresholds of ``kind`` (days before its due date)."""
        spec = self._kinds.get(kind)
        return spec.cadence if spec is not None else DEFAULT_CADENCE

    def is_national(self, kind: CredentialKind) -> bool:
        """Whether the holder's practice state decides the rule of a ``US`` credential."""
        spec = self._kinds.get(kind)
        return spec is not None and spec.national

    def rule(
        self,
        kind: CredentialKind,
        jurisdiction: str | None,
        governing: date,
        *,
        profession: Role | None = None,
    ) -> tuple[RulePack, Rule] | None:
        """The pack and rule for ``kind`` in ``jurisdiction`` on ``governing``, or ``None``.

        Most specific first: the jurisdiction's rule for the holder's ``profession``, its rule
        for any profession, then the same two of the rules that apply anywhere.
        """
        return self._rule(kind, jurisdiction, governing, profession)

    def _rule(
        self,
        kind: CredentialKind,
        jurisdiction: str | None,
        governing: date,
        profession: Role | None,
    ) -> tuple[RulePack, Rule] | None:
        # positional: this runs once per credential of a roster
        key = (kind._value_, jurisdiction, None if profession is None else profession._value_)
        candidates = self._candidates.get(key)
        if candidates is None:
            candidates = self._candidates[key] = self._candidates_for(
                kind, jurisdiction, profession
            )
        for first, last, pack, rule in candidates:
            if first <= governing <= last:
                return pack, rule
        return None

    def _candidates_for(
        self, kind: CredentialKind, jurisdiction: str | None, profession: Role | None
    ) -> list[_Candidate]:
        found: list[_Candidate] = []
        for place in (jurisdiction, None):
            entries = self._by_key.get((kind, place), ())
            for specific in (True, False):
                found.extend(
                    (pack.effective.first, pack.effective.last, pack, rule)
                    for pack, rule in entries
                    if (
                        bool(rule.professions) is specific
                        and (not specific or profession in rule.professions)
                    )
                )
        return found

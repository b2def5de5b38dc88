"""Timelines: the days that decide one credential's standing, and which credential governs.

A credential's rule is looked up by the date that governs it (its issue date), the holder's
profession (a California licence follows the board of the profession that holds it) and, for
a national credential recorded with jurisdiction ``US`` (the CAQH attestation), by each state
the holder practises in: the state whose rule ends soonest decides, and the explanation names
it. From the rule come the last valid day, the first expiring day (at the latest when a
renewal window opens), and the grace and reinstatement windows after expiry.

A credential whose last day cannot be computed is *undecidable*, and the timeline names the
missing fact: an old-regime California physician's licence without a birth date on file, a
Texas licence recorded without its printed expiry, a kind no pack knows.

>>> from datetime import date
>>> from medoffice.credentials._model import Credential
>>> old = Credential(
...     kind="state_license", issuer="MBC", jurisdiction="CA", issued_on=date(2017, 3, 1)
... )
>>> line = timeline_of(old, profession=Role.PHYSICIAN)
>>> line.standing(date(2018, 1, 1)).value, line.missing_fact
('undecidable', 'birth_date')

More information: the citations of :mod:`._packs`.
"""

from __future__ import annotations

import enum
from collections.abc import Set
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.credentials._model import Credential, Role
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._primitives import add_months
from medoffice.credentials._rules import Rule, RuleBook, RulePack, TermShape
from medoffice.kernel import DateRange

__all__ = ["Standing", "Timeline", "best_credential", "timeline_of"]

_ONE_DAY: Final = timedelta(days=1)
_NATIONAL: Final = "US"


@final
class Standing(enum.StrEnum):
    """Where a credential stands on a day; ``rank`` orders the path from good to expired.

    ``satisfied`` includes the last valid day; whether the credential is in its expiring window
    is a separate flag (``CredentialStatus.expiring``). ``undecidable`` means a credential is
    held but its validity cannot be shown without a missing fact, which the answer names.
    """

    NOT_REQUIRED = "not_required"
    SATISFIED = "satisfied"
    IN_GRACE = "in_grace"
    LAPSED_REINSTATABLE = "lapsed_reinstatable"
    EXPIRED = "expired"
    MISSING = "missing"
    UNDECIDABLE = "undecidable"

    @property
    def rank(self) -> int:
        """0 (not required) up to 6 (undecidable): the order of worsening."""
        return _RANKS[self]

    @property
    def in_force(self) -> bool:
        """Whether the credential counts on the day (satisfied, through its last valid day)."""
        return self is Standing.SATISFIED


_RANKS: Final = {s: i for i, s in enumerate(Standing)}


@final
@attrs.frozen(kw_only=True)
class Timeline:
    """The days that decide a credential's standing; ``valid_through`` ``None`` is open-ended.

    ``undated`` marks a credential whose last day cannot be shown; ``missing_fact`` names what
    would decide it (``birth_date``, ``expires_on`` or ``rule``). ``decided_by`` is the
    practice state whose rule applied to a national credential.
    """

    issued_on: date
    valid_through: date | None
    expiring_from: date | None = None
    grace_through: date | None = None
    reinstatable_through: date | None = None
    grace_in_force: bool = False
    rule: Rule | None = None
    pack: RulePack | None = None
    undated: bool = False
    missing_fact: str | None = None
    renewal_opens: date | None = None
    decided_by: str | None = None

    def standing(self, on: date) -> Standing:
        """The standing on ``on`` (a day on or after the issue date)."""
        if self.undated:
            return Standing.UNDECIDABLE
        last = self.valid_through
        if last is None or on <= last:
            return Standing.SATISFIED
        if self.grace_through is not None and on <= self.grace_through:
            return Standing.IN_GRACE
        if self.reinstatable_through is not None and on <= self.reinstatable_through:
            return Standing.LAPSED_REINSTATABLE
        return Standing.EXPIRED

    def expiring(self, on: date) -> bool:
        """Whether ``on`` falls in the expiring window (through the last valid day)."""
        start, last = self.expiring_from, self.valid_through
        return start is not None and last is not None and start <= on <= last

    def window(self, on: date, standing: Standing | None = None) -> DateRange | None:
        """The window ``on`` falls in (expiring, grace or reinstatement), if any."""
        if standing is None:
            standing = self.standing(on)
        last = self.valid_through
        if standing is Standing.SATISFIED and self.expiring(on):
            assert last is not None
            assert self.expiring_from is not None
            return DateRange(self.expiring_from, last)
        if standing is Standing.IN_GRACE and last is not None and self.grace_through:
            return DateRange(last + _ONE_DAY, self.grace_through)
        if standing is Standing.LAPSED_REINSTATABLE and last and self.reinstatable_through:
            return DateRange((self.grace_through or last) + _ONE_DAY, self.reinstatable_through)
        return None

    def sort_key(self) -> tuple[int, date, date]:
        """Better credentials sort last: dated, valid the longest, issued the latest."""
        return (0 if self.undated else 1, self.valid_through or date.max, self.issued_on)


def _line(
    credential: Credential, found: tuple[RulePack, Rule] | None, birth_date: date | None
) -> Timeline:
    """The timeline of ``credential`` under ``found`` (``None``: no rule knows its kind)."""
    issued = credential.issued_on
    last = credential.expires_on
    if found is None:
        # No rule and no stated expiry: validity cannot be shown without one of them.
        return Timeline(
            issued_on=issued,
            valid_through=last,
            undated=last is None,
            missing_fact="rule" if last is None else None,
        )
    pack, rule = found
    if last is None:
        last = rule.term.valid_through(issued, birth_date)
    if last is None:
        shape = rule.term.shape
        undated = shape not in (TermShape.ASSIGNED, TermShape.ONCE)
        return Timeline(
            issued_on=issued,
            valid_through=None,
            rule=rule,
            pack=pack,
            undated=undated,
            missing_fact=rule.term.missing_fact(issued, birth_date) if undated else None,
        )
    grace = rule.grace.last_day(last) if rule.grace else None
    reinstate = rule.reinstatement.last_day(grace or last) if rule.reinstatement else None
    expiring = last - timedelta(days=rule.expiring_days)
    opens = None
    if rule.renewal_months:
        opens = max(issued, add_months(last, -rule.renewal_months))
        expiring = min(expiring, opens)
    return Timeline(
        issued_on=issued,
        valid_through=last,
        expiring_from=max(issued, expiring),
        grace_through=grace,
        reinstatable_through=reinstate,
        grace_in_force=bool(rule.grace and rule.grace.in_force),
        rule=rule,
        pack=pack,
        renewal_opens=opens,
    )


def timeline_of(
    credential: Credential,
    *,
    birth_date: date | None = None,
    rules: RuleBook = DEFAULT_RULES,
    profession: Role | None = None,
    practice_states: Set[str] = frozenset(),
) -> Timeline:
    """The timeline of one credential under the rule that governs its issue date.

    ``profession`` selects a board's rule (see :func:`~medoffice.credentials.packs.profession_of`);
    ``practice_states`` decide a national credential recorded with jurisdiction ``US``.
    """
    return _timeline(credential, birth_date, rules, profession, practice_states)


def _timeline(
    credential: Credential,
    birth_date: date | None,
    rules: RuleBook,
    profession: Role | None,
    practice_states: Set[str],
) -> Timeline:
    # positional: this runs once per credential of a roster
    kind = credential.kind
    if credential.jurisdiction == _NATIONAL and practice_states and rules.is_national(kind):
        return _national(credential, birth_date, rules, profession, practice_states)
    found = rules._rule(kind, credential.jurisdiction, credential.issued_on, profession)  # noqa: SLF001
    return _line(credential, found, birth_date)


def _national(
    credential: Credential,
    birth_date: date | None,
    rules: RuleBook,
    profession: Role | None,
    practice_states: Set[str],
) -> Timeline:
    """A national credential under each practice state's rule: the soonest due decides."""
    best: Timeline | None = None
    for state in sorted(practice_states):
        found = rules.rule(credential.kind, state, credential.issued_on, profession=profession)
        line = attrs.evolve(_line(credential, found, birth_date), decided_by=state)
        if best is None or _ends_sooner(line, best):
            best = line
    assert best is not None
    return best


def _ends_sooner(line: Timeline, other: Timeline) -> bool:
    # An undecidable answer beats a decided one: the office must learn what is missing.
    return (not line.undated, line.valid_through or date.max) < (
        not other.undated,
        other.valid_through or date.max,
    )


def best_credential(
    credentials: tuple[Credential, ...],
    on: date,
    *,
    birth_date: date | None = None,
    rules: RuleBook = DEFAULT_RULES,
    profession: Role | None = None,
    practice_states: Set[str] = frozenset(),
) -> tuple[Credential, Timeline] | None:
    """Of ``credentials`` issued by ``on``, the one valid the longest, with its timeline."""
    return _best(credentials, on, birth_date, rules, profession, practice_states)


def _best(  # noqa: PLR0917  positional: runs once per requirement of a roster
    credentials: tuple[Credential, ...],
    on: date,
    birth_date: date | None,
    rules: RuleBook,
    profession: Role | None,
    practice_states: Set[str],
) -> tuple[Credential, Timeline] | None:
    if len(credentials) == 1:
        only = credentials[0]
        if only.issued_on > on:
            return None
        # _timeline inlined: one call frame less for every credential of a roster
        kind = only.kind
        if only.jurisdiction == _NATIONAL and practice_states and rules.is_national(kind):
            return only, _national(only, birth_date, rules, profession, practice_states)
        found = rules._rule(kind, only.jurisdiction, only.issued_on, profession)  # noqa: SLF001
        return only, _line(only, found, birth_date)
    best: tuple[Credential, Timeline] | None = None
    for credential in credentials:
        if credential.issued_on > on:
            continue
        line = _timeline(credential, birth_date, rules, profession, practice_states)
        if best is None or _rank(credential, line) > _rank(*best):
            best = (credential, line)
    return best


def _rank(credential: Credential, line: Timeline) -> tuple[object, ...]:
    # Ties on validity are broken by every recorded field, so the record order never matters.
    return (
        line.sort_key(),
        credential.number,
        credential.issuer,
        credential.jurisdiction,
        credential.expires_on or date.min,
        credential.payer or "",
        credential.evidence or "",
        credential.details,
    )

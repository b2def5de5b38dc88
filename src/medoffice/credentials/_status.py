"""Status: where each required credential of a staff member stands on a given day.

For every requirement (from the matrix) the best credential held on ``on`` is chosen (the one
valid the longest; the order the facts were recorded in does not matter), its rule is looked up
by the date that governs it (its issue date), and its standing follows from a timeline of days:

``satisfied`` until the expiring window opens, ``expiring`` through the last valid day, then
``in_grace`` through a fee-grace window, ``lapsed_reinstatable`` through a reinstatement
window, and ``expired`` after. A requirement with no credential is ``missing``; a credential
held but not required is ``not_required``. Without new facts a standing only moves forward.

>>> from datetime import date
>>> from medoffice.credentials._model import Credential, CredentialKind, Role, StaffMember
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> ma = StaffMember(id="S-3", role=Role.MEDICAL_ASSISTANT, credentials=[card])
>>> [(str(s.requirement), s.standing.value, s.valid_through) for s in status(ma, date(2028, 6, 1))]
[('bls', 'expiring', datetime.date(2028, 6, 30))]
>>> status(ma, date(2028, 7, 1))[0].standing
<Standing.EXPIRED: 'expired'>

More information: the citations of :mod:`._packs`; NCQA CR 3-CR 5.
"""

from __future__ import annotations

import enum
import functools
from datetime import date, datetime, timedelta
from typing import Final, final

import attrs

from medoffice.credentials._matrix import MATRIX, MEDICARE, MatrixRow, Requirement, requirements_for
from medoffice.credentials._model import Credential, CredentialKind, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._primitives import deadline_instant
from medoffice.credentials._rules import Citation, Rule, RuleBook, RulePack, Term, TermShape
from medoffice.kernel import DateRange, InvalidArgument, RuleId

__all__ = [
    "CredentialStatus",
    "Explanation",
    "Standing",
    "Timeline",
    "best_credential",
    "check_day",
    "requirement_of",
    "status",
    "timeline_of",
]

_ONE_DAY: Final = timedelta(days=1)
_MISSING_RULE: Final = RuleId("CRED-MISSING")
_UNDATED_RULE: Final = RuleId("CRED-UNDATED")
_EXTRA_RULE: Final = RuleId("CRED-NOT-REQUIRED")


@final
class Standing(enum.StrEnum):
    """Where a credential stands on a day; ``rank`` orders the path from good to expired."""

    NOT_REQUIRED = "not_required"
    SATISFIED = "satisfied"
    EXPIRING = "expiring"
    IN_GRACE = "in_grace"
    LAPSED_REINSTATABLE = "lapsed_reinstatable"
    EXPIRED = "expired"
    MISSING = "missing"

    @property
    def rank(self) -> int:
        """0 (not required) up to 6 (missing): the order of worsening."""
        return _RANKS[self]

    @property
    def in_force(self) -> bool:
        """Whether the credential counts on the day (satisfied or expiring)."""
        return self in (Standing.SATISFIED, Standing.EXPIRING)


_RANKS: Final = {s: i for i, s in enumerate(Standing)}

_PER_STATE: Final = frozenset({CredentialKind.STATE_LICENSE, CredentialKind.DEA_REGISTRATION})
_PER_PAYER: Final = frozenset(
    {
        CredentialKind.MEDICARE_ENROLLMENT,
        CredentialKind.DMEPOS_ENROLLMENT,
        CredentialKind.PAYER_CREDENTIALING,
    }
)


def check_day(on: object) -> date:
    """``on`` if it is a calendar day; a datetime or anything else is refused."""
    if isinstance(on, datetime) or not isinstance(on, date):
        raise InvalidArgument(f"the day asked about is a date, not {type(on).__name__}")
    return on


_REQUIREMENTS: dict[tuple[CredentialKind, str, str | None], Requirement] = {}


def requirement_of(credential: Credential) -> Requirement:
    """The requirement a credential answers (its kind, plus its state or payer)."""
    key = (credential.kind, credential.jurisdiction, credential.payer)
    found = _REQUIREMENTS.get(key)
    if found is None:
        found = _requirement_of(credential)
        if len(_REQUIREMENTS) < 65536:
            _REQUIREMENTS[key] = found
    return found


def _requirement_of(credential: Credential) -> Requirement:
    kind = credential.kind
    if kind in _PER_STATE:
        return Requirement(kind, credential.jurisdiction)
    if kind in _PER_PAYER:
        payer = credential.payer
        if payer is None and kind is CredentialKind.MEDICARE_ENROLLMENT:
            payer = MEDICARE
        return Requirement(kind, None, payer.upper() if payer else None)
    return Requirement(kind)


@final
@attrs.frozen(kw_only=True)
class Timeline:
    """The days that decide a credential's standing; ``valid_through`` ``None`` is open-ended."""

    issued_on: date
    valid_through: date | None
    expiring_from: date | None = None
    grace_through: date | None = None
    reinstatable_through: date | None = None
    grace_in_force: bool = False
    rule: Rule | None = None
    pack: RulePack | None = None
    undated: bool = False

    def standing(self, on: date) -> Standing:
        """The standing on ``on`` (a day on or after the issue date)."""
        if self.undated:
            return Standing.MISSING
        last = self.valid_through
        if last is None:
            return Standing.SATISFIED
        if on <= last:
            start = self.expiring_from
            return Standing.EXPIRING if start is not None and on >= start else Standing.SATISFIED
        if self.grace_through is not None and on <= self.grace_through:
            return Standing.IN_GRACE
        if self.reinstatable_through is not None and on <= self.reinstatable_through:
            return Standing.LAPSED_REINSTATABLE
        return Standing.EXPIRED

    def window(self, on: date, standing: Standing | None = None) -> DateRange | None:
        """The window ``on`` falls in (expiring, grace or reinstatement), if any."""
        if standing is None:
            standing = self.standing(on)
        last = self.valid_through
        if standing is Standing.EXPIRING and last is not None and self.expiring_from:
            return DateRange(self.expiring_from, last)
        if standing is Standing.IN_GRACE and last is not None and self.grace_through:
            return DateRange(last + _ONE_DAY, self.grace_through)
        if standing is Standing.LAPSED_REINSTATABLE and last and self.reinstatable_through:
            return DateRange((self.grace_through or last) + _ONE_DAY, self.reinstatable_through)
        return None

    def sort_key(self) -> tuple[int, date, date]:
        """Better credentials sort last: dated, valid the longest, issued the latest."""
        return (0 if self.undated else 1, self.valid_through or date.max, self.issued_on)


def timeline_of(
    credential: Credential, *, birth_date: date | None = None, rules: RuleBook = DEFAULT_RULES
) -> Timeline:
    """The timeline of one credential under the rule that governs its issue date."""
    found = rules.rule(credential.kind, credential.jurisdiction, credential.issued_on)
    if found is None:
        # No rule and no stated expiry: validity cannot be shown, so it does not count.
        last = credential.expires_on
        return Timeline(issued_on=credential.issued_on, valid_through=last, undated=last is None)
    pack, rule = found
    last = credential.expires_on
    if last is None:
        last = rule.term.valid_through(credential.issued_on, birth_date)
    if last is None:
        undated = rule.term.shape is not TermShape.ASSIGNED
        return Timeline(
            issued_on=credential.issued_on,
            valid_through=None,
            rule=rule,
            pack=pack,
            undated=undated,
        )
    grace = rule.grace.last_day(last) if rule.grace else None
    reinstate = rule.reinstatement.last_day(grace or last) if rule.reinstatement else None
    return Timeline(
        issued_on=credential.issued_on,
        valid_through=last,
        expiring_from=max(credential.issued_on, rule.expiring_from(last)),
        grace_through=grace,
        reinstatable_through=reinstate,
        grace_in_force=bool(rule.grace and rule.grace.in_force),
        rule=rule,
        pack=pack,
    )


def best_credential(
    credentials: tuple[Credential, ...],
    on: date,
    *,
    birth_date: date | None = None,
    rules: RuleBook = DEFAULT_RULES,
) -> tuple[Credential, Timeline] | None:
    """Of ``credentials`` issued by ``on``, the one valid the longest, with its timeline."""
    if len(credentials) == 1:
        only = credentials[0]
        if only.issued_on > on:
            return None
        return only, timeline_of(only, birth_date=birth_date, rules=rules)
    best: tuple[Credential, Timeline] | None = None
    for credential in credentials:
        if credential.issued_on > on:
            continue
        line = timeline_of(credential, birth_date=birth_date, rules=rules)
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
    )


@final
@attrs.frozen(kw_only=True)
class Explanation:
    """Why a standing is what it is: the rule, its citation, the pack, the facts and dates used.

    Facts never hold personal data: a rule that used the birth month says so without the month.
    """

    rule: RuleId
    citation: Citation | None
    pack: str | None
    facts: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "rule": self.rule.value,
            "citation": str(self.citation) if self.citation else None,
            "pack": self.pack,
            "facts": dict(self.facts),
        }


@final
@attrs.frozen(kw_only=True)
class CredentialStatus:
    """The standing of one requirement (or one unrequired credential) on a day."""

    requirement: Requirement
    required: bool
    standing: Standing
    valid_through: date | None = None
    window: DateRange | None = None
    explanation: Explanation | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "requirement": str(self.requirement),
            "standing": self.standing.value,
            "valid_through": self.valid_through.isoformat() if self.valid_through else None,
            "window": [self.window.first.isoformat(), self.window.last.isoformat()]
            if self.window
            else None,
            "explanation": self.explanation.to_dict() if self.explanation else None,
        }


@functools.cache
def _term_text(term: Term) -> str:
    return repr(term)


def _explain(
    credential: Credential | None, line: Timeline | None, standing: Standing, on: date
) -> Explanation:
    facts: list[tuple[str, str]] = [("on", on.isoformat())]
    if credential is None or line is None:
        return Explanation(rule=_MISSING_RULE, citation=None, pack=None, facts=tuple(facts))
    facts.extend(
        _credential_facts(
            issued_on=credential.issued_on,
            issuer=credential.issuer,
            jurisdiction=credential.jurisdiction,
            stated_expiry=credential.expires_on,
            valid_through=line.valid_through,
            expiring_from=line.expiring_from,
            grace_through=line.grace_through,
            reinstatable_through=line.reinstatable_through,
            rule=line.rule,
        )
    )
    facts.append(("standing", standing.value))
    rule_id, citation, pack = _explanation_header(line)
    return Explanation(rule=rule_id, citation=citation, pack=pack, facts=tuple(facts))


def _explanation_header(line: Timeline) -> tuple[RuleId, Citation | None, str | None]:
    """The rule id, citation and pack of an explanation: the same for every use of a rule."""
    rule = line.rule.id if line.rule else _EXTRA_RULE
    if line.undated:
        rule = _UNDATED_RULE
    return (
        rule,
        line.rule.citation if line.rule else None,
        line.pack.name if line.pack else None,
    )


def _credential_facts(
    *,
    issued_on: date,
    issuer: str,
    jurisdiction: str,
    stated_expiry: date | None,
    valid_through: date | None,
    expiring_from: date | None,
    grace_through: date | None,
    reinstatable_through: date | None,
    rule: Rule | None,
) -> list[tuple[str, str]]:
    """The facts of an explanation between ``on`` and ``standing``: the credential's own."""
    facts = [
        ("issued_on", issued_on.isoformat()),
        ("issuer", issuer),
        ("jurisdiction", jurisdiction),
    ]
    if stated_expiry is not None:
        facts.append(("stated_expiry", stated_expiry.isoformat()))
    if valid_through is not None:
        facts.append(("valid_through", valid_through.isoformat()))
    if expiring_from is not None:
        facts.append(("expiring_from", expiring_from.isoformat()))
    if grace_through is not None:
        facts.append(("grace_through", grace_through.isoformat()))
    if reinstatable_through is not None:
        facts.append(("reinstatable_through", reinstatable_through.isoformat()))
    if rule is not None:
        facts.append(("term", _term_text(rule.term)))
        shape = rule.term.shape
        if shape is TermShape.ISSUE_OR_BIRTH_MONTH and stated_expiry is None:
            switch = rule.term.switch_on
            used = "issue month" if switch and issued_on >= switch else "birth month"
            facts.append(("month_used", used))
        if shape is TermShape.ASSIGNED and valid_through is None:
            facts.append(("due_date", "TBD"))
        if rule.zone and valid_through is not None:
            lapses = deadline_instant(valid_through, rule.zone)
            facts.append(("lapses_at", lapses.isoformat()))
    return facts


def status(
    staff: StaffMember,
    on: date,
    *,
    rules: RuleBook = DEFAULT_RULES,
    matrix: tuple[MatrixRow, ...] = MATRIX,
    explain: bool = True,
) -> tuple[CredentialStatus, ...]:
    """The standing on ``on`` of every required credential, then of every unrequired one."""
    if not isinstance(staff, StaffMember):
        raise InvalidArgument(f"status is asked of a StaffMember, not {type(staff).__name__}")
    check_day(on)
    required = requirements_for(staff, matrix=matrix)
    grouped: dict[Requirement, list[Credential]] = {}
    for credential in staff.credentials:
        grouped.setdefault(requirement_of(credential), []).append(credential)
    wanted = frozenset(required)
    extras = sorted((r for r in grouped if r not in wanted), key=Requirement.sort_key)
    answers = []
    for requirement in (*required, *extras):
        held = grouped.get(requirement)
        best = (
            best_credential(tuple(held), on, birth_date=staff.birth_date, rules=rules)
            if held
            else None
        )
        is_required = requirement in wanted
        if best is None:
            standing = Standing.MISSING if is_required else Standing.NOT_REQUIRED
            answers.append(
                CredentialStatus(
                    requirement=requirement,
                    required=is_required,
                    standing=standing,
                    explanation=_explain(None, None, standing, on) if explain else None,
                )
            )
            continue
        credential, line = best
        standing = line.standing(on) if is_required else Standing.NOT_REQUIRED
        window = line.window(on, standing) if standing is not Standing.SATISFIED else None
        answers.append(
            CredentialStatus(
                requirement=requirement,
                required=is_required,
                standing=standing,
                valid_through=line.valid_through,
                window=window,
                explanation=_explain(credential, line, standing, on) if explain else None,
            )
        )
    return tuple(answers)

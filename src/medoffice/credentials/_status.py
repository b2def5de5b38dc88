"""Status: where each required credential of a staff member stands on a given day.

For every requirement (from the matrix) the best credential held on ``on`` is chosen (the one
valid the longest; the order the facts were recorded in does not matter), its rule is looked up
by the date that governs it (its issue date) and the holder's profession and practice states,
and its standing follows from a timeline of days:

``satisfied`` through the last valid day (flagged ``expiring`` once the expiring window opens),
then ``in_grace`` through a fee-grace window, ``lapsed_reinstatable`` through a reinstatement
window, and ``expired`` after. A requirement with no credential is ``missing``; a credential
held whose validity cannot be shown without a missing fact is ``undecidable`` (the answer
names the fact); a credential held but not required is ``not_required``. Without new facts a
standing only moves forward.

>>> from datetime import date
>>> from medoffice.credentials._model import Credential, CredentialKind, Role, StaffMember
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> ma = StaffMember(id="S-3", role=Role.MEDICAL_ASSISTANT, credentials=[card])
>>> [(str(s.requirement), s.standing.value, s.expiring) for s in status(ma, date(2028, 6, 30))]
[('bls', 'satisfied', True)]
>>> status(ma, date(2028, 7, 1))[0].standing
<Standing.EXPIRED: 'expired'>

More information: the citations of :mod:`._packs`; NCQA CR 3-CR 5.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Final, final

import attrs

from medoffice.credentials._matrix import (
    MATRIX,
    MEDICARE,
    MatrixRow,
    Requirement,
    Scope,
    requirements_for,
)
from medoffice.credentials._model import Credential, CredentialKind, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._primitives import deadline_instant
from medoffice.credentials._professions import profession_of
from medoffice.credentials._rules import Citation, Rule, RuleBook, Term, TermShape
from medoffice.credentials._timeline import (
    Standing,
    Timeline,
    _best,
    _rank,
    best_credential,
    timeline_of,
)
from medoffice.kernel import DateRange, InvalidArgument, RuleId

__all__ = [
    "CredentialStatus",
    "Explanation",
    "Standing",
    "Timeline",
    "_rank",
    "best_credential",
    "check_day",
    "requirement_of",
    "status",
    "timeline_of",
]

_MISSING_RULE: Final = RuleId("CRED-MISSING")
_UNDATED_RULE: Final = RuleId("CRED-UNDATED")
_EXTRA_RULE: Final = RuleId("CRED-NOT-REQUIRED")


def check_day(on: object) -> date:
    """``on`` if it is a calendar day; a datetime or anything else is refused."""
    if isinstance(on, datetime) or not isinstance(on, date):
        raise InvalidArgument(f"the day asked about is a date, not {type(on).__name__}")
    return on


_REQUIREMENTS: dict[tuple[CredentialKind, str, str | None], Requirement] = {}


def requirement_of(credential: Credential, *, rules: RuleBook = DEFAULT_RULES) -> Requirement:
    """The requirement a credential answers (its kind, plus its state or payer).

    The kind's scope (once, per state, per payer) is what the rule packs declare for it.
    """
    return _requirement(credential, rules)


def _requirement(credential: Credential, rules: RuleBook) -> Requirement:
    # positional: this runs once per credential of a roster
    key = (credential.kind, credential.jurisdiction, credential.payer)
    found = _REQUIREMENTS.get(key) if rules is DEFAULT_RULES else None
    if found is None:
        found = _requirement_of(credential, rules.scope_of(credential.kind))
        if rules is DEFAULT_RULES and len(_REQUIREMENTS) < 65536:
            _REQUIREMENTS[key] = found
    return found


def _requirement_of(credential: Credential, scope: Scope) -> Requirement:
    kind = credential.kind
    if scope is Scope.PER_STATE:
        return Requirement(kind, credential.jurisdiction)
    if scope is Scope.PER_PAYER:
        payer = credential.payer
        if payer is None and kind is CredentialKind.MEDICARE_ENROLLMENT:
            payer = MEDICARE
        return Requirement(kind, None, payer.upper() if payer else None)
    return Requirement(kind)


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
    """The standing of one requirement (or one unrequired credential) on a day.

    ``satisfied`` holds through the last valid day; ``expiring`` says the day falls in the
    expiring window (then ``window`` is that window). ``missing`` names the fact an
    ``undecidable`` standing lacks. ``renewal_opens`` is the first day a renewal may be
    submitted (Medicare revalidation: seven months before the due date).
    """

    requirement: Requirement
    required: bool
    standing: Standing
    valid_through: date | None = None
    window: DateRange | None = None
    explanation: Explanation | None = None
    expiring: bool = False
    missing: str | None = None
    renewal_opens: date | None = None

    @property
    def in_force(self) -> bool:
        """Whether the credential counts on the day."""
        return self.standing.in_force

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "requirement": str(self.requirement),
            "standing": self.standing.value,
            "expiring": self.expiring,
            "missing": self.missing,
            "renewal_opens": self.renewal_opens.isoformat() if self.renewal_opens else None,
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
            decided_by=line.decided_by,
        )
    )
    facts.append(("standing", standing.value))
    rule_id, citation, pack = _explanation_header(line)
    return Explanation(rule=rule_id, citation=citation, pack=pack, facts=tuple(facts))


def _explanation_header(line: Timeline) -> tuple[RuleId, Citation | None, str | None]:
    """The rule id, citation and pack of an explanation: the same for every use of a rule.

    An undecidable credential is explained by the rule that needs the missing fact, or by
    ``CRED-UNDATED`` when no rule knows its kind.
    """
    rule = line.rule.id if line.rule is not None else _UNDATED_RULE if line.undated else _EXTRA_RULE
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
    decided_by: str | None = None,
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
    if decided_by is not None:
        facts.append(("decided_by", decided_by))
    if rule is None and valid_through is None:
        facts.append(("missing", "rule"))
    if rule is not None:
        facts.extend(_rule_facts(rule, issued_on, stated_expiry, valid_through))
    return facts


def _rule_facts(
    rule: Rule, issued_on: date, stated_expiry: date | None, valid_through: date | None
) -> list[tuple[str, str]]:
    """The facts the rule contributes: its term, the month used, a window, what is missing."""
    facts: list[tuple[str, str]] = []
    facts.append(("term", _term_text(rule.term)))
    if valid_through is not None and rule.renewal_months:
        opens = rule.renewal_opens(valid_through)
        assert opens is not None
        facts.append(("renewal_opens", max(opens, issued_on).isoformat()))
    shape = rule.term.shape
    if shape is TermShape.ISSUE_OR_BIRTH_MONTH and stated_expiry is None:
        switch = rule.term.switch_on
        used = "issue month" if switch and issued_on >= switch else "birth month"
        facts.append(("month_used", used))
    elif shape.needs_birth_date and stated_expiry is None:
        facts.append(("month_used", "birth month"))
    if shape is TermShape.ASSIGNED and valid_through is None:
        facts.append(("due_date", "TBD"))
    if valid_through is None and shape not in (TermShape.ASSIGNED, TermShape.ONCE):
        missing = "expires_on" if shape is TermShape.STATED else "birth_date"
        facts.append(("missing", missing))
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
        grouped.setdefault(_requirement(credential, rules), []).append(credential)
    wanted = frozenset(required)
    extras = sorted((r for r in grouped if r not in wanted), key=Requirement.sort_key)
    return _answers((*required, *extras), wanted, grouped, staff, on, rules, explain)


def answer_for(
    requirement: Requirement,
    held: tuple[Credential, ...],
    on: date,
    *,
    staff: StaffMember,
    required: bool,
    rules: RuleBook,
    explain: bool,
) -> CredentialStatus:
    """The standing of one requirement from the credentials ``held`` for it."""
    wanted = frozenset({requirement}) if required else frozenset()
    grouped = {requirement: list(held)}
    return _answers((requirement,), wanted, grouped, staff, on, rules, explain)[0]


def _answers(  # noqa: PLR0917  positional, one call per person
    requirements: tuple[Requirement, ...],
    wanted: frozenset[Requirement],
    grouped: dict[Requirement, list[Credential]],
    staff: StaffMember,
    on: date,
    rules: RuleBook,
    explain: bool,  # noqa: FBT001
) -> tuple[CredentialStatus, ...]:
    """The standing of each of ``requirements`` from the credentials ``grouped`` under it."""
    profession = profession_of(staff)
    birth_date, states = staff.birth_date, staff.states
    answers = []
    for requirement in requirements:
        held = grouped.get(requirement)
        required = requirement in wanted
        best = _best(tuple(held), on, birth_date, rules, profession, states) if held else None
        if best is None:
            standing = Standing.MISSING if required else Standing.NOT_REQUIRED
            answers.append(
                CredentialStatus(
                    requirement=requirement,
                    required=required,
                    standing=standing,
                    explanation=_explain(None, None, standing, on) if explain else None,
                )
            )
            continue
        credential, line = best
        standing = line.standing(on) if required else Standing.NOT_REQUIRED
        start, last = line.expiring_from, line.valid_through
        expiring = (
            standing is Standing.SATISFIED
            and start is not None
            and last is not None
            and start <= on <= last
        )
        answers.append(
            CredentialStatus(
                requirement=requirement,
                required=required,
                standing=standing,
                valid_through=last,
                window=line.window(on, standing)
                if standing is not Standing.SATISFIED or expiring
                else None,
                explanation=_explain(credential, line, standing, on) if explain else None,
                expiring=expiring,
                missing=line.missing_fact,
                renewal_opens=line.renewal_opens,
            )
        )
    return tuple(answers)

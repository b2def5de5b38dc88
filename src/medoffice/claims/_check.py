"""The pre-submission checker: ``check_claim(claim, context=...)`` returns a report, never raises.

The context holds the ICD-10-CM code set, the optional diagnosis-edit table, HCPCS file,
NCCI/modifier edit tables (``tables``) and authorization port (``authorizations``), the
submission date ``on``, the rule profile, and the findings about those reference files
(``reference``: a file cut short, rows left out), which join every report checked with the
context. For each payer the context works out once which rules run with which severity; each
claim is then
prepared once (:mod:`._facts`) and handed to every rule. A rule that fails unexpectedly
becomes a ``CHK-INTERNAL`` finding and the other rules still run, so the checker is total.

More information: ``docs/rules.md`` (the catalogue), ``docs/claims.md`` (the guide).

>>> from datetime import date
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> check_claim(sample_claim(), context=context).ok
True
>>> broken = sample_claim(diagnoses=("E11.9", "W19.XXXA", "E11.9"))
>>> [(f.rule.value, f.path) for f in check_claim(broken, context=context)]
[('DX-DUPLICATE', 'diagnoses[2]'), ('PTR-OUT-OF-RANGE', 'lines[0].pointers[3]')]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Final, final

import attrs

from medoffice.claims._catalogue import INTERNAL_RULE, RULES, SHARED, SharedAnalysis, rule_by_id
from medoffice.claims._diagnoses import CACHE_LIMIT, DiagnosisAnalysis, DxKey, Status
from medoffice.claims._facts import AnalysisKey, ContextFacts, Facts
from medoffice.claims._memo import SecondSightMemo
from medoffice.claims._model import Claim, ServiceLine
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.claims._rule import Hit, Needs, Rule
from medoffice.claims.ports import (
    AuthorizationIssue,
    ClaimAuthorizations,
    DiagnosisCodes,
    DiagnosisEdits,
    EditTables,
    ProcedureCodes,
    ReferenceSource,
)
from medoffice.kernel import Finding, InvalidArgument, Report, RuleId, Severity
from medoffice.kernel._findings import made_finding, made_report

__all__ = ["CheckContext", "check_claim"]

_INTERNAL: Final = RuleId(INTERNAL_RULE)


_Member = tuple[str, RuleId, Severity, str, Callable[[Facts], Sequence[Hit]]]
"""A rule answered by a shared analysis: id, RuleId, severity, authority, own function."""
_Made = dict[tuple[RuleId, Hit], Finding]
"""The findings a plan has made, by rule and hit (bounded by ``CACHE_LIMIT``)."""


@final
@attrs.frozen
class _Plan:
    steps: tuple[tuple[Rule, RuleId, Severity], ...]
    checks: tuple[Callable[[Facts], Sequence[Hit]], ...]
    meta: Mapping[Callable[[Facts], Sequence[Hit]], tuple[RuleId, Severity, str]]
    settings: Mapping[str, RuleSetting]
    not_run: tuple[tuple[str, Needs], ...]
    not_run_pairs: tuple[tuple[str, str], ...]
    clean: Report
    """The report of a claim with no finding: built once per plan."""
    facts: ContextFacts
    """What every claim checked with this plan shares (see :class:`._facts.ContextFacts`)."""
    # The authorization rules that run, by id: answered by one call to the port per claim.
    by_port: Mapping[str, tuple[RuleId, Severity, str]] = attrs.field(factory=dict)
    # The analyses several rules share, each with the rules that run (and their metadata by
    # id): one call per claim answers all of them.
    shared: tuple[
        tuple[SharedAnalysis, tuple[_Member, ...], Mapping[str, tuple[RuleId, Severity, str]]],
        ...,
    ] = ()
    made: _Made = attrs.field(factory=dict)
    """The findings made for this plan's rules, by rule and hit: see :func:`_add`."""


def _date(given: date) -> date:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, date):
        raise InvalidArgument(f"the submission date is a date, not {type(value).__name__}")
    return value


@final
@attrs.frozen(kw_only=True)
class CheckContext:
    """Everything a check depends on besides the claim itself."""

    on: date = attrs.field(converter=_date)
    diagnoses: DiagnosisCodes
    edits: DiagnosisEdits | None = None
    procedures: ProcedureCodes | None = None
    tables: EditTables | None = None
    authorizations: ClaimAuthorizations | None = None
    profile: Profile = attrs.field(factory=Profile)
    reference: Report = attrs.field(factory=Report)
    """Findings about the reference files this context relies on (a file cut short, rows left
    out, a folder that could not be read): added to the report of every claim checked with it,
    so that no answer rests silently on a damaged file."""
    plans: dict[tuple[str, str], _Plan] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    """The plan of each (payer id, payer type) met, made once (see :meth:`plan`)."""
    dx_cache: dict[DxKey, Status] = attrs.field(factory=dict, init=False, repr=False, eq=False)
    analyses: SecondSightMemo[AnalysisKey, DiagnosisAnalysis] = attrs.field(
        factory=SecondSightMemo, init=False, repr=False, eq=False
    )
    ncci_memo: SecondSightMemo[object, Mapping[str, Sequence[Hit]]] = attrs.field(
        factory=SecondSightMemo, init=False, repr=False, eq=False
    )
    places: dict[tuple[str, date], bool] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    dx_notes: dict[DxKey, int] = attrs.field(factory=dict, init=False, repr=False, eq=False)
    modifiers_known: dict[tuple[str, date], bool] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        layers = [self.profile.rules, *self.profile.payer_types.values()]
        layers += self.profile.payers.values()
        for layer in layers:
            for rule_id in layer:
                rule_by_id(rule_id)

    def plan_for(self, payer_id: str, payer_type: str) -> tuple[Rule, ...]:
        """The rules that run on a claim to this payer, in catalogue order."""
        return tuple(rule for rule, _, _ in self.plan(payer_id, payer_type).steps)

    def rules_not_run(self, payer_id: str, payer_type: str) -> tuple[tuple[str, str], ...]:
        """The enabled rules that do not run for lack of data, each with what it needs."""
        return self.plan(payer_id, payer_type).not_run_pairs

    @classmethod
    def from_store(
        cls, source: ReferenceSource, *, on: date, profile: Profile | None = None
    ) -> CheckContext:
        """A context over everything a reference source holds (``adapters.reference.load_store``
        reads the store); each line's date of service picks its own release of each table."""
        return cls(
            on=on,
            diagnoses=source.diagnoses,
            edits=source.edits,
            procedures=source.procedures,
            tables=source.tables,
            profile=profile or Profile(),
        )

    def plan(self, payer_id: str, payer_type: str) -> _Plan:
        key = (payer_id, str(payer_type))
        plan = self.plans.get(key)
        if plan is None:
            available = {Needs.NOTHING}
            if self.edits is not None:
                available.add(Needs.DIAGNOSIS_EDITS)
            if self.procedures is not None:
                available.add(Needs.HCPCS)
            if self.tables is not None:
                available.add(Needs.EDIT_TABLES)
            if self.authorizations is not None:
                available.add(Needs.AUTHORIZATIONS)
            steps: list[tuple[Rule, RuleId, Severity]] = []
            settings: dict[str, RuleSetting] = {}
            skipped: list[tuple[str, Needs]] = []
            for rule in RULES:
                setting = self.profile.setting_for(rule.id, payer_id=key[0], payer_type=key[1])
                settings[rule.id] = setting
                enabled = rule.enabled if setting.enabled is None else setting.enabled
                if enabled and rule.needs in available:
                    severity = Severity(setting.severity or rule.severity)
                    steps.append((rule, RuleId(rule.id), severity))
                elif enabled:
                    skipped.append((rule.id, rule.needs))
            port = Needs.AUTHORIZATIONS
            checks = tuple(
                rule.check
                for rule, _, _ in steps
                if rule.needs is not port and rule.id not in SHARED
            )
            shared: dict[SharedAnalysis, list[_Member]] = {}
            for rule, rid, sev in steps:
                analysis = SHARED.get(rule.id)
                if analysis is not None:
                    shared.setdefault(analysis, []).append(
                        (rule.id, rid, sev, rule.authority, rule.check)
                    )
            meta = {rule.check: (rid, sev, rule.authority) for rule, rid, sev in steps}
            by_port = {
                rule.id: (rid, sev, rule.authority)
                for rule, rid, sev in steps
                if rule.needs is port
            }
            pairs = tuple(sorted((rule_id, need.value) for rule_id, need in skipped))
            plan = _Plan(
                tuple(steps),
                checks,
                meta,
                settings,
                tuple(skipped),
                pairs,
                Report(not_run=pairs) if pairs else _CLEAN,
                ContextFacts(
                    on=self.on,
                    codes=self.diagnoses,
                    edits=self.edits,
                    procedures=self.procedures,
                    settings=settings,
                    tables=self.tables,
                    authorizations=self.authorizations,
                    not_run=tuple(skipped),
                    dx_cache=self.dx_cache,
                    analyses=self.analyses,
                    ncci_memo=self.ncci_memo,
                    places=self.places,
                    dx_notes=self.dx_notes,
                    modifiers_known=self.modifiers_known,
                ),
                by_port,
                tuple(
                    (analysis, tuple(rules), {m[0]: (m[1], m[2], m[3]) for m in rules})
                    for analysis, rules in shared.items()
                ),
            )
            self.plans[key] = plan
        return plan


def check_claim(claim: Claim, *, context: CheckContext) -> Report:
    """Every finding on ``claim``; pure, deterministic, and it never raises on a bad claim."""
    return check_with_prior(claim, context=context, prior=None)


def check_with_prior(  # noqa: PLR0912 - the rules' loops inline: the hot path
    claim: Claim, *, context: CheckContext, prior: Mapping[date, Sequence[ServiceLine]] | None
) -> Report:
    """:func:`check_claim`, with lines submitted earlier for the same patient and provider."""
    try:
        payer = claim.payer
        # The payer's own fields find a plan made before (a payer type is a str enum, equal
        # to its value): the common case costs one look-up.
        plan = context.plans.get((payer.payer_id, payer.type)) or context.plan(
            str(payer.payer_id), str(payer.type)
        )
        # What the context's claims share is made once per plan: one claim costs its own values.
        facts = Facts(claim, plan.facts, prior)
    except Exception as error:  # totality: a claim that cannot be prepared is a finding
        return Report(
            (
                Finding(
                    rule=_INTERNAL,
                    severity=Severity.ERROR,
                    message=f"the claim could not be prepared ({type(error).__name__})",
                ),
                *context.reference.findings,
            )
        )
    # The plan's rules, then its shared analyses, each answering several rules at once: the
    # loops are the hot path, and only a rule that reports something looks up its metadata.
    findings: list[Finding] = []
    made = plan.made
    for check in plan.checks:
        try:
            hits = check(facts)
            if hits:
                rule_id, severity, authority = plan.meta[check]
                _add(findings, hits, rule_id, severity, authority, made=made)
        except Exception as error:  # totality: one failing rule must not hide the rest
            findings.append(_failed(plan.meta[check][0], error))
    for analysis, members, by_id in plan.shared:
        try:
            found = analysis(facts)
            if not found:  # no hit for any of its rules (most claims)
                continue
        except Exception:  # totality: each rule then runs on its own, as it would alone
            _each_alone(members, facts, findings, made)
            continue
        done = len(findings)  # the findings added below are dropped if adding them fails
        try:
            if type(found) is dict:
                # Only the rules with hits are in it (the NCCI analysis: one or two of nine);
                # a rule that does not run for this payer is not in ``by_id``. The report
                # sorts its findings, so the order they are added in does not matter.
                for key, shared_hits in found.items():
                    meta = by_id.get(key)
                    if meta is not None and shared_hits:
                        _add(findings, shared_hits, *meta, made=made)
                continue
            for key, rule_id, severity, authority, _ in members:
                shared_hits = found.get(key)
                if shared_hits:
                    _add(findings, shared_hits, rule_id, severity, authority, made=made)
        except Exception:  # totality: each rule then runs on its own, as it would alone
            del findings[done:]
            _each_alone(members, facts, findings, made)
    if plan.by_port and context.authorizations is not None:
        # One call to the port for every authorization rule (their rule functions give the
        # same findings one rule at a time); a claim needing nothing costs that call alone.
        try:
            issues = context.authorizations.issues(claim)
        except Exception as error:  # totality: a failing port must not hide the rest
            issues = ()
            findings.append(
                Finding(
                    rule=_INTERNAL,
                    severity=Severity.ERROR,
                    message=f"the authorization port failed on this claim ({type(error).__name__})",
                )
            )
        if issues:
            findings += _authorization_findings(issues, plan.by_port)
    if context.reference.findings:
        findings.extend(context.reference.findings)
    if not findings:
        return plan.clean
    # Every finding was made here or is a Finding already, and the pairs are the report's own.
    return made_report(findings, plan.not_run_pairs)


def _each_alone(
    members: tuple[_Member, ...], facts: Facts, findings: list[Finding], made: _Made
) -> None:
    """The findings of a shared analysis's rules, each run on its own (the analysis failed)."""
    for _, rule_id, severity, authority, check in members:
        try:
            hits = check(facts)
            if hits:
                _add(findings, hits, rule_id, severity, authority, made=made)
        except Exception as error:  # one failing rule must not hide the rest
            findings.append(_failed(rule_id, error))


def _add(
    findings: list[Finding],
    hits: Sequence[Hit],
    rule_id: RuleId,
    severity: Severity,
    authority: str,
    *,
    made: _Made,
) -> None:
    """The findings of a rule's hits, each made once per plan: the claims of a batch repeat
    them (a PTP pair on the second line), and a finding is immutable, so they share it."""
    for hit in hits:
        try:
            finding = made.get((rule_id, hit))
            kept = True
        except TypeError:  # an unhashable value (made a str below): not kept
            finding, kept = None, False
        if finding is None:
            path, message, value = hit
            # The rule id and severity come from the plan, already checked.
            finding = made_finding(
                rule_id, severity, message, path=path, value=value, source=authority
            )
            if kept:
                if len(made) >= CACHE_LIMIT:
                    made.clear()
                made[rule_id, hit] = finding
        findings.append(finding)


def _failed(rule_id: RuleId, error: Exception) -> Finding:
    return Finding(
        rule=_INTERNAL,
        severity=Severity.ERROR,
        message=f"rule {rule_id} failed on this claim ({type(error).__name__})",
        value=rule_id.value,
    )


def _authorization_findings(
    issues: Sequence[AuthorizationIssue], rules: Mapping[str, tuple[RuleId, Severity, str]]
) -> list[Finding]:
    """The findings of the port's issues whose rules run for this payer."""
    findings = []
    for issue in issues:
        meta = rules.get(issue.rule)
        if meta is not None:
            rule_id, severity, authority = meta
            path = f"lines[{issue.line}]" + (f".{issue.field}" if issue.field else "")
            findings.append(
                Finding(
                    rule=rule_id,
                    severity=severity,
                    message=issue.message,
                    path=path,
                    value=issue.value,
                    source=authority,
                )
            )
    return findings


_CLEAN: Final = Report()

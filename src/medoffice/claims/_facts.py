"""The prepared facts of one claim, shared by every rule.

The diagnosis analysis (:mod:`._diagnoses`) is looked up in the context's memo by the claim's
diagnoses, pointers and dates, and computed only when it is new, so rules stay small, never
re-parse, and a batch of similar claims costs little more than its rules.

>>> from datetime import date
>>> age_on(date(2000, 2, 29), date(2026, 2, 28))
25
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Final, final

from medoffice.claims._diagnoses import ANSWERS, DiagnosisAnalysis, DxKey, Status, analyse
from medoffice.claims._memo import SecondSightMemo
from medoffice.claims._model import Claim, ServiceLine
from medoffice.claims._profile import RuleSetting
from medoffice.claims._rule import Hit, Needs
from medoffice.claims.ports import (
    AuthorizationIssue,
    ClaimAuthorizations,
    DiagnosisCodes,
    DiagnosisEdit,
    DiagnosisEdits,
    EditTables,
    ProcedureCodes,
)

__all__ = ["ContextFacts", "Facts", "age_on"]

AnalysisKey = tuple[tuple[str, ...], tuple[tuple[date, date | None, tuple[int, ...]], ...]]


_NO_PRIOR: Final[Mapping[date, Sequence[ServiceLine]]] = MappingProxyType({})


def age_on(birth: date, day: date) -> int:
    """Age in whole years on ``day`` (a 29 February birthday counts on 1 March)."""
    # month * 32 + day orders the days of a year as (month, day) does, without the tuples
    return day.year - birth.year - (day.month * 32 + day.day < birth.month * 32 + birth.day)


@final
class ContextFacts:
    """What every claim checked with one context and plan shares: made once, by the checker.

    The submission date, the reference ports, the plan's settings (and the parameters read from
    them that every claim needs) and the rules it cannot run, and the memos the claims of a
    context share (bounded; see :mod:`._memo`).
    """

    __slots__ = (
        "analyses",
        "authorizations",
        "clinical_units",
        "codes",
        "dx_cache",
        "dx_notes",
        "edits",
        "filing_days",
        "modifiers_known",
        "ncci_memo",
        "not_run",
        "on",
        "places",
        "procedures",
        "settings",
        "tables",
    )

    def __init__(
        self,
        *,
        on: date,
        codes: DiagnosisCodes,
        edits: DiagnosisEdits | None,
        procedures: ProcedureCodes | None,
        settings: Mapping[str, RuleSetting],
        tables: EditTables | None = None,
        authorizations: ClaimAuthorizations | None = None,
        not_run: Sequence[tuple[str, Needs]] = (),
        dx_cache: dict[DxKey, Status] | None = None,
        analyses: SecondSightMemo[AnalysisKey, DiagnosisAnalysis] | None = None,
        ncci_memo: SecondSightMemo[object, Mapping[str, Sequence[Hit]]] | None = None,
        places: dict[tuple[str, date], bool] | None = None,
        dx_notes: dict[DxKey, int] | None = None,
        modifiers_known: dict[tuple[str, date], bool] | None = None,
    ) -> None:
        self.on = on
        self.codes = codes
        self.edits = edits
        self.procedures = procedures
        self.settings = settings
        setting = settings.get("MUE-DAY-CLINICAL")
        units = None if setting is None else setting.params.get("max_units")
        self.clinical_units = units if isinstance(units, int) else None
        """The payer's own MAI-3 unit limit after clinical review (MUE-DAY-CLINICAL's
        ``max_units``), read once from the settings (``None`` when the profile sets none)."""
        setting = settings.get("ADM-TIMELY-FILING")
        days = None if setting is None else setting.params.get("days")
        self.filing_days = (
            days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else None
        )
        """The payer's own filing limit in days (ADM-TIMELY-FILING's ``days``), likewise."""
        self.tables = tables
        self.authorizations = authorizations
        self.not_run = not_run
        """The rules skipped for lack of data, with what they need."""
        self.dx_cache: dict[DxKey, Status] = {} if dx_cache is None else dx_cache
        """Each diagnosis's status on a day, shared by the context's claims."""
        self.analyses: SecondSightMemo[AnalysisKey, DiagnosisAnalysis] | None = analyses
        self.ncci_memo = SecondSightMemo() if ncci_memo is None else ncci_memo
        self.places: dict[tuple[str, date], bool] = {} if places is None else places
        """Whether each place of service is in effect on a day, shared by the context's claims."""
        self.dx_notes: dict[DxKey, int] = {} if dx_notes is None else dx_notes
        """What the diagnosis screen found about each diagnosis on a day, shared likewise."""
        self.modifiers_known = {} if modifiers_known is None else modifiers_known
        """Whether MOD-UNKNOWN passes over each modifier on a day, shared likewise."""


@final
class Facts:
    """One claim with its diagnosis analysis, prepared for the rules; what the context's claims
    share is in ``context`` (:class:`ContextFacts`)."""

    # The analysis's answers the rules read most are held as this claim's own (copied below).
    __slots__ = (
        "_auth_issues",
        "analysis",
        "claim",
        "context",
        *ANSWERS,
        "modified",
        "ncci",
        "prior",
    )

    def __init__(
        self,
        claim: Claim,
        context: ContextFacts,
        prior: Mapping[date, Sequence[ServiceLine]] | None = None,
    ) -> None:
        self.claim = claim
        self.context = context
        self._auth_issues: Mapping[str, Sequence[AuthorizationIssue]] | None = None
        self.prior = _NO_PRIOR if prior is None else prior
        self.ncci: Mapping[str, Sequence[Hit]] | None = None
        modified = False
        for ln in claim.lines:
            if ln.modifiers:
                modified = True
                break
        self.modified = modified
        analyses = context.analyses
        # The key (a tuple per line, hashed) is made only while the memo is watching: in a batch
        # where every claim differs it pauses, and each analysis is computed afresh (the same).
        if analyses is not None and analyses.watching():
            key: AnalysisKey = (
                claim.diagnoses,
                tuple([(ln.service_from, ln.service_to, ln.pointers) for ln in claim.lines]),
            )
            analysis, keep = analyses.sight(key)
            if analysis is None:
                analysis = analyse(claim, context.codes, context.dx_cache)
                if keep:
                    # Kept from the second claim with these diagnoses and dates on: a batch
                    # where each claim differs keeps no analysis alive (nothing for the garbage
                    # collector to walk), one that repeats itself computes each analysis twice.
                    analyses.keep(key, analysis)
        else:
            analysis = analyse(claim, context.codes, context.dx_cache)
        self.analysis = analysis
        self.dx = analysis.dx
        self.dx_status = analysis.dx_status
        self.dx_by_status = analysis.dx_by_status
        self.manifestations = analysis.manifestations
        self.referenced = analysis.referenced
        self.first_service = analysis.first_service
        self.last_day = analysis.last_day

    @property
    def dx_dates(self) -> tuple[tuple[date, ...], ...]:
        """For each diagnosis the dates of service it is checked on."""
        return self.analysis.dx_dates

    @property
    def dx_edits(self) -> Sequence[tuple[int, date, DiagnosisEdit]]:
        """For each valid diagnosis the edit table flags: (index, date, flags)."""
        return self.analysis.edits_found(self.context.edits)

    def excludes1_conflicts(self, codes: tuple[str, ...], on: date) -> Sequence[tuple[str, str]]:
        """The code set's Excludes1 conflicts among ``codes``."""
        return tuple(self.context.codes.excludes1_conflicts(codes, on))

    def authorization_issues(self, rule: str) -> Sequence[AuthorizationIssue]:
        """The authorization port's issues of ``rule``, asked once per claim."""
        authorizations = self.context.authorizations
        if authorizations is None:
            return ()
        grouped = self._auth_issues
        if grouped is None:
            found: dict[str, list[AuthorizationIssue]] = {}
            for issue in authorizations.issues(self.claim):
                found.setdefault(issue.rule, []).append(issue)
            grouped = self._auth_issues = found
        return grouped.get(rule, ())

    def params(self, rule: str) -> Mapping[str, int | str | bool]:
        """The profile parameters of ``rule`` for this claim's payer."""
        setting = self.context.settings.get(rule)
        return setting.params if setting is not None else {}

    def explicitly_enabled(self, rule: str) -> bool:
        """Whether the profile turned ``rule`` on by name (not merely by default)."""
        setting = self.context.settings.get(rule)
        return setting is not None and setting.enabled is True

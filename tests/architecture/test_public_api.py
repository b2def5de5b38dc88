"""The public surface of the domain packages, pinned: every name, its home and its docstring.

Each domain package (``medoffice.scheduling``, ``budget``, ``credentials``, ``claims``) exports
at most :data:`MAX_TOP_LEVEL` names; the rest live in public submodules. :data:`EXPECTED` lists
every public name of every public module of a domain (and of ``medoffice.cli.demo``), so adding,
moving or removing a name is a change to this file. A module exposes exactly its ``__all__``
(besides its submodules): a name left out of ``__all__`` is not importable from it either. A
name has one public home, except that a domain package repeats its service object from
``services`` (``ports`` and ``services`` define their names, so only their ``__all__`` is
pinned, not everything they import). Every class and function exported has a docstring of
its own; a plain value (a table, a constant) cannot carry one, so the docstring of the module
that exports it names it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types
from collections.abc import Iterator, Mapping
from typing import Final

import pytest

DOMAINS: Final = ("scheduling", "budget", "credentials", "claims", "revenue", "authorizations")
MAX_TOP_LEVEL: Final = 30

EXPECTED: Final[dict[str, str]] = {
    "medoffice.scheduling": """
        Appointment AppointmentStatus AppointmentType Booked BookingPolicy BookingRequest Break
        CancelReason Conflict ConflictAction ConflictKind Patient PracticeSetup Rejected Rescheduled
        Schedule ScheduleSnapshot Scheduling Slot WeeklyTemplate Window cancel decide_booking
        decide_reschedule next_available open_slots open_slots_any
    """,
    "medoffice.scheduling.allocation": """
        Allocation AllocationCandidate AllocationRequest CandidateModel Placement Solution Unplaced
        UnplacedReason allocate allocate_exact book_allocation candidate_model day_groups
    """,
    "medoffice.scheduling.appointment_types": """
        Limit LimitPeriod PatientRule ResourceRequirement
    """,
    "medoffice.scheduling.availability": """
        AddWindow DateOverride DayOff DstPolicy GapPolicy OpenWindow OverlapPolicy RemoveWindow
        ReplaceDay ResourceKind WallWindow open_windows resolve
    """,
    "medoffice.scheduling.metrics": """
        ScheduleMetrics schedule_metrics third_next_available waitlist_conversion
    """,
    "medoffice.scheduling.overbooking": """
        NoShowFeatures OverbookPlan bailey_welch expected_attendance plan_overbooking
    """,
    "medoffice.scheduling.ports": """
        AppointmentRepository ClosureCalendar NoShowModel ProviderEligibility SchedulingStore
        SchedulingUnitOfWork SliceKey SliceQuery Solver StoredSlice StoredWaitlist Visit
        VisitAuthorizations
        WaitlistRepository
    """,
    "medoffice.scheduling.queries": "Candidate Ranking explain first_per_day rank",
    "medoffice.scheduling.series": """
        EditScope Frequency OccurrenceRejected Recurrence SeriesDecision SeriesMode SeriesRequest
        cancel_series decide_series move_series occurrences select_occurrences
    """,
    "medoffice.scheduling.services": "BatchResult Scheduling",
    "medoffice.scheduling.simulation": """
        SimulationResult compare_templates simulate standard_templates
    """,
    "medoffice.scheduling.statuses": """
        StatusChange TransitionNotAllowed can_transition transition
    """,
    "medoffice.scheduling.waitlist": """
        Offer OfferMode OfferNotLive OfferPolicy OfferStatus WaitlistEntry WaitlistMatch
        WaitlistStatus decide_acceptance make_offers offered_entries overlapping_offers
        settle_acceptance waitlist_matches
    """,
    "medoffice.budget": """
        Account AccountType Actuals Budget BudgetLine Budgeting CellKey ChartOfAccounts Dimension
        Dimensions FiscalCalendar FiscalPeriod Flat Leg Materiality MgmaCategory PeriodPattern
        Posting Transaction VarianceReport VarianceRow VersionKind aggregate budget_vs_actual
        check_budget check_transaction phase through_date
    """,
    "medoffice.budget.commitments": """
        ApprovalBand ApprovalPolicy Approvers Encumbrance EncumbranceError EncumbranceEvent
        EncumbranceStatus FundsCheck FundsLedger PurchaseRequest book_invoice check_funds
        required_approvers
    """,
    "medoffice.budget.forecast": """
        Forecast ForecastMethod actual_plus_remaining_budget committed forecasts run_rate seasonal
        trailing_average
    """,
    "medoffice.budget.kpis": """
        BenchmarkBand Kpi ar_over classify clean_claim_rate cost_to_collect days_in_ar
        denial_rate_by_amount denial_rate_by_count first_pass_resolution_rate fte
        net_collection_rate no_show_rate overhead_ratio support_staff_cost_per_fte_physician
    """,
    "medoffice.budget.phasing": """
        BusinessDays CalendarDays Driver PhasingMethod Seasonal phase_by_driver
    """,
    "medoffice.budget.ports": """
        BudgetStore BudgetUnitOfWork EncumbranceRepository HolidayCalendar PostingSource
        PostingStore TransferJournal
    """,
    "medoffice.budget.reports": "PnlLine PnlTotal ProfitAndLoss largest_variances profit_and_loss",
    "medoffice.budget.services": "Budgeting load_actuals",
    "medoffice.budget.transfers": """
        JournalEntry Transfer TransferLeg TransferState TransferStatus budget_as_of decide draft
        net_transfers pending_transfers submit transfer_states
    """,
    "medoffice.credentials": """
        Activity Blocker Capability Credential CredentialKind CredentialStatus Credentialing
        Explanation Location Requirement Role Screening ScreeningResult ScreeningSource StaffMember
        Standing VerificationEvent VerificationOutcome can_bill can_perform_waived_tests
        can_practise can_prescribe_controlled check_coverage check_new_credential check_screening
        coverage_limit parse_requirement requirement_status status
    """,
    "medoffice.credentials.alerts": """
        Alert DEFAULT_THRESHOLDS DEFAULT_TIERS DueIndex DueItem Tier WeekdayCalendar plan_alerts
    """,
    "medoffice.credentials.index": "Explanations Reason StatusIndex",
    "medoffice.credentials.matrix": """
        MATRIX MEDICAID MEDICARE MatrixRow OFFICE_MATRIX Scope requirements_for
    """,
    "medoffice.credentials.monitoring": """
        MONITORING_SOURCES MonitoringAlert MonitoringLedger MonitoringSource PersonCoverage
        SourceGap monitoring_ledger
    """,
    "medoffice.credentials.packs": """
        BOARD_PACKS CAPABILITIES DEFAULT_CADENCE DEFAULT_RULES KIND_PACKS KindSpec
        NCQA_CVO_VERIFICATION_DAYS NCQA_MONITORING NCQA_VERIFICATION_DAYS NUCC_PROFESSIONS
        OIG_SCREENING PACKS profession_of
    """,
    "medoffice.credentials.ports": """
        BusinessCalendar CredentialRepository CredentialsStore CredentialsUnitOfWork ScreeningLog
    """,
    "medoffice.credentials.primitives": """
        add_months at_least_annually_due birth_month_expiry birth_month_parity_expiry
        calendar_month_gaps deadline_instant end_of_month end_of_month_after is_last_day_of_month
        issue_or_birth_month_expiry month_after_second_birthday posted_due_date rolling_due
        season_end window_after
    """,
    "medoffice.credentials.recredentialing": """
        CredentialingTrack RecredentialingPath RecredentialingPlan plan_recredentialing
    """,
    "medoffice.credentials.rules": "Citation Rule RuleBook RulePack Term TermShape Window",
    "medoffice.credentials.services": "Credentialing",
    "medoffice.credentials.timelines": "Timeline best_credential requirement_of timeline_of",
    "medoffice.claims": """
        Address Billing CheckContext CheckedBatch Claim ClaimReadError Patient Payer PayerType
        Profile Provider RuleSetting ServiceLine Subscriber check_claim check_claims claim_from_json
        claim_to_json claims_from_json
    """,
    "medoffice.claims.history": "patient_key provider_key",
    "medoffice.claims.ports": """
        AddOnRule AgeGroup ClaimHistory ClaimsStore ClaimsUnitOfWork CodeEdits DiagnosisCode
        DiagnosisCodes DiagnosisEdit DiagnosisEdits EditTables ProcedureCodes ReferenceSource
        UnitLimit AuthorizationIssue ClaimAuthorizations ClaimUsage
    """,
    "medoffice.claims.rules": """
        GUIDELINE_YEAR Hit INTERNAL_RULE Needs RULES Rule is_first_listed_only render_rule_catalogue
        rule_by_id
    """,
    "medoffice.claims.services": "Billing CheckedBatch",
    "medoffice.authorizations": """
        AuthorizationIndex AuthorizationStatus Authorizations Coverage Issue PatientRecords
        PlanType PriorAuthorization Problem QuantityUnit Queue QueueSettings Referral
        ReferralStatus Requirement RequirementBook RequirementKind RequirementMatch ServiceFacts
        StatusChange
        TransitionNotAllowed Usage Use UseKind Verdict WorkItem change_status decide_service
        work_queues
    """,
    "medoffice.authorizations.ports": """
        AuthorizationRepository AuthorizationSnapshot AuthorizationSource
        AuthorizationsStore AuthorizationsUnitOfWork StoredAuthorizations UsageRecorder
    """,
    "medoffice.authorizations.services": """
        Authorizations
    """,
    "medoffice.revenue": """
        Adjustment Aging AgingBasis ArFacts ArLedger BilledClaim BilledLine ClaimPayment
        Denial DenialCategory ERA_RULES GroupCode LedgerEntry NextAction Posting
        ProviderAdjustment ReasonCode ReasonCodes Remittance Revenue ServicePayment WorkItem
        age ar_facts check_remittance open_items post_remittance revenue_kpis
    """,
    "medoffice.revenue.aging": """
        AgingRow BUCKETS OpenItem
    """,
    "medoffice.revenue.balancing": """
        claim_findings is_balanced signed_payment
    """,
    "medoffice.revenue.catalogue": """
        BALANCE_CLAIM BALANCE_LINE BALANCE_LINES_PAID BALANCE_PAYMENT CODE_NOT_IN_EFFECT
        EraRule NOT_835 era_rule render_era_catalogue
    """,
    "medoffice.revenue.codes": """
        check_reason_codes
    """,
    "medoffice.revenue.denials": """
        DENIAL_CODES classify denial_statistics next_action
    """,
    "medoffice.revenue.expected": """
        PayerTerms denied_line expected_payment reversal
    """,
    "medoffice.revenue.ledger": """
        ArTotals EntryKind LineBalance PATIENT
    """,
    "medoffice.revenue.model": """
        REVERSAL
    """,
    "medoffice.revenue.ports": """
        KpiDefinitions KpiValue ReceivablesRepository RevenueStore RevenueUnitOfWork
    """,
    "medoffice.revenue.posting": """
        WorkReason charge_entries
    """,
    "medoffice.revenue.services": """
        Revenue
    """,
    "medoffice.cli.demo": "DemoPractice DemoSize MONTH NOW SIZES generate_practice",
    "medoffice.plots": "COLOURS budget_chart expiry_timeline pareto_chart utilisation_heatmap",
    "medoffice.frames": """
        aging_frame findings_frame slots_frame statuses_frame variance_frame
    """,
}
# Public modules outside the domain packages, pinned all the same.
BESIDE_DOMAINS: Final = frozenset({"medoffice.cli.demo", "medoffice.plots", "medoffice.frames"})


def public_modules(package: str) -> Iterator[str]:
    """The package and its public submodules (no name part starting with an underscore)."""
    yield package
    module = importlib.import_module(package)
    for info in pkgutil.iter_modules(module.__path__, prefix=f"{package}."):
        if not info.name.rsplit(".", 1)[1].startswith("_"):
            yield info.name


def own_doc(value: object) -> str:
    """The docstring written for ``value`` itself (generated and inherited ones do not count)."""
    doc = (
        value.__dict__.get("__doc__") if inspect.isclass(value) else getattr(value, "__doc__", None)
    )
    if not isinstance(doc, str):
        return ""
    if inspect.isclass(value) and doc.startswith(f"{value.__name__}("):
        return ""  # the signature a NamedTuple or dataclass writes for itself
    return doc.strip()


def surface_problems(
    module: types.ModuleType, expected: frozenset[str] | None, *, closed: bool = True
) -> list[str]:
    """What is wrong with ``module``'s public surface, one sentence per problem.

    ``closed``: the module only re-exports, so every public name it holds must be exported (the
    ``ports`` and ``services`` modules define their names and import helpers beside them).
    """
    name = module.__name__
    exported = getattr(module, "__all__", None)
    if exported is None:
        return [f"{name} has no __all__"]
    problems: list[str] = []
    if len(set(exported)) != len(exported):
        problems.append(f"{name}.__all__ names something twice")
    if expected is not None and set(exported) != expected:
        added, removed = sorted(set(exported) - expected), sorted(expected - set(exported))
        problems.append(f"{name}.__all__ differs from the pinned list: +{added} -{removed}")
    visible = {
        attr
        for attr, value in vars(module).items()
        # pytest adds non-identifiers ("@py_builtins") to modules it rewrites; none is importable
        if attr.isidentifier()
        and not attr.startswith("_")
        and not (isinstance(value, types.ModuleType) and value.__name__ == f"{name}.{attr}")
    }
    hidden = sorted(visible - set(exported))
    if closed and hidden:
        problems.append(f"{name} lets {hidden} be imported without exporting them")
    module_doc = module.__doc__ or ""
    if not module_doc.strip():
        problems.append(f"{name} has no module docstring")
    for attr in exported:
        if not hasattr(module, attr):
            problems.append(f"{name}.__all__ names {attr!r}, which it does not define")
            continue
        value = getattr(module, attr)
        if inspect.isclass(value) or inspect.isroutine(value):
            if not own_doc(value):
                problems.append(f"{name}.{attr} has no docstring")
        elif attr not in module_doc:
            problems.append(f"{name}.{attr} is a plain value its module's docstring does not name")
    return problems


def home_problems(surfaces: Mapping[str, frozenset[str]], package: str) -> list[str]:
    """Names exported by two public modules of one package (the service object aside)."""
    services = surfaces.get(f"{package}.services", frozenset())
    seen: dict[str, str] = {}
    problems = []
    for module, names in sorted(surfaces.items()):
        for attr in names:
            if module == package and attr in services:
                continue
            if attr in seen:
                problems.append(f"{attr} is exported by both {seen[attr]} and {module}")
            seen[attr] = module
    return problems


def pinned(module: str) -> frozenset[str]:
    return frozenset(EXPECTED[module].split())


class TestThePinnedList:
    def test_every_public_module_of_a_domain_is_pinned(self) -> None:
        """A new public submodule is a deliberate change: it must be added to EXPECTED."""
        found = {m for d in DOMAINS for m in public_modules(f"medoffice.{d}")}
        assert found == set(EXPECTED) - BESIDE_DOMAINS

    @pytest.mark.parametrize("module", sorted(EXPECTED))
    def test_the_module_exports_exactly_its_pinned_names_each_documented(self, module: str) -> None:
        """__all__ is the pinned list, nothing else is importable, each name is explained."""
        closed = not module.endswith((".ports", ".services"))
        assert (
            surface_problems(importlib.import_module(module), pinned(module), closed=closed) == []
        )


class TestTheDomainPackages:
    @pytest.mark.parametrize("domain", DOMAINS)
    def test_a_domain_package_exports_at_most_thirty_names(self, domain: str) -> None:
        """What most users need fits in thirty names; the rest is one submodule away."""
        assert len(importlib.import_module(f"medoffice.{domain}").__all__) <= MAX_TOP_LEVEL

    @pytest.mark.parametrize("domain", DOMAINS)
    def test_every_public_name_has_one_home(self, domain: str) -> None:
        """No name is exported by two public modules of a domain, so where to look is certain."""
        package = f"medoffice.{domain}"
        surfaces = {m: pinned(m) for m in EXPECTED if m == package or m.startswith(f"{package}.")}
        assert home_problems(surfaces, package) == []


def _synthetic(**members: object) -> types.ModuleType:
    module = types.ModuleType("medoffice.example", "An example module naming TABLE.")
    for attr, value in members.items():
        setattr(module, attr, value)
    return module


def _documented() -> None:
    """Documented."""


def _undocumented() -> None:
    pass


class TestTheChecksCatchWhatTheyAreFor:
    def test_a_clean_module_passes(self) -> None:
        """A module exporting documented callables and a named table has no problem."""
        module = _synthetic(f=_documented, TABLE=(1, 2), __all__=["TABLE", "f"])
        assert surface_problems(module, frozenset({"TABLE", "f"})) == []

    def test_a_name_left_out_of_the_pinned_list_is_reported(self) -> None:
        """Adding a name without pinning it fails."""
        module = _synthetic(f=_documented, g=_documented, __all__=["f", "g"])
        assert surface_problems(module, frozenset({"f"})) == [
            "medoffice.example.__all__ differs from the pinned list: +['g'] -[]"
        ]

    def test_an_undocumented_function_is_reported(self) -> None:
        """A function without a docstring fails."""
        module = _synthetic(f=_undocumented, __all__=["f"])
        assert surface_problems(module, None) == ["medoffice.example.f has no docstring"]

    def test_an_unnamed_constant_is_reported(self) -> None:
        """A plain value the module docstring does not name fails."""
        module = _synthetic(LIMIT=3, __all__=["LIMIT"])
        assert surface_problems(module, None) == [
            "medoffice.example.LIMIT is a plain value its module's docstring does not name"
        ]

    def test_a_hidden_re_export_is_reported(self) -> None:
        """A public name importable from the module but not in __all__ fails."""
        module = _synthetic(f=_documented, helper=_documented, __all__=["f"])
        assert surface_problems(module, None) == [
            "medoffice.example lets ['helper'] be imported without exporting them"
        ]

    def test_a_class_with_only_a_generated_docstring_is_reported(self) -> None:
        """The signature a NamedTuple writes for itself is not documentation."""
        from typing import NamedTuple  # noqa: PLC0415  the class is the test's subject

        class Pair(NamedTuple):
            left: int
            right: int

        module = _synthetic(Pair=Pair, __all__=["Pair"])
        assert surface_problems(module, None) == ["medoffice.example.Pair has no docstring"]

    def test_a_name_with_two_homes_is_reported(self) -> None:
        """A name exported twice fails; the service object repeated at the top does not."""
        surfaces = {
            "pkg": frozenset({"Service", "f"}),
            "pkg.services": frozenset({"Service"}),
            "pkg.extra": frozenset({"f"}),
        }
        assert home_problems(surfaces, "pkg") == ["f is exported by both pkg and pkg.extra"]

    def test_thirty_one_names_are_too_many(self) -> None:
        """The limit is a number the domain packages are measured against."""
        assert len([f"name{i}" for i in range(31)]) > MAX_TOP_LEVEL

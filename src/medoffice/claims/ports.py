"""What the claim checker needs from reference data, as ports.

The checker never opens a file. The ICD-10-CM code set, the diagnosis-edit table (the CMS
Medicare Code Editor's age, sex and unspecified lists), the HCPCS Level II file, the NCCI edit
tables with the modifier and place-of-service code sets (:class:`EditTables`) and the claims
already submitted (:class:`ClaimHistory`) reach it through these protocols, always asked "on
this date of service", because ICD-10-CM changes every 1 October (with an April update) and
HCPCS and the NCCI tables every quarter.

Adapters: ``adapters.bridges`` answers these ports from the coding layer (the
bundled ICD-10-CM and official releases, the MCE table, HCPCS, the NCCI tables, modifiers and
places of service) and ``adapters.reference`` loads the files behind them;
``adapters.memory`` has in-memory doubles of every port and keeps submitted claims in
memory (a :class:`ClaimsStore` opens a :class:`ClaimsUnitOfWork` over the history); every
adapter passes the contract suites in ``medoffice.testing._claims_contracts`` and
``._claims_edit_contracts``.

More information: CDC ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html ;
CMS MCE (MS-DRG classifications and software page of cms.gov);
CMS NCCI edits (PTP, MUE, add-on codes) on cms.gov;
CMS HCPCS quarterly update, https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update

>>> code = DiagnosisCode(code="S72001", billable=False, seventh_characters=frozenset("ABC"))
>>> code.needs_seventh_character
True
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, final, runtime_checkable

import attrs

from medoffice.kernel import UnitOfWork

if TYPE_CHECKING:
    from medoffice.claims._model import Claim, ServiceLine

__all__ = [
    "AddOnRule",
    "AgeGroup",
    "AuthorizationIssue",
    "ClaimAuthorizations",
    "ClaimHistory",
    "ClaimUsage",
    "ClaimsStore",
    "ClaimsUnitOfWork",
    "CodeEdits",
    "DiagnosisCode",
    "DiagnosisCodes",
    "DiagnosisEdit",
    "DiagnosisEdits",
    "EditTables",
    "ProcedureCodes",
    "ReferenceSource",
    "UnitLimit",
]


def _chars(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


@final
@attrs.frozen(kw_only=True)
class DiagnosisCode:
    """What the code set says about one ICD-10-CM code or category (code without the dot).

    ``billable`` is true for a complete (leaf) code. ``seventh_characters`` lists the seventh
    characters allowed for the code and the codes below it when the tabular requires one (empty
    when none is required). ``manifestation`` codes may not be first-listed and need their
    etiology coded first; ``external_cause`` codes (V00-Y99) may never be first-listed.
    """

    code: str
    billable: bool
    seventh_characters: frozenset[str] = attrs.field(default=frozenset(), converter=_chars)
    manifestation: bool = False
    external_cause: bool = False
    details_pending: bool = False
    """The code is new in a release derived from the official addenda: its own tabular notes
    and its MCE edits are not known yet."""

    @property
    def needs_seventh_character(self) -> bool:
        """Whether a seventh character must complete this code."""
        return bool(self.seventh_characters)


@runtime_checkable
class DiagnosisCodes(Protocol):
    """The ICD-10-CM code set, version by version."""

    def fiscal_year_on(self, on: date) -> int | None:
        """The fiscal year of the loaded version in effect on ``on``; ``None`` when none is."""
        ...

    def lookup(self, code: str, on: date) -> DiagnosisCode | None:
        """The code or category ``code`` (upper case, no dot) on ``on``; ``None`` when unknown."""
        ...

    def excludes1_conflicts(self, codes: Sequence[str], on: date) -> Sequence[tuple[str, str]]:
        """Pairs of ``codes`` that an Excludes1 note forbids together (each pair once)."""
        ...


@final
class AgeGroup(enum.StrEnum):
    """The MCE age groups a diagnosis can be limited to."""

    NEWBORN = "newborn"
    PEDIATRIC = "pediatric"
    MATERNITY = "maternity"
    ADULT = "adult"


@final
@attrs.frozen(kw_only=True)
class DiagnosisEdit:
    """The diagnosis-edit flags of one code on one date.

    ``age_group`` limits the code to one MCE age group; ``sex`` (``"F"`` or ``"M"``) to one sex;
    ``unspecified`` marks a code a more specific one should replace.
    """

    code: str
    age_group: AgeGroup | None = None
    sex: str | None = None
    unspecified: bool = False


@runtime_checkable
class DiagnosisEdits(Protocol):
    """The diagnosis-edit table (CMS MCE lists): age, sex and unspecified flags."""

    def lookup(self, code: str, on: date) -> DiagnosisEdit | None:
        """The flags of ``code`` (upper case, no dot) on ``on``; ``None`` when it has none."""
        ...

    def age_range(self, group: AgeGroup, on: date) -> tuple[int, int] | None:
        """The inclusive ages in whole years of ``group`` on ``on``; ``None`` when undefined."""
        ...


@runtime_checkable
class ProcedureCodes(Protocol):
    """HCPCS Level II codes (letter and four digits) with their validity dates."""

    def covers(self, on: date) -> bool:
        """Whether the loaded file can answer for ``on`` at all."""
        ...

    def is_valid_on(self, code: str, on: date) -> bool:
        """Whether the HCPCS Level II ``code`` is active on ``on``."""
        ...


@final
@attrs.frozen(kw_only=True)
class UnitLimit:
    """A code's medically unlikely edit (MUE) on one date.

    ``mai`` is the MUE adjudication indicator: 1 counts units line by line, 2 (policy) and 3
    (clinical) sum them over the day.
    """

    max_units: int
    mai: int


@final
@attrs.frozen(kw_only=True)
class AddOnRule:
    """What the add-on code edit says of one add-on code on one date.

    ``type`` is the CMS edit type: 1 only the listed ``primaries`` support it, 2 the contractor
    names the primaries (none listed), 3 the listed ones and any the contractor allows.
    """

    type: int
    primaries: frozenset[str] = attrs.field(default=frozenset(), converter=_chars)


@runtime_checkable
class EditTables(Protocol):
    """The NCCI edit tables and the modifier and place-of-service code sets, by date of service."""

    def ptp_indicator(self, column1: str, column2: str, on: date) -> int | None:
        """The modifier indicator (0 or 1) of the PTP edit in force for the ordered pair.

        ``None`` when no edit is in force (indicator 9 rows are never in force).
        """
        ...

    def ptp_pairs(
        self, codes: Collection[str], on: date, *, touching: Collection[str] | None = None
    ) -> Mapping[tuple[str, str], int]:
        """Every ordered pair of distinct ``codes`` with a PTP edit in force: its indicator.

        The same answers as :meth:`ptp_indicator` for each pair, found in time that grows
        linearly with the number of codes (a claim's lines of one day can be thousands). With
        ``touching`` (some of ``codes``), only the pairs with at least one code in it: the
        checker passes a claim's own codes, so the codes of earlier claims are not paired
        among themselves.
        """
        ...

    def mue(self, code: str, on: date) -> UnitLimit | None:
        """The code's MUE on ``on``; ``None`` when it has none."""
        ...

    def add_on(self, code: str, on: date) -> AddOnRule | None:
        """The add-on edit of ``code`` on ``on``; ``None`` when it is not an add-on code."""
        ...

    def modifier_known(self, modifier: str, on: date) -> bool | None:
        """Whether ``modifier`` is a CPT or HCPCS modifier on ``on``; ``None`` when unknowable."""
        ...

    def place_of_service_valid(self, code: str, on: date) -> bool:
        """Whether ``code`` is a place-of-service code in effect on ``on``."""
        ...


class CodeEdits(Protocol):
    """An optional method of :class:`EditTables`: the MUE and add-on edit of many codes at once.

    The checker calls ``code_edits`` once per date of service when the tables have it
    (``NcciEditTables`` and ``InMemoryEditTables`` do), and :meth:`EditTables.mue` and
    :meth:`EditTables.add_on` code by code when they don't: the answers must be the same.
    """

    def code_edits(
        self, codes: Iterable[str], on: date
    ) -> Sequence[tuple[UnitLimit | None, AddOnRule | None]]:
        """``(mue(code, on), add_on(code, on))`` for each of ``codes``, in their order."""
        ...


@final
@attrs.frozen(kw_only=True)
class AuthorizationIssue:
    """A missing or mismatched authorization or referral on one line of a claim.

    ``rule`` is a claim rule id of the catalogue (``AUTH-MISSING``, ``REF-EXPIRED``, ...);
    ``line`` the index of the service line; ``field`` the path under it (``""`` for the line
    itself); ``value`` the offending number, never PHI.
    """

    rule: str
    line: int
    message: str
    field: str = ""
    value: str | None = None


@runtime_checkable
class ClaimAuthorizations(Protocol):
    """Which lines of a claim lack the prior authorization or referral their payer requires.

    The answer is the one the booking got on the same facts: the bridge in
    ``adapters.bridges`` asks the authorizations domain's shared decision for each line.
    """

    def issues(self, claim: Claim) -> Sequence[AuthorizationIssue]:
        """Every issue of ``claim``, in line order (empty when nothing is required or missing)."""
        ...


@runtime_checkable
class ClaimUsage(Protocol):
    """Where a submitted claim's lines are counted against the authorizations they use."""

    def record_submitted(self, claim: Claim) -> None:
        """Count the lines of ``claim``, submitted; recording it again changes nothing."""
        ...


@runtime_checkable
class ClaimHistory(Protocol):
    """Claims already submitted, asked for one patient, rendering provider and day.

    ``patient`` is this history's :meth:`patient_key` of a claim (an opaque key, keyed with the
    history's own secret, never shown); ``provider`` is the rendering NPI (the billing NPI when
    there is no rendering provider).
    """

    def patient_key(self, claim: Claim) -> str:
        """The key this history files the claim's patient under
        (:func:`medoffice.claims.history.patient_key` with the history's secret)."""
        ...

    def lines_on(self, *, patient: str, provider: str, day: date) -> Sequence[ServiceLine]:
        """The service lines submitted earlier for that patient, provider and day."""
        ...

    def record(self, claim: Claim) -> None:
        """Remember a submitted claim."""
        ...


@runtime_checkable
class ClaimsUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the claim history."""

    @property
    def claims(self) -> ClaimHistory:
        """The claims already submitted, inside this unit."""
        ...


@runtime_checkable
class ClaimsStore(Protocol):
    """Where submitted claims are kept: it opens units of work."""

    def unit_of_work(self) -> ClaimsUnitOfWork:
        """A new unit of work, to be used as ``with store.unit_of_work() as uow:``."""
        ...


@runtime_checkable
class ReferenceSource(Protocol):
    """Every reference table at hand (a store of official releases), for ``CheckContext``."""

    @property
    def diagnoses(self) -> DiagnosisCodes:
        """ICD-10-CM, release by release."""
        ...

    @property
    def edits(self) -> DiagnosisEdits | None:
        """The MCE diagnosis edits, when installed."""
        ...

    @property
    def procedures(self) -> ProcedureCodes | None:
        """HCPCS Level II, when installed."""
        ...

    @property
    def tables(self) -> EditTables | None:
        """The NCCI tables and the modifier and place-of-service sets, when installed."""
        ...

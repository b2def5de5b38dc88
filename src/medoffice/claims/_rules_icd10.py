"""ICD-10-CM rules: each diagnosis checked against the code set of its date of service.

A diagnosis is checked on the dates of service of the lines that point at it (the claim's first
date when none does). When no loaded ICD-10-CM version covers that date, the checker says which
release is missing and the command that installs it (``DX-CODESET-UNAVAILABLE``, an error: a
claim whose diagnoses were not checked is not ready) instead of calling the code invalid.

More information: ICD-10-CM Official Guidelines for Coding and Reporting FY2026,
https://www.cms.gov/medicare/coding-billing/icd-10-codes ; CMS Definitions of Medicare Code
Edits (MCE) v43.

>>> from datetime import date
>>> from medoffice.claims import CheckContext, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> claim = sample_claim(diagnoses=("S72.001", "T36.01A", "E11.9", "E10.9"))
>>> [(f.rule.value, f.path) for f in check_claim(claim, context=context)]
[('DX-7TH-MISSING', 'diagnoses[0]'),
 ('DX-PLACEHOLDER-X', 'diagnoses[1]'),
 ('DX-EXCLUDES1', 'diagnoses[3]')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Final

from medoffice.claims._diagnoses import DxStatus, fiscal_year_of
from medoffice.claims._facts import Facts, age_on
from medoffice.claims._first_listed import GUIDELINE_YEAR, is_first_listed_only
from medoffice.claims._rule import NO_HITS, Hit, Needs, Rule
from medoffice.kernel import Severity

FIRST_APRIL_UPDATE_YEAR: Final = 2022  # the first fiscal year with an April 1 ICD-10-CM update

__all__ = ["ICD10_RULES", "SEX_EDIT_RETIRED"]

# CMS removed the sex-conflict edit from the MCE for discharges from 2024-10-01 (MCE v42).
SEX_EDIT_RETIRED: Final = date(2024, 10, 1)
_GUIDE: Final = f"ICD-10-CM Official Guidelines for Coding and Reporting {GUIDELINE_YEAR}"
_MCE: Final = "CMS Definitions of Medicare Code Edits (MCE) v43"
# Read once: an enum member read from its class costs a Python-level look-up each time.
_VALID: Final = DxStatus.OK


_Check = Callable[[Facts], Sequence[Hit]]


def _status_rule(status: DxStatus, message: str) -> _Check:
    def check(f: Facts) -> Sequence[Hit]:
        indexes = f.dx_by_status.get(status)
        if not indexes:
            return NO_HITS
        return [Hit(f"diagnoses[{j}]", message, f.dx[j]) for j in indexes]

    check.__name__ = f"dx_{status.name.lower()}"
    return check


def release_period(day: date) -> str:
    """The ICD-10-CM release that answers for ``day``: ``FY2027`` or its ``FY2027-APRIL`` update."""
    year = fiscal_year_of(day)
    april = 4 <= day.month <= 9 and year >= FIRST_APRIL_UPDATE_YEAR
    return f"FY{year}-APRIL" if april else f"FY{year}"


def codeset_unavailable(f: Facts) -> Sequence[Hit]:
    if DxStatus.UNAVAILABLE not in f.dx_by_status:
        return NO_HITS
    counts: dict[str, int] = {}
    for status, _, day in f.dx_status:
        if status is DxStatus.UNAVAILABLE and day is not None:
            period = release_period(day)
            counts[period] = counts.get(period, 0) + 1
    # Dates of service are PHI: the message names the release, never the dates.
    return [
        Hit(
            "diagnoses",
            f"no installed ICD-10-CM release covers the date of service of {count} "
            f"diagnoses, so they were not checked: install the {period} release with "
            f"`medoffice reference fetch icd10cm --period {period}` (or `medoffice reference "
            "import` the CDC files)",
            period,
        )
        for period, count in sorted(counts.items())
    ]


def edits_unknown(f: Facts) -> Sequence[Hit]:
    hits = []
    for j, (status, item, day) in enumerate(f.dx_status):
        if item is None or not item.details_pending or status is DxStatus.FORMAT:
            continue
        if (
            f.context.edits is not None
            and day is not None
            and f.context.edits.lookup(f.dx[j], day) is not None
        ):
            continue  # the MCE of that year is installed and knows the code
        hits.append(
            Hit(
                f"diagnoses[{j}]",
                "the code is new in a release derived from the official addenda: its MCE edits "
                "(age, sex, manifestation, unacceptable principal) are not known until the MCE "
                "of that year is installed, nor its own tabular notes until the full tabular "
                "list is; none was assumed",
                f.dx[j],
            )
        )
    return hits


def excludes1(f: Facts) -> Sequence[Hit]:
    # Depends only on the diagnoses and their dates: kept with the shared analysis.
    valid = f.dx_by_status.get(_VALID, ())
    if len(valid) < 2:
        return NO_HITS  # no two valid codes: no conflict
    memo = f.analysis.memo
    known = memo.get("DX-EXCLUDES1")
    if known is None:
        known = memo["DX-EXCLUDES1"] = tuple(_excludes1(f, valid))
    return known


def _excludes1(f: Facts, valid: Sequence[int]) -> Sequence[Hit]:
    status, dx = f.dx_status, f.dx
    single_day = f.analysis.single_day
    groups: Sequence[tuple[date, Sequence[int]]]
    if single_day is not None:
        groups = ((single_day, valid),)  # one date of service (most claims)
    else:
        by_day: dict[date, list[int]] = {}
        for j in valid:
            day = status[j][2]
            if day is not None:
                by_day.setdefault(day, []).append(j)
        groups = sorted(by_day.items())
    hits: list[Hit] = []
    for day, indexes in groups:
        if len(indexes) < 2:
            continue
        # Every diagnosis valid (most claims): the codes are the claim's own, in order.
        codes = dx if len(indexes) == len(dx) else tuple([dx[j] for j in indexes])
        conflicts = f.context.codes.excludes1_conflicts(codes, day)
        if not conflicts:
            continue
        position = {dx[j]: j for j in reversed(indexes)}
        for first, second in conflicts:
            later = max(position.get(first, -1), position.get(second, -1))
            if later >= 0:
                hits.append(
                    Hit(
                        f"diagnoses[{later}]",
                        "an Excludes1 note forbids reporting these two codes together",
                        f"{first}/{second}",
                    )
                )
    return hits


def manifestation_first(f: Facts) -> Sequence[Hit]:
    if f.manifestations and f.manifestations[0] == 0:
        return [Hit("diagnoses[0]", "a manifestation code may not be listed first", f.dx[0])]
    return NO_HITS


def manifestation_no_etiology(f: Facts) -> Sequence[Hit]:
    found = f.manifestations
    if not found:
        return NO_HITS
    for j, (status, item, _) in enumerate(f.dx_status):
        if j in found or status is DxStatus.FORMAT:
            continue
        external = item.external_cause if item is not None else f.dx[j][:1] in "VWXY"
        if not external:
            return NO_HITS
    return [
        Hit(f"diagnoses[{j}]", "a manifestation code needs its underlying condition", f.dx[j])
        for j in found
    ]


def external_cause_first(f: Facts) -> Sequence[Hit]:
    if not f.dx:
        return NO_HITS
    status, item, _ = f.dx_status[0]
    if status is DxStatus.FORMAT:
        return NO_HITS
    external = item.external_cause if item is not None else f.dx[0][:1] in "VWXY"
    if external:
        return [Hit("diagnoses[0]", "an external-cause code may never be listed first", f.dx[0])]
    return NO_HITS


def first_listed_only(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for j, code in enumerate(f.dx):
        if j > 0 and code[:1] == "Z" and is_first_listed_only(code):
            hits.append(
                Hit(f"diagnoses[{j}]", "this Z code may only be the first-listed diagnosis", code)
            )
    return hits


def age_conflict(f: Facts) -> Sequence[Hit]:
    edits = f.context.edits
    birth = f.claim.patient.date_of_birth
    if edits is None or not isinstance(birth, date):
        return NO_HITS
    hits: list[Hit] = []
    for j, day, edit in f.dx_edits:
        if edit.age_group is None or day < birth:
            continue
        ages = edits.age_range(edit.age_group, day)
        if ages is not None and not ages[0] <= age_on(birth, day) <= ages[1]:
            hits.append(
                Hit(
                    f"diagnoses[{j}]",
                    f"the code is for {edit.age_group.value} patients (ages {ages[0]}-{ages[1]})",
                    f.dx[j],
                )
            )
    return hits


def sex_conflict(f: Facts) -> Sequence[Hit]:
    sex = f.claim.patient.sex
    if sex not in {"F", "M"}:
        return NO_HITS
    forced = f.explicitly_enabled("DX-SEX-CONFLICT")
    return [
        Hit(f"diagnoses[{j}]", f"the code is for sex {edit.sex} patients only", f.dx[j])
        for j, day, edit in f.dx_edits
        if edit.sex is not None and edit.sex != sex and (forced or day < SEX_EDIT_RETIRED)
    ]


def unspecified(f: Facts) -> Sequence[Hit]:
    return [
        Hit(f"diagnoses[{j}]", "a more specific code may be available", f.dx[j])
        for j, _, edit in f.dx_edits
        if edit.unspecified
    ]


def _rule(
    rule_id: str,
    severity: Severity,
    summary: str,
    authority: str,
    check: _Check,
    *,
    needs: Needs = Needs.NOTHING,
) -> Rule:
    return Rule(
        id=rule_id,
        severity=severity,
        summary=summary,
        authority=authority,
        check=check,
        needs=needs,
    )


ICD10_RULES: Final[tuple[Rule, ...]] = (
    _rule(
        "DX-FORMAT",
        Severity.ERROR,
        "A diagnosis is not shaped like an ICD-10-CM code.",
        f"{_GUIDE}, section I.A (code structure); X12 837P TR3, HI01-2",
        _status_rule(DxStatus.FORMAT, "the diagnosis is not shaped like an ICD-10-CM code"),
    ),
    _rule(
        "DX-CODESET-UNAVAILABLE",
        Severity.ERROR,
        "No installed ICD-10-CM release covers a date of service; names the command that "
        "installs it.",
        "45 CFR 162.1002 (the code set in effect on the date of service); CDC ICD-10-CM files",
        codeset_unavailable,
    ),
    _rule(
        "DX-INVALID-ON-DOS",
        Severity.ERROR,
        "A diagnosis is not an ICD-10-CM code on its date of service.",
        "45 CFR 162.1002 (the code set in effect on the date of service); CDC ICD-10-CM files",
        _status_rule(
            DxStatus.INVALID, "the code is not in the ICD-10-CM code set on its date of service"
        ),
    ),
    _rule(
        "DX-NOT-BILLABLE",
        Severity.ERROR,
        "A diagnosis is a category with codes below it, not a complete code.",
        f"{_GUIDE}, section I.B.2 (level of detail in coding)",
        _status_rule(DxStatus.NOT_BILLABLE, "the code is a category, not a complete code"),
    ),
    _rule(
        "DX-7TH-MISSING",
        Severity.ERROR,
        "A diagnosis lacks the seventh character its category requires.",
        f"{_GUIDE}, section I.A.5 (7th characters)",
        _status_rule(DxStatus.SEVENTH_MISSING, "the code needs a seventh character"),
    ),
    _rule(
        "DX-7TH-INVALID",
        Severity.ERROR,
        "A diagnosis has a seventh character its category does not allow.",
        f"{_GUIDE}, section I.A.5 (7th characters)",
        _status_rule(DxStatus.SEVENTH_INVALID, "the seventh character is not allowed here"),
    ),
    _rule(
        "DX-PLACEHOLDER-X",
        Severity.ERROR,
        "A diagnosis leaves out the placeholder X before its seventh character.",
        f"{_GUIDE}, section I.A.4 (placeholder character)",
        _status_rule(DxStatus.PLACEHOLDER, "the code lacks its placeholder X"),
    ),
    _rule(
        "DX-EXCLUDES1",
        Severity.WARNING,
        "Two diagnoses are reported together although an Excludes1 note forbids it.",
        f"{_GUIDE}, section I.A.12.a (Excludes1)",
        excludes1,
    ),
    _rule(
        "DX-MANIFESTATION-FIRST",
        Severity.ERROR,
        "A manifestation code is listed first.",
        f"{_GUIDE}, section I.A.13 (etiology/manifestation convention)",
        manifestation_first,
    ),
    _rule(
        "DX-MANIFESTATION-NO-ETIOLOGY",
        Severity.ERROR,
        "A manifestation code is reported without any underlying condition.",
        f"{_GUIDE}, section I.A.13 (etiology/manifestation convention)",
        manifestation_no_etiology,
    ),
    _rule(
        "DX-EXTERNAL-CAUSE-FIRST",
        Severity.ERROR,
        "An external-cause code (V00-Y99) is listed first.",
        f"{_GUIDE}, section I.C.20 (external cause codes are never first-listed)",
        external_cause_first,
    ),
    _rule(
        "DX-FIRST-LISTED-ONLY",
        Severity.ERROR,
        "A Z code that may only be first-listed appears in another position.",
        f"{_GUIDE}, section I.C.21.c.16",
        first_listed_only,
    ),
    _rule(
        "DX-AGE-CONFLICT",
        Severity.ERROR,
        "A diagnosis is for another age group (newborn, pediatric, maternity, adult).",
        f"{_MCE}: age conflict edit",
        age_conflict,
        needs=Needs.DIAGNOSIS_EDITS,
    ),
    _rule(
        "DX-SEX-CONFLICT",
        Severity.ERROR,
        "A diagnosis is for the other sex (dates before 2024-10-01 unless a profile enables it).",
        f"{_MCE}: sex conflict edit (removed by CMS from 2024-10-01)",
        sex_conflict,
        needs=Needs.DIAGNOSIS_EDITS,
    ),
    _rule(
        "DX-EDITS-UNKNOWN",
        Severity.INFO,
        "A diagnosis is new in a release derived from the addenda: its MCE edits and own "
        "tabular notes are unknown, and none is assumed.",
        "CMS ICD-10-CM order addenda; CMS Definitions of Medicare Code Edits (MCE)",
        edits_unknown,
    ),
    _rule(
        "DX-UNSPECIFIED",
        Severity.INFO,
        "A diagnosis is an unspecified code.",
        f"{_MCE}: unspecified code edit; {_GUIDE}, section I.B.18",
        unspecified,
        needs=Needs.DIAGNOSIS_EDITS,
    ),
)

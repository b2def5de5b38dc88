"""Identifier and date rules: providers, patient, subscriber, dates of service, timely filing.

Values that are PHI (the patient's date of birth, the member id) are never put in a hit: the
finding points at the field by path only.

More information: 45 CFR 162.406 (NPI); CMS "Understanding the MBI"; 42 CFR 424.44 (Medicare
timely filing: one calendar year after the date of service); ASC X12 005010X222A1 (837P) TR3.

>>> from datetime import date
>>> import attrs
>>> from medoffice.claims import CheckContext, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2027, 6, 1), diagnoses=InMemoryDiagnosisCodes.sample())
>>> claim = sample_claim()
>>> claim = attrs.evolve(claim, subscriber=attrs.evolve(claim.subscriber, member_id="123"))
>>> found = check_claim(claim, context=context)
>>> [(f.rule.value, f.path, f.value) for f in found.filter(path_prefix="subscriber")]
[('PAT-MBI-INVALID', 'subscriber.member_id', None)]
>>> found.count_by_rule()["ADM-TIMELY-FILING"]
3
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from dateutil.relativedelta import relativedelta

from medoffice.claims._facts import Facts
from medoffice.claims._model import PayerType, Provider
from medoffice.claims._rule import NO_HITS, Hit, Rule
from medoffice.identifiers import ein, mbi, npi
from medoffice.kernel import Severity

__all__ = ["PARTY_RULES"]

_SEXES: Final = frozenset({"F", "M", "U"})
_SSN: Final = re.compile(r"(?!000|666|9\d\d)\d{3}-?(?!00)\d{2}-?(?!0000)\d{4}")
_OLDEST: Final = 130
# Read once: an enum member read from its class costs a Python-level look-up each time.
_MEDICARE: Final = PayerType.MEDICARE
_TR3: Final = "ASC X12 005010X222A1 (837P) TR3"


@functools.lru_cache(maxsize=4096)
def _npi_ok(value: object) -> bool:
    return npi.is_valid(value)


@functools.lru_cache(maxsize=4096)
def _tin_ok(value: object) -> bool:
    return ein.is_valid(value) or (isinstance(value, str) and bool(_SSN.fullmatch(value)))


@functools.lru_cache(maxsize=4096)
def _year_after(day: date) -> date:
    return day + relativedelta(years=1)


def _roles(f: Facts) -> tuple[tuple[str, Provider | None], ...]:
    claim = f.claim
    return (
        ("billing", claim.billing),
        ("rendering", claim.rendering),
        ("referring", claim.referring),
    )


def npi_invalid(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for role, provider in _roles(f):
        if provider is not None and provider.npi and not _npi_ok(provider.npi):
            hits.append(Hit(f"{role}.npi", f"the {role} provider's NPI is not valid", provider.npi))
    return hits


def npi_missing(f: Facts) -> Sequence[Hit]:
    return [
        Hit(f"{role}.npi", f"the {role} provider named on the claim has no NPI")
        for role, provider in _roles(f)
        if provider is not None and not provider.npi
    ]


def tin_invalid(f: Facts) -> Sequence[Hit]:
    tin = f.claim.billing.tin
    if tin is not None and _tin_ok(tin):
        return NO_HITS
    return [Hit("billing.tin", "the billing provider's tax id is missing or not valid", tin)]


def dob_invalid(f: Facts) -> Sequence[Hit]:
    birth = f.claim.patient.date_of_birth
    if (
        isinstance(birth, date)
        and birth <= f.context.on
        and f.context.on.year - birth.year <= _OLDEST
    ):
        return NO_HITS
    return [Hit("patient.date_of_birth", "the date of birth is missing or impossible")]


def sex_invalid(f: Facts) -> Sequence[Hit]:
    sex = f.claim.patient.sex
    if sex in _SEXES:
        return NO_HITS
    return [Hit("patient.sex", "the patient's sex is not F, M or U", str(sex))]


def mbi_invalid(f: Facts) -> Sequence[Hit]:
    if f.claim.payer.type is not _MEDICARE or mbi.is_valid(f.claim.subscriber.member_id):
        return NO_HITS
    return [Hit("subscriber.member_id", "a Medicare claim needs a valid MBI as the member id")]


def _dates(f: Facts) -> list[tuple[str, date]]:
    found: list[tuple[str, date]] = []
    for i, line in enumerate(f.claim.lines):
        found.append((f"lines[{i}].service_from", line.service_from))
        if line.service_to is not None:
            found.append((f"lines[{i}].service_to", line.service_to))
    return found


def date_future(f: Facts) -> Sequence[Hit]:
    on = f.context.on
    if f.last_day is None or f.last_day <= on:
        return NO_HITS
    return [
        Hit(path, "the date of service is after the submission date", day.isoformat())
        for path, day in _dates(f)
        if day > on
    ]


def date_before_birth(f: Facts) -> Sequence[Hit]:
    birth = f.claim.patient.date_of_birth
    if not isinstance(birth, date) or (f.first_service is not None and f.first_service >= birth):
        return NO_HITS
    return [
        Hit(path, "the date of service is before the patient's birth", day.isoformat())
        for path, day in _dates(f)
        if day < birth
    ]


def range_inverted(f: Facts) -> Sequence[Hit]:
    return [
        Hit(
            f"lines[{i}].service_to",
            "the service ends before it starts",
            line.service_to.isoformat(),
        )
        for i, line in enumerate(f.claim.lines)
        if line.service_to is not None and line.service_to < line.service_from
    ]


def timely_filing(f: Facts) -> Sequence[Hit]:
    days = f.context.filing_days
    if days is not None:
        span = timedelta(days=days)
        described = f"{days} days"

        def deadline(day: date) -> date:
            return day + span

    elif f.claim.payer.type is _MEDICARE:
        described = "one calendar year"
        deadline = _year_after
    else:
        return NO_HITS
    if f.first_service is None or f.context.on <= deadline(f.first_service):
        return NO_HITS
    return [
        Hit(
            f"lines[{i}].service_from",
            f"the filing limit ({described} after the date of service) has passed",
            line.service_from.isoformat(),
        )
        for i, line in enumerate(f.claim.lines)
        if f.context.on > deadline(line.service_from)
    ]


PARTY_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="PRV-NPI-INVALID",
        severity=Severity.ERROR,
        summary="A billing, rendering or referring provider's NPI fails its format or check digit.",
        authority="45 CFR 162.406; CMS NPI check digit (Luhn with prefix 80840)",
        check=npi_invalid,
    ),
    Rule(
        id="PRV-NPI-MISSING",
        severity=Severity.ERROR,
        summary="The billing provider, or a rendering or referring provider named on the "
        "claim, has no NPI.",
        authority=f"45 CFR 162.410 (covered providers use their NPI); {_TR3}, NM108/NM109",
        check=npi_missing,
    ),
    Rule(
        id="PRV-TIN-INVALID",
        severity=Severity.ERROR,
        summary="The billing provider's tax id (EIN or SSN) is missing or not valid.",
        authority=f"{_TR3}, loop 2010AA REF*EI/SY; CMS-1500 item 25",
        check=tin_invalid,
    ),
    Rule(
        id="PAT-DOB-INVALID",
        severity=Severity.ERROR,
        summary="The patient's date of birth is missing, in the future or impossible.",
        authority=f"{_TR3}, DMG02; CMS-1500 item 3",
        check=dob_invalid,
    ),
    Rule(
        id="PAT-SEX-INVALID",
        severity=Severity.ERROR,
        summary="The patient's sex is not F, M or U.",
        authority=f"{_TR3}, DMG03; CMS-1500 item 3",
        check=sex_invalid,
    ),
    Rule(
        id="PAT-MBI-INVALID",
        severity=Severity.ERROR,
        summary="A Medicare claim's member id is not a valid MBI.",
        authority="CMS, Understanding the Medicare Beneficiary Identifier (MBI) format",
        check=mbi_invalid,
    ),
    Rule(
        id="DT-FUTURE",
        severity=Severity.ERROR,
        summary="A date of service is after the submission date.",
        authority=f"{_TR3}, DTP*472 (services are billed after they are rendered)",
        check=date_future,
    ),
    Rule(
        id="DT-BEFORE-BIRTH",
        severity=Severity.ERROR,
        summary="A date of service is before the patient's birth.",
        authority=f"{_TR3}, DTP*472 and DMG02",
        check=date_before_birth,
    ),
    Rule(
        id="DT-RANGE-INVERTED",
        severity=Severity.ERROR,
        summary="A line's service end date is before its start date.",
        authority=f"{_TR3}, DTP*472 (RD8 range); CMS-1500 item 24A",
        check=range_inverted,
    ),
    Rule(
        id="ADM-TIMELY-FILING",
        severity=Severity.ERROR,
        summary="The filing limit has passed (profile days; Medicare one calendar year).",
        authority="42 CFR 424.44; CMS Medicare Claims Processing Manual ch. 1 §70",
        check=timely_filing,
    ),
)

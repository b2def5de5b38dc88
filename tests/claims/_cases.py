"""For every rule: a claim that triggers it (at the expected path) and a near miss that does not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from medoffice.adapters.memory import (
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryEditTables,
    InMemoryProcedureCodes,
)
from medoffice.claims import (
    CheckContext,
    Claim,
    Patient,
    Payer,
    PayerType,
    Profile,
    Provider,
    RuleSetting,
    ServiceLine,
)
from medoffice.claims.ports import DiagnosisCode, DiagnosisCodes
from medoffice.kernel import Money
from medoffice.testing import sample_claim, sample_claim_authorizations

ON = date(2026, 3, 20)
DOS = date(2026, 3, 2)
CODES = InMemoryDiagnosisCodes.sample()
EDITS = InMemoryDiagnosisEdits.sample()
PROCEDURES = InMemoryProcedureCodes.sample()
TABLES = InMemoryEditTables.sample()
AUTHORIZATIONS = sample_claim_authorizations()


def context(
    *,
    on: date = ON,
    profile: Profile | None = None,
    diagnoses: DiagnosisCodes | None = None,
    bare: bool = False,
) -> CheckContext:
    """The sample reference data (codes, edits, HCPCS, NCCI tables) on ``on``.

    ``diagnoses`` replaces the sample ICD-10-CM; ``bare`` leaves out the optional tables.
    """
    return CheckContext(
        on=on,
        diagnoses=diagnoses or CODES,
        edits=None if bare else EDITS,
        procedures=None if bare else PROCEDURES,
        tables=None if bare else TABLES,
        authorizations=None if bare else AUTHORIZATIONS,
        profile=profile or Profile(),
    )


NEW_CODES = InMemoryDiagnosisCodes.of(
    [
        DiagnosisCode(code="M043", billable=True, details_pending=True),
        DiagnosisCode(code="E1165", billable=True),
        DiagnosisCode(code="I10", billable=True),
        DiagnosisCode(code="E785", billable=True),
        DiagnosisCode(code="Z794", billable=True),
    ]
)
"""A release derived from the addenda: M04.3 is new, its MCE edits not known yet."""


def line(
    procedure: str = "99213", pointers: tuple[int, ...] = (1,), amount: str = "100.00", **kw: Any
) -> ServiceLine:
    """A service line on the sample date of service."""
    fields: dict[str, Any] = {
        "service_from": DOS,
        "procedure": procedure,
        "pointers": pointers,
        "charge": Money.of(amount, "USD"),
    }
    fields.update(kw)
    return ServiceLine(**fields)


def claim(**overrides: Any) -> Claim:
    """The clean sample claim, without its total so that line edits stay consistent."""
    overrides.setdefault("total_charge", None)
    return sample_claim(**overrides)


def with_line(index: int, **changes: Any) -> Claim:
    """The sample claim with one line changed."""
    lines = list(sample_claim().lines)
    lines[index] = attrs.evolve(lines[index], **changes)
    return claim(lines=tuple(lines))


def with_dx(*codes: str) -> Claim:
    """The sample claim with these diagnoses, one line pointing at each (at most four a line)."""
    pointers = tuple(range(1, len(codes) + 1))
    lines = [
        line(f"9921{n % 5}", pointers[n * 4 : n * 4 + 4]) for n in range((len(codes) + 3) // 4)
    ]
    return claim(diagnoses=codes, lines=tuple(lines) or (line(pointers=()),))


def aged(years: int) -> Patient:
    """A synthetic female patient ``years`` old on the sample date of service."""
    return Patient(name="Synthetic Person", date_of_birth=date(2026 - years, 1, 15), sex="F")


def profile_enabling(rule: str) -> Profile:
    """A profile that turns ``rule`` on by name."""
    return Profile(name="on", rules={rule: RuleSetting(enabled=True)})


@dataclass(frozen=True)
class Case:
    """A rule, the path it reports, and a triggering claim with its near miss."""

    rule: str
    path: str
    trigger: Callable[[], Claim]
    near_miss: Callable[[], Claim]
    on: date = ON
    profile: Profile | None = None
    near_on: date | None = None
    near_profile: Profile | None = field(default=None)
    diagnoses: DiagnosisCodes | None = None
    """Other ICD-10-CM data for the trigger (the near miss keeps the sample)."""
    bare: bool = False
    """Check the trigger without the optional tables (MCE, HCPCS, NCCI)."""


MEDICARE = Payer(payer_id="00952", type=PayerType.MEDICARE)
COMMERCIAL = Payer(payer_id="60054", type=PayerType.COMMERCIAL)
FALL_2024 = date(2024, 9, 16)
HMO = Payer(payer_id="HMO01", type=PayerType.COMMERCIAL)
APRIL = date(2026, 4, 2)


def therapy(patient: str = "PCN-0001", number: str | None = "A-1", **kw: Any) -> Claim:
    """A 97110 visit of a sample Medicare patient (see medoffice.testing's samples)."""
    return claim(
        patient_control_number=patient,
        prior_authorization=number,
        lines=(line("97110", **kw),),
    )


def specialist(patient: str = "PCN-0006", number: str | None = "R-6", **kw: Any) -> Claim:
    """A visit with the sample specialist of a sample HMO patient."""
    return claim(
        patient_control_number=patient,
        payer=HMO,
        referral_number=number,
        lines=(line("99214", **kw),),
    )


CASES: tuple[Case, ...] = (
    # structure
    Case("CLM-NO-LINES", "lines", lambda: claim(lines=()), claim),
    Case(
        "CLM-TOO-MANY-LINES",
        "lines",
        lambda: claim(lines=tuple(line(f"{99000 + n}") for n in range(51))),
        lambda: claim(lines=tuple(line(f"{99000 + n}") for n in range(50))),
    ),
    Case(
        "CLM-TOTAL-MISMATCH",
        "total_charge",
        lambda: sample_claim(total_charge=Money.of("250.00", "USD")),
        sample_claim,
    ),
    Case("CLM-FREQ-INVALID", "frequency", lambda: claim(frequency="5"), claim),
    Case(
        "CLM-FREQ-INVALID",
        "original_reference",
        lambda: claim(frequency="7"),
        lambda: claim(frequency="7", original_reference="2026061000123"),
    ),
    Case(
        "CHG-NOT-POSITIVE",
        "lines[1].charge",
        lambda: with_line(1, charge=Money.of("0.00", "USD")),
        lambda: with_line(1, charge=Money.of("0.01", "USD")),
    ),
    Case(
        "UNIT-NOT-POSITIVE",
        "lines[2].units",
        lambda: with_line(2, units=Decimal(0)),
        lambda: with_line(2, units=Decimal("0.5")),
    ),
    Case(
        "LINE-DUPLICATE",
        "lines[3]",
        lambda: claim(lines=(*sample_claim().lines, sample_claim().lines[1])),
        lambda: claim(
            lines=(*sample_claim().lines, attrs.evolve(sample_claim().lines[1], modifiers=("91",)))
        ),
    ),
    Case(
        "MOD-TOO-MANY",
        "lines[0].modifiers",
        lambda: with_line(0, modifiers=("25", "59", "GT", "95", "XU")),
        lambda: with_line(0, modifiers=("25", "59", "GT", "95")),
    ),
    Case(
        "MOD-FORMAT",
        "lines[0].modifiers[0]",
        lambda: with_line(0, modifiers=("2",)),
        lambda: with_line(0, modifiers=("25",)),
    ),
    Case(
        "POS-FORMAT",
        "lines[0].place_of_service",
        lambda: with_line(0, place_of_service="1"),
        lambda: with_line(0, place_of_service="02"),
    ),
    # diagnoses and pointers
    Case("DX-NONE", "diagnoses", with_dx, lambda: with_dx("I10")),
    Case(
        "DX-TOO-MANY",
        "diagnoses",
        lambda: claim(diagnoses=("I10",) * 13),
        lambda: claim(diagnoses=("I10",) * 12),
    ),
    Case(
        "DX-DUPLICATE",
        "diagnoses[2]",
        lambda: with_dx("E11.65", "I10", "E11.65", "Z79.4"),
        lambda: with_dx("E11.65", "I10", "E78.5", "Z79.4"),
    ),
    Case("PTR-MISSING", "lines[0].pointers", lambda: with_line(0, pointers=()), claim),
    Case(
        "PTR-TOO-MANY",
        "lines[0].pointers",
        lambda: claim(
            diagnoses=("E11.65", "I10", "E78.5", "Z79.4", "J06.9"),
            lines=(line(pointers=(1, 2, 3, 4, 5)),),
        ),
        lambda: claim(
            diagnoses=("E11.65", "I10", "E78.5", "Z79.4", "J06.9"),
            lines=(line(pointers=(1, 2, 3, 4)), line("99000", (5,))),
        ),
    ),
    Case(
        "PTR-OUT-OF-RANGE",
        "lines[1].pointers[0]",
        lambda: with_line(1, pointers=(5,)),
        lambda: with_line(1, pointers=(4,)),
    ),
    Case(
        "PTR-REPEATED",
        "lines[1].pointers[1]",
        lambda: with_line(1, pointers=(1, 1)),
        lambda: with_line(1, pointers=(1, 2)),
    ),
    Case(
        "DX-UNREFERENCED",
        "diagnoses[4]",
        lambda: claim(diagnoses=("E11.65", "I10", "E78.5", "Z79.4", "J06.9")),
        lambda: with_dx("E11.65", "I10", "E78.5", "Z79.4", "J06.9"),
    ),
    # ICD-10-CM on the date of service
    Case(
        "DX-EDITS-UNKNOWN",
        "diagnoses[1]",
        lambda: with_dx("E11.65", "M04.3"),
        lambda: with_dx("E11.65", "I10"),
        diagnoses=NEW_CODES,
    ),
    # reference data
    Case(
        "CHK-NOT-RUN",
        "",
        claim,
        claim,
        bare=True,
        profile=profile_enabling("CHK-NOT-RUN"),
        near_profile=profile_enabling("CHK-NOT-RUN"),
    ),
    Case(
        "DX-FORMAT",
        "diagnoses[1]",
        lambda: with_dx("E11.65", "I-10"),
        lambda: with_dx("E11.65", " i10 "),
    ),
    Case(
        "DX-CODESET-UNAVAILABLE",
        "diagnoses",
        lambda: claim(lines=(line(service_from=date(2026, 10, 5), pointers=(1, 2, 3, 4)),)),
        lambda: claim(lines=(line(service_from=date(2026, 9, 30), pointers=(1, 2, 3, 4)),)),
        on=date(2026, 10, 20),
    ),
    Case(
        "DX-INVALID-ON-DOS",
        "diagnoses[1]",
        lambda: with_dx("E11.65", "E78.99"),
        lambda: with_dx("E11.65", "E78.5"),
    ),
    Case("DX-NOT-BILLABLE", "diagnoses[0]", lambda: with_dx("M54.5"), lambda: with_dx("M54.50")),
    Case("DX-7TH-MISSING", "diagnoses[0]", lambda: with_dx("S72.001"), lambda: with_dx("S72.001A")),
    Case(
        "DX-7TH-INVALID", "diagnoses[0]", lambda: with_dx("S72.001Z"), lambda: with_dx("S72.001D")
    ),
    Case(
        "DX-PLACEHOLDER-X", "diagnoses[0]", lambda: with_dx("T36.01A"), lambda: with_dx("T36.0X1A")
    ),
    Case(
        "DX-EXCLUDES1",
        "diagnoses[1]",
        lambda: with_dx("E11.9", "E10.9"),
        lambda: with_dx("E11.9", "I10"),
    ),
    Case(
        "DX-MANIFESTATION-FIRST",
        "diagnoses[0]",
        lambda: with_dx("F02.80", "G30.9"),
        lambda: with_dx("G30.9", "F02.80"),
    ),
    Case(
        "DX-MANIFESTATION-NO-ETIOLOGY",
        "diagnoses[1]",
        lambda: with_dx("W19.XXXA", "F02.80"),
        lambda: with_dx("G30.9", "F02.80"),
    ),
    Case(
        "DX-EXTERNAL-CAUSE-FIRST",
        "diagnoses[0]",
        lambda: with_dx("W19.XXXA", "S72.001A"),
        lambda: with_dx("S72.001A", "W19.XXXA"),
    ),
    Case(
        "DX-FIRST-LISTED-ONLY",
        "diagnoses[1]",
        lambda: with_dx("E11.65", "Z00.00"),
        lambda: with_dx("Z00.00", "E11.65"),
    ),
    Case(
        "DX-AGE-CONFLICT",
        "diagnoses[0]",
        lambda: attrs.evolve(with_dx("Z00.129"), patient=aged(67)),
        lambda: attrs.evolve(with_dx("Z00.129"), patient=aged(10)),
    ),
    Case(
        "DX-SEX-CONFLICT",
        "diagnoses[0]",
        lambda: claim(diagnoses=("N40.0",), lines=(line(service_from=FALL_2024),)),
        lambda: claim(diagnoses=("N95.1",), lines=(line(service_from=FALL_2024),)),
        on=date(2024, 10, 1),
    ),
    Case(
        "DX-SEX-CONFLICT",
        "diagnoses[0]",
        lambda: with_dx("N40.0"),
        lambda: with_dx("N40.0"),
        profile=profile_enabling("DX-SEX-CONFLICT"),
        near_profile=Profile(),
    ),
    Case("DX-UNSPECIFIED", "diagnoses[0]", lambda: with_dx("J06.9"), lambda: with_dx("I10")),
    # identifiers and dates
    Case(
        "PRV-NPI-INVALID",
        "rendering.npi",
        lambda: claim(rendering=Provider(npi="1245319590")),
        lambda: claim(rendering=Provider(npi="1245319599")),
    ),
    Case(
        "PRV-NPI-INVALID",
        "referring.npi",
        lambda: claim(referring=Provider(npi="12345")),
        lambda: claim(referring=None),
    ),
    Case(
        "PRV-NPI-MISSING",
        "referring.npi",
        lambda: claim(referring=Provider(npi="")),
        lambda: claim(referring=Provider(npi="1245319599")),
    ),
    Case(
        "PRV-TIN-INVALID",
        "billing.tin",
        lambda: claim(billing=Provider(npi="1234567893", tin="07-3456789")),
        lambda: claim(billing=Provider(npi="1234567893", tin="123-45-6789")),
    ),
    Case(
        "PAT-DOB-INVALID",
        "patient.date_of_birth",
        lambda: claim(patient=Patient(sex="F")),
        lambda: claim(patient=aged(40)),
    ),
    Case(
        "PAT-DOB-INVALID",
        "patient.date_of_birth",
        lambda: claim(patient=Patient(sex="F", date_of_birth=date(2026, 4, 1))),
        lambda: claim(patient=Patient(sex="F", date_of_birth=date(2026, 3, 1))),
    ),
    Case(
        "PAT-SEX-INVALID",
        "patient.sex",
        lambda: claim(patient=Patient(sex="X", date_of_birth=date(1970, 1, 1))),
        lambda: claim(patient=Patient(sex="U", date_of_birth=date(1970, 1, 1))),
    ),
    Case(
        "PAT-MBI-INVALID",
        "subscriber.member_id",
        lambda: claim(subscriber=attrs.evolve(sample_claim().subscriber, member_id="123456789A")),
        lambda: claim(
            payer=COMMERCIAL,
            subscriber=attrs.evolve(sample_claim().subscriber, member_id="123456789A"),
        ),
    ),
    Case(
        "DT-FUTURE",
        "lines[0].service_from",
        lambda: with_line(0, service_from=date(2026, 3, 25)),
        lambda: with_line(0, service_from=date(2026, 3, 20)),
    ),
    Case(
        "DT-BEFORE-BIRTH",
        "lines[0].service_from",
        lambda: claim(patient=Patient(sex="F", date_of_birth=date(2026, 3, 5))),
        lambda: claim(patient=Patient(sex="F", date_of_birth=date(2026, 3, 2))),
    ),
    Case(
        "DT-RANGE-INVERTED",
        "lines[0].service_to",
        lambda: with_line(0, service_to=date(2026, 3, 1)),
        lambda: with_line(0, service_to=date(2026, 3, 2)),
    ),
    Case(
        "ADM-TIMELY-FILING",
        "lines[0].service_from",
        claim,
        claim,
        on=date(2027, 3, 3),
        near_on=date(2027, 3, 2),
    ),
    Case(
        "ADM-TIMELY-FILING",
        "lines[0].service_from",
        lambda: claim(payer=COMMERCIAL),
        lambda: claim(payer=COMMERCIAL),
        on=date(2026, 6, 1),
        profile=Profile(payers={"60054": {"ADM-TIMELY-FILING": RuleSetting(params={"days": 90})}}),
        near_profile=Profile(),
    ),
    # procedures
    Case(
        "PX-FORMAT",
        "lines[0].procedure",
        lambda: with_line(0, procedure="9921"),
        lambda: with_line(0, procedure="0001U"),
    ),
    Case(
        "PX-INVALID-ON-DOS",
        "lines[2].procedure",
        lambda: with_line(2, procedure="A4397"),
        lambda: with_line(2, procedure="J1100"),
    ),
    # modifiers and place of service
    Case(
        "MOD-UNKNOWN",
        "lines[1].modifiers[0]",
        lambda: with_line(1, modifiers=("Q9",)),
        lambda: with_line(1, modifiers=("GT",)),
    ),
    Case(
        "MOD-DUPLICATE",
        "lines[1].modifiers[1]",
        lambda: with_line(1, modifiers=("91", "91")),
        lambda: with_line(1, modifiers=("91", "59")),
    ),
    Case(
        "MOD-59-WITH-X",
        "lines[1].modifiers[0]",
        lambda: with_line(1, modifiers=("59", "XU")),
        lambda: with_line(1, modifiers=("XU",)),
    ),
    Case(
        "MOD-59-WITH-X",
        "lines[0].modifiers[0]",
        lambda: with_line(0, modifiers=("XS",)),
        lambda: with_line(0, modifiers=("25",)),
    ),
    Case(
        "MOD-CONFLICT",
        "lines[1].modifiers[1]",
        lambda: with_line(1, modifiers=("26", "TC")),
        lambda: with_line(1, modifiers=("26",)),
    ),
    Case(
        "MOD-CONFLICT",
        "lines[1].modifiers[1]",
        lambda: with_line(1, modifiers=("LT", "RT")),
        lambda: with_line(1, modifiers=("LT", "76")),
    ),
    Case(
        "MOD-CONFLICT",
        "lines[1].modifiers[1]",
        lambda: with_line(1, modifiers=("50", "RT")),
        lambda: with_line(1, modifiers=("50",)),
    ),
    Case(
        "POS-INVALID",
        "lines[0].place_of_service",
        lambda: with_line(0, place_of_service="00"),
        lambda: with_line(0, place_of_service="11"),
    ),
    Case(
        "POS-INVALID",
        "lines[0].place_of_service",
        lambda: with_line(0, place_of_service="10", service_from=date(2021, 12, 31)),
        lambda: with_line(0, place_of_service="10", service_from=date(2022, 1, 3)),
    ),
    # NCCI: PTP pairs, MUE, add-on codes
    Case(
        "NCCI-PTP-0",
        "lines[1].procedure",
        lambda: with_line(1, procedure="36415", modifiers=("59",)),
        lambda: with_line(1, procedure="36415", service_from=date(2026, 3, 3)),
    ),
    Case(
        "NCCI-PTP-1",
        "lines[1].procedure",
        lambda: claim(lines=(line("29881"), line("29877"))),
        lambda: claim(lines=(line("29881"), line("29877", modifiers=("XS",)))),
    ),
    Case(
        "NCCI-PTP-1-BYPASSED",
        "lines[1].procedure",
        lambda: claim(lines=(line("29881", modifiers=("RT",)), line("29877"))),
        lambda: claim(lines=(line("29881"), line("29877"))),
    ),
    Case(
        "MUE-LINE",
        "lines[1].units",
        lambda: with_line(1, units=3),
        lambda: with_line(1, units=2),
    ),
    Case(
        "MUE-LINE",
        "lines[1].units",
        lambda: claim(lines=(line("99214"), line("83036", units=2), line("83036", units=2))),
        lambda: claim(
            lines=(line("99214"), line("83036", units=2), line("83036", units=2, modifiers=("91",)))
        ),
    ),
    Case(
        "MUE-DAY-POLICY",
        "lines[0].units",
        lambda: claim(lines=(line("99214"), line("99214", modifiers=("76",)))),
        lambda: claim(lines=(line("99214"), line("99214", service_from=date(2026, 3, 3)))),
    ),
    Case(
        "MUE-DAY-POLICY",
        "lines[0].units",
        lambda: claim(lines=(line("76140"),)),
        lambda: claim(lines=(line("76141"),)),
    ),
    Case(
        "MUE-DAY-CLINICAL",
        "lines[0].units",
        lambda: claim(lines=(line("96372", units=3), line("96372", units=2, modifiers=("59",)))),
        lambda: claim(lines=(line("96372", units=3), line("96372", units=1, modifiers=("59",)))),
    ),
    Case(
        "MUE-DAY-CLINICAL",
        "lines[0].units",
        lambda: claim(lines=(line("96372", units=5),)),
        lambda: claim(lines=(line("96372", units=5),)),
        near_profile=Profile(
            payer_types={"medicare": {"MUE-DAY-CLINICAL": RuleSetting(params={"max_units": 6})}}
        ),
    ),
    Case(
        "AOC-NO-PRIMARY",
        "lines[1].procedure",
        lambda: claim(lines=(line("99213"), line("99292"))),
        lambda: claim(lines=(line("99291"), line("99292"))),
    ),
    Case(
        "AOC-NO-PRIMARY-T3",
        "lines[1].procedure",
        lambda: claim(lines=(line("99203"), line("G2211"))),
        lambda: claim(lines=(line("99213"), line("G2211"))),
    ),
    Case(
        "AOC-ALONE",
        "lines[0].procedure",
        lambda: claim(lines=(line("99292"),)),
        lambda: claim(lines=(line("99292"), line("99291"))),
    ),
    Case(
        "AOC-ALONE",
        "lines[0].procedure",
        lambda: claim(lines=(line("99359"), line("99292"))),
        lambda: claim(lines=(line("99359"), line("99215"))),
    ),
    # prior authorizations and referrals (sample records of medoffice.testing)
    Case("AUTH-MISSING", "lines[0]", lambda: therapy("PCN-0002"), therapy),
    Case("AUTH-NOT-APPROVED", "lines[0]", lambda: therapy("PCN-0003"), therapy),
    Case("AUTH-EXPIRED", "lines[0]", lambda: therapy(service_from=APRIL), therapy),
    Case("AUTH-EXHAUSTED", "lines[0]", lambda: therapy("PCN-0004", "A-4"), therapy),
    Case(
        "AUTH-SERVICE-MISMATCH",
        "lines[0]",
        lambda: claim(patient_control_number="PCN-0001", lines=(line("97530"),)),
        therapy,
    ),
    Case(
        "AUTH-NUMBER-MISSING",
        "lines[0].prior_authorization",
        lambda: therapy(number=None),
        lambda: therapy(number=None, prior_authorization="A-1"),
    ),
    Case(
        "AUTH-NUMBER-MISMATCH",
        "lines[0].prior_authorization",
        lambda: therapy(number="A-9"),
        lambda: therapy(number="A-9", prior_authorization="A-1"),
    ),
    Case("REF-MISSING", "lines[0]", lambda: specialist("PCN-0005"), specialist),
    Case("REF-EXPIRED", "lines[0]", lambda: specialist(service_from=APRIL), specialist),
    Case("REF-EXHAUSTED", "lines[0]", lambda: specialist("PCN-0007", "R-7"), specialist),
    Case(
        "REF-NUMBER-MISSING",
        "lines[0].referral_number",
        lambda: specialist(number=None),
        lambda: specialist(number=None, referral_number="R-6"),
    ),
)

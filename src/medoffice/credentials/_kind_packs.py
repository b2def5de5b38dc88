"""The kinds an office tracks beyond licences, declared as cited packs.

Each pack declares its kind (:class:`~medoffice.credentials.packs.KindSpec`: scope, reminder
cadence, gated capabilities, details, requirement rows) and the rule whose term is the renewal
primitive:

==========================  ================================================================
malpractice_coi             policy period printed on the certificate; coverage limits recorded
                            as details (``per_claim``, ``aggregate``); gates practice
board_certification         certificate end date printed by the board (ABMS member boards)
maintenance_of_certification the board's next MOC requirement date, printed by the board
state_cs_registration       per state, printed expiry; linked to the DEA registration of the
                            same state; gates prescribing controlled substances
hospital_privileges         reappointment every 24 months unless the printed date says sooner
medicaid_enrollment         per state, revalidation at least every five years (42 CFR 455.414)
tb_screening                baseline screening, no routine repeat (CDC 2019)
flu_vaccination             counts through the end of the season (31 March)
hipaa_training              at least annually (practice policy; 45 CFR 164.530(b))
==========================  ================================================================

The requirement rows of these kinds make up :data:`OFFICE_MATRIX` (the shipped matrix plus the
rows below); the default :data:`~medoffice.credentials.matrix.MATRIX` leaves them out, so a practice
opts in by passing ``matrix=OFFICE_MATRIX``.

>>> sorted(spec.kind.value for spec in KIND_PACKS[0].kinds)
['malpractice_coi']

More information: the citation of each pack.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from medoffice.credentials._citation import Citation
from medoffice.credentials._kinds import KindSpec
from medoffice.credentials._matrix import _BILLING_PROVIDERS as _PROVIDERS
from medoffice.credentials._matrix import _CLINICAL, MATRIX, MatrixRow, Scope
from medoffice.credentials._model import Activity, CredentialKind, Role
from medoffice.credentials._rules import Rule, RulePack, Term
from medoffice.kernel import DateRange

__all__ = ["KIND_PACKS", "MEDICAID", "OFFICE_MATRIX"]

_READ: Final = date(2026, 12, 5)
_SINCE: Final = DateRange.starting(date(2000, 1, 1))

#: The payer code a Medicaid revalidation row asks for.
MEDICAID: Final = "MEDICAID"

COI: Final = CredentialKind("malpractice_coi")
BOARD: Final = CredentialKind("board_certification")
MOC: Final = CredentialKind("maintenance_of_certification")
CSR: Final = CredentialKind("state_cs_registration")
PRIVILEGES: Final = CredentialKind("hospital_privileges")
MEDICAID_ENROLLMENT: Final = CredentialKind("medicaid_enrollment")
TB: Final = CredentialKind("tb_screening")
FLU: Final = CredentialKind("flu_vaccination")
HIPAA: Final = CredentialKind("hipaa_training")


def _kind_pack(family: str, spec: KindSpec, rule: Rule, *more: Rule, notes: str = "") -> RulePack:
    return RulePack(
        family=family,
        version="1",
        effective=_SINCE,
        rules=(rule, *more),
        citation=spec.citation,
        kinds=(spec,),
        notes=notes,
    )


_COI = Citation(
    source="Payer and hospital credentialing requirements (NCQA CR 3: current malpractice "
    "coverage)",
    section="certificate of insurance: policy period and limits per claim and aggregate",
    url="https://www.ncqa.org/programs/health-plans/credentialing/",
    note="no federal minimum limit exists; payers, hospitals and some states set their own "
    "(1,000,000 / 3,000,000 USD is common), so no minimum is shipped: check_coverage takes the "
    "minimums as arguments",
)
_ABMS = Citation(
    source="American Board of Medical Specialties",
    section="board certification and continuing certification (MOC) by member boards",
    url="https://www.abms.org/board-certification/",
    note="each member board sets its own cycle and prints the dates; none is computed",
)
_CSR = Citation(
    source="19 CSR 30-1.017 (Missouri BNDD); 720 ILCS 570/302 (Illinois); 21 USC 823(g)",
    section="state registration before DEA registration; no activity after expiry until a new "
    "registration is issued (Missouri 1.017(2)(A))",
    url="https://regulations.justia.com/states/missouri/title-19/division-30/chapter-1/section-19-csr-30-1-017",
    retrieved_on=_READ,
    note="Missouri's rule was read from a public copy; the Illinois requirement is cited from "
    "the Act and was not read for this release. Other states' registrations are not shipped: "
    "add a row with their state",
)
_PRIVILEGES = Citation(
    source="42 CFR 482.22(a)(1) (periodic appraisal of medical staff); medical staff bylaws",
    section="reappointment cycle",
    url="https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-G/part-482/subpart-C/section-482.22",
    note="CMS asks for periodic appraisal without fixing the cycle; 24 months is the common "
    "accreditation maximum (not verified here); a printed reappointment date governs",
)
_MEDICAID = Citation(
    source="42 CFR 455.414",
    section="the State Medicaid agency revalidates every provider's enrolment at least every "
    "5 years",
    url="https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-C/part-455/subpart-E/section-455.414",
    note="a state's notice states the due date and governs; states set their own submission "
    "windows, none of which is shipped (give a rule renewal_months for your state)",
)
_TB = Citation(
    source="CDC, Tuberculosis Screening, Testing, and Treatment of U.S. Health Care "
    "Personnel (MMWR 2019;68(19):439-443)",
    section="baseline screening at hire; no routine serial testing without known exposure",
    url="https://www.cdc.gov/mmwr/volumes/68/wr/mm6819a3.htm",
    note="state law or a facility risk assessment may require annual testing: give a rule of "
    "your own",
)
_FLU = Citation(
    source="CDC/ACIP influenza vaccination of health care personnel; NHSN Healthcare Personnel "
    "Influenza Vaccination reporting period (1 October - 31 March)",
    section="one dose per season",
    url="https://www.cdc.gov/flu/hcp/vax-summary/",
    note="a dose counts through the 31 March that closes its season; a dose given April to "
    "September counts for the season that follows (a simplification)",
)
_HIPAA = Citation(
    source="45 CFR 164.530(b)",
    section="training of the workforce as necessary and appropriate, and after material changes",
    url="https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164/subpart-E/section-164.530",
    note="the rule fixes no interval; annual training is the common practice policy shipped",
)

KIND_PACKS: Final[tuple[RulePack, ...]] = (
    _kind_pack(
        "KIND-COI",
        KindSpec(
            kind=COI,
            title="Malpractice certificate of insurance",
            gates={"practise"},
            details=("carrier", "per_claim", "aggregate"),
            rows=(MatrixRow(roles=_PROVIDERS, kind=COI),),
            citation=_COI,
        ),
        Rule(id="CRED-COI", kind=COI, jurisdiction=None, term=Term.stated(), citation=_COI),
    ),
    _kind_pack(
        "KIND-BOARD",
        KindSpec(
            kind=BOARD,
            title="Board certification",
            details=("board", "specialty"),
            citation=_ABMS,
        ),
        Rule(
            id="CRED-BOARD-CERT", kind=BOARD, jurisdiction=None, term=Term.stated(), citation=_ABMS
        ),
    ),
    _kind_pack(
        "KIND-MOC",
        KindSpec(
            kind=MOC,
            title="Maintenance of certification",
            details=("board",),
            links_to=BOARD,
            citation=_ABMS,
        ),
        Rule(id="CRED-MOC", kind=MOC, jurisdiction=None, term=Term.stated(), citation=_ABMS),
    ),
    _kind_pack(
        "KIND-CSR",
        KindSpec(
            kind=CSR,
            title="State controlled-substance registration",
            scope=Scope.PER_STATE,
            gates={"prescribe_controlled"},
            links_to=CredentialKind.DEA_REGISTRATION,
            rows=(
                MatrixRow(
                    roles=frozenset(Role),
                    kind=CSR,
                    scope=Scope.PER_STATE,
                    activity=Activity.PRESCRIBES_CONTROLLED,
                    states=frozenset({"MO", "IL"}),
                ),
            ),
            citation=_CSR,
        ),
        Rule(id="CRED-CSR", kind=CSR, jurisdiction=None, term=Term.stated(), citation=_CSR),
    ),
    _kind_pack(
        "KIND-PRIVILEGES",
        KindSpec(
            kind=PRIVILEGES,
            title="Hospital privileges",
            details=("hospital",),
            citation=_PRIVILEGES,
        ),
        Rule(
            id="CRED-PRIVILEGES",
            kind=PRIVILEGES,
            jurisdiction=None,
            term=Term.anniversary(24),
            citation=_PRIVILEGES,
        ),
    ),
    _kind_pack(
        "KIND-MEDICAID",
        KindSpec(
            kind=MEDICAID_ENROLLMENT,
            title="Medicaid enrolment (revalidation)",
            scope=Scope.PER_STATE,
            rows=(
                MatrixRow(
                    roles=_PROVIDERS,
                    kind=MEDICAID_ENROLLMENT,
                    scope=Scope.PER_STATE,
                    payer=MEDICAID,
                ),
            ),
            citation=_MEDICAID,
        ),
        Rule(
            id="CRED-MEDICAID-REVAL",
            kind=MEDICAID_ENROLLMENT,
            jurisdiction=None,
            term=Term.anniversary(60),
            expiring_days=120,
            citation=_MEDICAID,
        ),
    ),
    _kind_pack(
        "KIND-TB",
        KindSpec(
            kind=TB,
            title="TB screening",
            rows=(MatrixRow(roles=_CLINICAL, kind=TB),),
            citation=_TB,
        ),
        Rule(id="CRED-TB-BASELINE", kind=TB, jurisdiction=None, term=Term.once(), citation=_TB),
    ),
    _kind_pack(
        "KIND-FLU",
        KindSpec(
            kind=FLU,
            title="Influenza vaccination",
            cadence=(30, 14),
            rows=(MatrixRow(roles=_CLINICAL, kind=FLU),),
            citation=_FLU,
        ),
        Rule(
            id="CRED-FLU-SEASON",
            kind=FLU,
            jurisdiction=None,
            term=Term.season(3),
            expiring_days=30,
            citation=_FLU,
        ),
    ),
    _kind_pack(
        "KIND-HIPAA",
        KindSpec(
            kind=HIPAA,
            title="HIPAA privacy and security training",
            cadence=(30, 7),
            rows=(MatrixRow(roles=frozenset(Role), kind=HIPAA),),
            citation=_HIPAA,
        ),
        Rule(
            id="CRED-HIPAA-TRAINING",
            kind=HIPAA,
            jurisdiction=None,
            term=Term.at_least_annually(),
            expiring_days=30,
            citation=_HIPAA,
        ),
    ),
)

#: The shipped matrix plus the requirement rows the kind packs declare.
OFFICE_MATRIX: Final[tuple[MatrixRow, ...]] = (
    *MATRIX,
    *(row for pack in KIND_PACKS for spec in pack.kinds for row in spec.rows),
)

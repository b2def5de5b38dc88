"""The shipped rule packs, as cited data.

Every pack names its authority, the section, a URL and what is uncertain. ``retrieved_on`` is
``None`` throughout: these figures were written from the authorities' published text as the
maintainers know it and have not yet been re-checked against a copy retrieved for this release;
each pack's ``notes`` says where a figure is the least certain. Replace or extend a pack by
building a :class:`~medoffice.credentials.rules.RuleBook` of your own packs.

>>> from datetime import date
>>> DEFAULT_RULES.pack("NCQA", date(2025, 6, 30)).name
'NCQA-2024'
>>> DEFAULT_RULES.pack("NCQA", date(2025, 7, 1)).name
'NCQA-2025'

More information: NCQA (https://www.ncqa.org/programs/health-plans/credentialing/),
DEA Diversion Control (https://www.deadiversion.usdoj.gov), CMS (https://www.cms.gov), AHA
(https://cpr.heart.org), OSHA (https://www.osha.gov/laws-regs/regulations/standardnumber/1910/1910.1030).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from medoffice.credentials._boards import BOARD_PACKS
from medoffice.credentials._kind_packs import KIND_PACKS
from medoffice.credentials._kinds import KindSpec
from medoffice.credentials._model import CredentialKind as K
from medoffice.credentials._rules import Citation, Rule, RuleBook, RulePack, Term, Window
from medoffice.kernel import DateRange

__all__ = [
    "DEFAULT_RULES",
    "NCQA_CVO_VERIFICATION_DAYS",
    "NCQA_MONITORING",
    "NCQA_VERIFICATION_DAYS",
    "OIG_SCREENING",
    "PACKS",
]

_SINCE: Final = DateRange.starting(date(2000, 1, 1))

_NCQA_2024 = Citation(
    source="NCQA Standards and Guidelines for the Accreditation of Health Plans 2024",
    section="CR 3 (verification time limits), CR 4 (recredentialing cycle)",
    url="https://www.ncqa.org/programs/health-plans/credentialing/",
    note="36-month cycle counted to the month; verifications within 180 days of the decision",
)
_NCQA_2025 = Citation(
    source="NCQA Standards and Guidelines for the Accreditation of Health Plans 2025",
    section="CR 3 (verification time limits), CR 4 (recredentialing cycle), CR 5 (monitoring)",
    url="https://www.ncqa.org/programs/health-plans/credentialing/",
    note="verification time limit shortened to 120 days for files processed from 2025-07-01",
)


def _ncqa(version: str, effective: DateRange, citation: Citation) -> RulePack:
    return RulePack(
        family="NCQA",
        version=version,
        effective=effective,
        citation=citation,
        rules=(
            Rule(
                id="CRED-NCQA-RECRED",
                kind=K.PAYER_CREDENTIALING,
                jurisdiction=None,
                term=Term.end_of_month(36),
                expiring_days=120,
                grace=Window(days=30),
                citation=citation,
            ),
        ),
        notes=(
            "The 30-day window after the due date is the late recredentialing path; past it the "
            "practitioner must be initially credentialed again. Counting the 36 months to the "
            "end of the month follows NCQA's published explanation; check it against the "
            "standards year you are surveyed under."
        ),
    )


_NCQA_EARLIER = Citation(
    source="NCQA Standards and Guidelines for the Accreditation of Health Plans (before 2024)",
    section="CR 3, CR 4",
    url="https://www.ncqa.org/programs/health-plans/credentialing/",
    note="earlier standards years are not reproduced separately: the 36-month cycle and the "
    "180-day verification limit are carried back unchanged, which is an assumption",
)

_NCQA_PACKS = (
    _ncqa("2023", DateRange(date(2000, 1, 1), date(2024, 6, 30)), _NCQA_EARLIER),
    _ncqa("2024", DateRange(date(2024, 7, 1), date(2025, 6, 30)), _NCQA_2024),
    _ncqa("2025", DateRange.starting(date(2025, 7, 1)), _NCQA_2025),
)

#: Days before the credentialing decision within which primary-source verification must fall,
#: by NCQA pack version: health plan accreditation (the credentialing accreditation track).
NCQA_VERIFICATION_DAYS: Final = {"2023": 180, "2024": 180, "2025": 120}

#: The same limits for the credentials verification organization (CVO certification) track:
#: 120 days, 90 for files processed from 2025-07-01. Source: NCQA 2025 standards update as
#: summarised by certified vendors (not read in NCQA's own standards text for this release).
NCQA_CVO_VERIFICATION_DAYS: Final = {"2023": 120, "2024": 120, "2025": 90}

#: NCQA ongoing monitoring: sanctions and exclusions reviewed once per calendar month.
NCQA_MONITORING: Final = _NCQA_2025

_CAQH = Citation(
    source="CAQH ProView resources, Participating Organization FAQs",
    section="re-attest every 120 days, every 180 days for providers practising in Illinois; "
    "reminder emails 15, 10 and 5 days before expiry; expired the day after",
    url="https://www.caqh.org/solutions/caqh-proview-resources",
    retrieved_on=date(2026, 12, 5),
    note="CAQH says the practice state decides (Illinois: 180 days), so an attestation recorded "
    "with jurisdiction US follows the holder's practice states, the soonest due winning",
)
_DEA = Citation(
    source="21 CFR 1301.13 and DEA Diversion Control Division registration FAQ",
    section="Registration period (3 years); renewal within one calendar month after expiration",
    url="https://www.deadiversion.usdoj.gov/drugreg/index.html",
    note="no controlled substances may be handled after expiry, even while renewal is possible",
)
_STATE = Citation(
    source="State licensing boards",
    section="expiry date as printed on the licence",
    url="https://www.fsmb.org",
    note="no state-specific rule shipped; the printed expiry date governs",
)
_AHA = Citation(
    source="American Heart Association Program Administration Manual",
    section="Course completion cards: valid through the end of the month two years after issue",
    url="https://cpr.heart.org",
)
_OSHA = Citation(
    source="29 CFR 1910.1030 (Bloodborne pathogens)",
    section="(g)(2)(ii)(C): training at least annually thereafter, within one year",
    url="https://www.osha.gov/laws-regs/regulations/standardnumber/1910/1910.1030",
)
_CMS_REVAL = Citation(
    source="42 CFR 424.515 and 424.57(g); CMS Medicare Revalidation List; MAC revalidation "
    "guidance (NGS Medicare, Revalidate My Enrollment)",
    section="revalidation every 5 years (DMEPOS suppliers every 3); due dates on the last "
    "day of a month, posted up to 7 months ahead, TBD before; submit no more than seven "
    "months before the due date",
    url="https://data.cms.gov/tools/medicare-revalidation-list",
    retrieved_on=date(2026, 12, 5),
    note="earlier MAC guidance (2016) said six months; the seven-month window is the current "
    "MAC text read for this release",
)
_CLIA = Citation(
    source="42 CFR 493 (CLIA) subpart B; CMS CLIA certificate of waiver",
    section="certificates are valid for two years (through the day before the anniversary)",
    url="https://www.cms.gov/medicare/quality/clinical-laboratory-improvement-amendments",
)
_OIG = Citation(
    source="42 CFR 455.436; HHS-OIG LEIE and GSA SAM",
    section="State Medicaid agencies check exclusion databases no less frequently than monthly",
    url="https://oig.hhs.gov/exclusions/",
    note="monthly screening of staff is the common practice derived from this rule",
)


def _pack(
    family: str,
    citation: Citation,
    *rules: Rule,
    notes: str = "",
    kinds: tuple[KindSpec, ...] = (),
) -> RulePack:
    return RulePack(
        family=family,
        version="1",
        effective=_SINCE,
        rules=rules,
        citation=citation,
        notes=notes,
        kinds=kinds,
    )


def _card(kind: K, rule_id: str) -> Rule:
    return Rule(id=rule_id, kind=kind, jurisdiction=None, term=Term.end_of_month(24), citation=_AHA)


PACKS: Final[tuple[RulePack, ...]] = (
    *_NCQA_PACKS,
    _pack(
        "CAQH",
        _CAQH,
        Rule(
            id="CRED-CAQH-ATTEST",
            kind=K.CAQH_ATTESTATION,
            jurisdiction=None,
            term=Term.rolling_days(120),
            expiring_days=30,
            citation=_CAQH,
        ),
        Rule(
            id="CRED-CAQH-ATTEST-IL",
            kind=K.CAQH_ATTESTATION,
            jurisdiction="IL",
            term=Term.rolling_days(180),
            expiring_days=30,
            citation=_CAQH,
        ),
        kinds=(
            KindSpec(
                kind=K.CAQH_ATTESTATION,
                title="CAQH ProView attestation",
                national=True,
                cadence=(15, 10, 5),
                gates={"bill"},
                citation=_CAQH,
            ),
        ),
    ),
    _pack(
        "DEA",
        _DEA,
        Rule(
            id="CRED-DEA-REG",
            kind=K.DEA_REGISTRATION,
            jurisdiction=None,
            term=Term.anniversary(36),
            reinstatement=Window(months=1),
            citation=_DEA,
        ),
        notes="One registration per state; DEA prints the expiry date on the certificate and it "
        "governs when present.",
    ),
    _pack(
        "STATE-LICENSE",
        _STATE,
        Rule(
            id="CRED-LIC-STATED",
            kind=K.STATE_LICENSE,
            jurisdiction=None,
            term=Term.stated(),
            citation=_STATE,
        ),
        notes="Boards with a rule of their own are separate packs, by profession "
        "(see medoffice.credentials._boards); everywhere else the printed expiry governs.",
    ),
    _pack(
        "AHA",
        _AHA,
        _card(K.BLS, "CRED-AHA-BLS"),
        _card(K.ACLS, "CRED-AHA-ACLS"),
        _card(K.PALS, "CRED-AHA-PALS"),
    ),
    _pack(
        "OSHA-BBP",
        _OSHA,
        Rule(
            id="CRED-OSHA-BBP",
            kind=K.BBP_TRAINING,
            jurisdiction=None,
            term=Term.at_least_annually(),
            expiring_days=30,
            citation=_OSHA,
        ),
    ),
    _pack(
        "CMS-REVALIDATION",
        _CMS_REVAL,
        Rule(
            id="CRED-CMS-REVAL",
            kind=K.MEDICARE_ENROLLMENT,
            jurisdiction=None,
            term=Term.assigned(),
            expiring_days=120,
            renewal_months=7,
            citation=_CMS_REVAL,
        ),
        Rule(
            id="CRED-CMS-REVAL-DMEPOS",
            kind=K.DMEPOS_ENROLLMENT,
            jurisdiction=None,
            term=Term.assigned(),
            expiring_days=120,
            renewal_months=7,
            citation=_CMS_REVAL,
        ),
        notes="CMS assigns each due date; the 5-year (3-year DMEPOS) cycle is only an estimate "
        "until the date is posted, so nothing is computed from the enrolment date. The "
        "submission window opens seven months before a posted due date; the enrolment counts "
        "as expiring from then.",
    ),
    _pack(
        "CLIA",
        _CLIA,
        Rule(
            id="CRED-CLIA-CERT",
            kind=K.CLIA_CERTIFICATE,
            jurisdiction=None,
            term=Term.day_before_anniversary(24),
            citation=_CLIA,
        ),
    ),
    *BOARD_PACKS,
    *KIND_PACKS,
)

#: The rule book built from every shipped pack.
DEFAULT_RULES: Final = RuleBook(PACKS)

#: Exclusion screening (LEIE, SAM, state lists) is monthly; see the monitoring ledger.
OIG_SCREENING: Final = _OIG

"""State licensing boards as cited packs: California and Texas, by profession.

A licence follows the board of the profession that holds it (see
:func:`~medoffice.credentials.packs.profession_of`):

====================  =========================================================================
California MD         issue month two years on from 2018-07-01; birth month in the second year
                      before (B&P 2423), 12 midnight Pacific
California PA         birth month in the second year of a two-year term, 13 to 24 months for a
                      first licence (B&P 3523); renewable for five years after expiry (B&P 3526)
California RN / NP    last day of the month after the second birthday following issue, then
                      every two years (B&P 2811(a)); reinstatable for eight years (2811(b))
Texas MD              registration permit valid two years, printed expiry; 30-day grace for the
                      fee (22 TAC 166.1(c), (e); Tex. Occ. Code 156.004)
Texas PA              biennial registration, printed expiry (22 TAC 185.6)
Texas RN / NP         last day of the birth month, odd or even years by birth year; a first
                      licence runs 6 to 29 months (Texas Board of Nursing)
====================  =========================================================================

>>> from datetime import date
>>> rule = CA_PAB.rules[0]
>>> rule.term.valid_through(date(2024, 3, 10), date(1980, 3, 5))
datetime.date(2026, 3, 31)

More information: California Legislative Information (https://leginfo.legislature.ca.gov),
Texas Administrative Code (https://texreg.sos.state.tx.us), the boards' sites cited below.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from medoffice.credentials._citation import Citation
from medoffice.credentials._model import CredentialKind, Role
from medoffice.credentials._rules import Rule, RulePack, Term, Window
from medoffice.kernel import DateRange

__all__ = ["BOARD_PACKS", "CA_BRN", "CA_MBC", "CA_PAB", "TX_BON", "TX_PAB", "TX_TMB"]

_READ: Final = date(2026, 12, 5)
_SINCE: Final = DateRange.starting(date(2000, 1, 1))
_LICENCE: Final = CredentialKind.STATE_LICENSE
_PACIFIC: Final = "America/Los_Angeles"
_CENTRAL: Final = "America/Chicago"
_NURSES: Final = frozenset({Role.REGISTERED_NURSE, Role.NURSE_PRACTITIONER})

_CA_MD = Citation(
    source="California Business and Professions Code",
    section="section 2423 (expiration of physician and surgeon certificates)",
    url="https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=BPC&sectionNum=2423",
    retrieved_on=_READ,
    note="read from a public copy of the code: certificates expire at 12 midnight on the last "
    "day of the issue month during the second year of a two-year term beginning 2018-07-01; "
    "the earlier text, the last day of the birth month during the second year. Reading the "
    "earlier text as 13 to 24 months for a first licence follows the Physician Assistant "
    "Board's published reading of the same words (B&P 3523); the Medical Board's own reading "
    "was not found",
)
_CA_PA = Citation(
    source="California Business and Professions Code; Physician Assistant Board",
    section="section 3523 (birth-month expiry), section 3526 (five years to renew)",
    url="https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=BPC&sectionNum=3523",
    retrieved_on=_READ,
    note="read from public copies of the code and of the board's renewal page: a licence issued "
    "in the birth month runs 24 months, otherwise 13 to 23; renewal is possible within five "
    "years after expiry, and practice is prohibited while the licence is delinquent",
)
_CA_RN = Citation(
    source="California Business and Professions Code; Board of Registered Nursing",
    section="section 2811(a) (renewal by the month after the birthday), 2811(b) (eight years)",
    url="https://www.rn.ca.gov/licensees/lic-renewal.shtml",
    retrieved_on=_READ,
    note="the first licence is issued for two birthdays and expires on the last day of the "
    "month following the birth month. A renewal record computed this way is right only when "
    "renewed after the birthday: record a renewal with its printed expiry. A 29 February "
    "birthday counts on 28 February in other years (not confirmed with the board)",
)
_TX_MD = Citation(
    source="22 Texas Administrative Code 166.1; Texas Occupations Code 156.001, 156.004",
    section="166.1(c) 30-day grace period for the registration fee; (e) two-year permits",
    url="https://regulations.justia.com/states/texas/title-22/part-9/chapter-166/section-166-1",
    retrieved_on=_READ,
    note="the expiry is staggered by the board and printed on the permit. Whether a physician "
    "may practise during the 30-day grace was not confirmed; it is treated as not allowed",
)
_TX_PA = Citation(
    source="22 Texas Administrative Code 185.6",
    section="Biennial renewal of license: renew on or before the expiration date",
    url="https://texreg.sos.state.tx.us/public/readtac$ext.ViewTAC?tac_view=4&ti=22&pt=9&ch=185",
    retrieved_on=_READ,
    note="the expiry is printed on the licence; no grace or late-renewal window could be "
    "confirmed, so none is shipped",
)
_TX_RN = Citation(
    source="Texas Board of Nursing; 22 Texas Administrative Code 217.6",
    section="renewal every two years on the last day of the birth month; first licence 6 to "
    "29 months; 217.6(a) late renewal within four years",
    url="https://www.bon.texas.gov/licensure_renewals.asp",
    retrieved_on=_READ,
    note="the birth-month, odd/even-year and 6-to-29-month figures were read in secondary "
    "summaries of the board's published renewal information, not in the board's rule text; "
    "the four-year window is 217.6(a), written for nurses not practising in Texas",
)


def _board(family: str, citation: Citation, *rules: Rule, notes: str = "") -> RulePack:
    return RulePack(
        family=family, version="1", effective=_SINCE, rules=rules, citation=citation, notes=notes
    )


CA_MBC: Final = _board(
    "CA-MBC",
    _CA_MD,
    Rule(
        id="CRED-LIC-CA-MD",
        kind=_LICENCE,
        jurisdiction="CA",
        professions={Role.PHYSICIAN},
        term=Term.issue_or_birth_month(24, switch_on=date(2018, 7, 1)),
        zone=_PACIFIC,
        citation=_CA_MD,
    ),
    notes="Medical Board of California, physicians and surgeons.",
)
CA_PAB: Final = _board(
    "CA-PAB",
    _CA_PA,
    Rule(
        id="CRED-LIC-CA-PA",
        kind=_LICENCE,
        jurisdiction="CA",
        professions={Role.PHYSICIAN_ASSISTANT},
        term=Term.birth_month(24),
        reinstatement=Window(months=60),
        zone=_PACIFIC,
        citation=_CA_PA,
    ),
    notes="Physician Assistant Board of California.",
)
CA_BRN: Final = _board(
    "CA-BRN",
    _CA_RN,
    Rule(
        id="CRED-LIC-CA-RN",
        kind=_LICENCE,
        jurisdiction="CA",
        professions=_NURSES,
        term=Term.month_after_second_birthday(),
        reinstatement=Window(months=96),
        zone=_PACIFIC,
        citation=_CA_RN,
    ),
    notes="California Board of Registered Nursing; nurse practitioners practise on their "
    "registered nurse licence.",
)
TX_TMB: Final = _board(
    "TX-TMB",
    _TX_MD,
    Rule(
        id="CRED-LIC-TX-MD",
        kind=_LICENCE,
        jurisdiction="TX",
        professions={Role.PHYSICIAN},
        term=Term.stated(),
        grace=Window(days=30),
        zone=_CENTRAL,
        citation=_TX_MD,
    ),
    notes="Texas Medical Board, physician registration permits.",
)
TX_PAB: Final = _board(
    "TX-PAB",
    _TX_PA,
    Rule(
        id="CRED-LIC-TX-PA",
        kind=_LICENCE,
        jurisdiction="TX",
        professions={Role.PHYSICIAN_ASSISTANT},
        term=Term.stated(),
        zone=_CENTRAL,
        citation=_TX_PA,
    ),
    notes="Texas Physician Assistant Board.",
)
TX_BON: Final = _board(
    "TX-BON",
    _TX_RN,
    Rule(
        id="CRED-LIC-TX-RN",
        kind=_LICENCE,
        jurisdiction="TX",
        professions=_NURSES,
        term=Term.birth_month_parity(),
        reinstatement=Window(months=48),
        zone=_CENTRAL,
        citation=_TX_RN,
    ),
    notes="Texas Board of Nursing; advanced practice registered nurses renew with their "
    "registered nurse licence (22 TAC 221.8).",
)

#: The shipped state-board packs.
BOARD_PACKS: Final = (CA_MBC, CA_PAB, CA_BRN, TX_TMB, TX_PAB, TX_BON)

"""Authorization rules: the prior authorizations and referrals the payer requires, on each line.

The claims domain does not decide these itself: the
:class:`~medoffice.claims.ports.ClaimAuthorizations` port answers, and the bridge behind it
asks the same decision the booking asked, so a visit the front desk was warned about
(``AUTH-EXHAUSTED``) is flagged with the same id at billing. Two rules are the claim's own:
the authorization or referral is on file but its number is not on the claim (the payer
matches REF*G1 and REF*9F), or the claim carries a different number.

More information: ASC X12 005010X222A1 (837P) TR3, loops 2300 and 2400, REF*G1 (prior
authorization) and REF*9F (referral number); CMS-1500 item 23.

>>> [rule.id for rule in AUTHORIZATION_RULES][:3]
['AUTH-MISSING', 'AUTH-NOT-APPROVED', 'AUTH-EXPIRED']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from medoffice.claims._facts import Facts
from medoffice.claims._rule import Hit, Needs, Rule
from medoffice.kernel import Severity

__all__ = ["AUTHORIZATION_RULES"]

_X12: Final = "ASC X12 005010X222A1 (837P), loops 2300/2400 REF*G1"
_X12_REF: Final = "ASC X12 005010X222A1 (837P), loops 2300/2400 REF*9F"
_PAYER: Final = "the payer's prior authorization requirements (practice requirement profile)"
_PLAN: Final = "the plan's referral requirements (practice requirement profile)"


def _hits_of(rule_id: str) -> Callable[[Facts], Sequence[Hit]]:
    def check(f: Facts) -> Sequence[Hit]:
        return [
            Hit(
                f"lines[{issue.line}]" + (f".{issue.field}" if issue.field else ""),
                issue.message,
                issue.value,
            )
            for issue in f.authorization_issues(rule_id)
        ]

    check.__name__ = check.__qualname__ = "auth_" + rule_id.lower().replace("-", "_")
    return check


def _rule(rule_id: str, severity: Severity, summary: str, authority: str) -> Rule:
    return Rule(
        id=rule_id,
        severity=severity,
        summary=summary,
        authority=authority,
        check=_hits_of(rule_id),
        needs=Needs.AUTHORIZATIONS,
    )


_E, _W = Severity.ERROR, Severity.WARNING
AUTHORIZATION_RULES: Final[tuple[Rule, ...]] = (
    _rule("AUTH-MISSING", _E, "The payer requires a prior authorization; none is on file.", _PAYER),
    _rule(
        "AUTH-NOT-APPROVED",
        _E,
        "The prior authorization is requested, pending or denied, not approved.",
        _PAYER,
    ),
    _rule(
        "AUTH-EXPIRED",
        _E,
        "The prior authorization is not valid on the date of service.",
        _PAYER,
    ),
    _rule(
        "AUTH-EXHAUSTED",
        _E,
        "Every visit or unit the prior authorization approved is used.",
        _PAYER,
    ),
    _rule(
        "AUTH-SERVICE-MISMATCH",
        _E,
        "The prior authorization approves other codes, another place of service or another "
        "rendering provider.",
        _PAYER,
    ),
    _rule(
        "AUTH-NUMBER-MISSING",
        _E,
        "A prior authorization is on file but its number is not on the claim (REF*G1).",
        _X12,
    ),
    _rule(
        "AUTH-NUMBER-MISMATCH",
        _W,
        "The claim's prior authorization number is not the one on file for the service.",
        _X12,
    ),
    _rule("REF-MISSING", _E, "The plan requires a referral; none has been issued.", _PLAN),
    _rule(
        "REF-EXPIRED",
        _E,
        "The referral is closed or not valid on the date of service.",
        _PLAN,
    ),
    _rule("REF-EXHAUSTED", _E, "Every visit of the referral is used.", _PLAN),
    _rule(
        "REF-NUMBER-MISSING",
        _W,
        "A referral is on file but its number is not on the claim (REF*9F).",
        _X12_REF,
    ),
)

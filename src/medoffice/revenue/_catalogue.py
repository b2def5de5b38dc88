"""The remittance rule catalogue: every ``ERA-*`` finding, its severity, meaning and authority.

Rule ids are public and stable (a payer's profile or a user's test may name them): never
renamed, never reused. The balancing rules come from the 835 TR3's balancing section: the
payment equals the claims' payments less the provider-level adjustments; each claim's and each
line's charge less payment equals its adjustments; the lines' payments, less the claim-level
adjustments, equal the claim's payment.

More information: ASC X12 005010X221A1 (835) TR3, section 1.10.2.1 "Balancing".

>>> [rule.id for rule in ERA_RULES][:2]
['ERA-SET', 'ERA-BAL-PAYMENT']
>>> era_rule("ERA-BAL-LINE").severity
<Severity.ERROR: 'error'>
"""

from __future__ import annotations

from typing import Final, final

import attrs

from medoffice.kernel import InvalidArgument, Severity

__all__ = [
    "BALANCE_CLAIM",
    "BALANCE_LINE",
    "BALANCE_LINES_PAID",
    "BALANCE_PAYMENT",
    "CODE_NOT_IN_EFFECT",
    "ERA_RULES",
    "NOT_835",
    "EraRule",
    "era_rule",
    "render_era_catalogue",
]

_TR3: Final = "ASC X12 005010X221A1 (835) TR3"
NOT_835: Final = "ERA-SET"
BALANCE_PAYMENT: Final = "ERA-BAL-PAYMENT"
BALANCE_CLAIM: Final = "ERA-BAL-CLAIM"
BALANCE_LINE: Final = "ERA-BAL-LINE"
BALANCE_LINES_PAID: Final = "ERA-BAL-LINES-PAID"
CODE_NOT_IN_EFFECT: Final = "ERA-CODE-NOT-IN-EFFECT"


@final
@attrs.frozen(kw_only=True)
class EraRule:
    """One remittance rule: id, default severity, what it says and where it comes from."""

    id: str
    severity: Severity
    summary: str
    authority: str


ERA_RULES: Final[tuple[EraRule, ...]] = (
    EraRule(
        id=NOT_835,
        severity=Severity.ERROR,
        summary="The file is not an 835 of version 005010X221A1 (another set or version).",
        authority=f"{_TR3}, ST01, ST03 and GS08",
    ),
    EraRule(
        id=BALANCE_PAYMENT,
        severity=Severity.ERROR,
        summary="BPR02 differs from the claims' payments (CLP04) less the provider-level "
        "adjustments (PLB).",
        authority=f"{_TR3}, 1.10.2.1.3 Transaction balancing",
    ),
    EraRule(
        id=BALANCE_CLAIM,
        severity=Severity.ERROR,
        summary="A claim's charge less its payment (CLP03 - CLP04) differs from its claim- and "
        "line-level adjustments (CAS).",
        authority=f"{_TR3}, 1.10.2.1.2 Claim balancing",
    ),
    EraRule(
        id=BALANCE_LINE,
        severity=Severity.ERROR,
        summary="A line's charge less its payment (SVC02 - SVC03) differs from its "
        "adjustments (CAS).",
        authority=f"{_TR3}, 1.10.2.1.1 Service line balancing",
    ),
    EraRule(
        id=BALANCE_LINES_PAID,
        severity=Severity.ERROR,
        summary="The lines' payments (SVC03) less the claim-level adjustments differ from the "
        "claim's payment (CLP04).",
        authority=f"{_TR3}, 1.10.2.1.2 Claim balancing",
    ),
    EraRule(
        id=CODE_NOT_IN_EFFECT,
        severity=Severity.WARNING,
        summary="A CARC or RARC is not in the loaded list, or not in effect on the payment date.",
        authority="X12 external code sources 139 (CARC) and 411 (RARC)",
    ),
)
_BY_ID: Final = {rule.id: rule for rule in ERA_RULES}


def era_rule(rule_id: str) -> EraRule:
    """The remittance rule with this id; :class:`~medoffice.kernel.InvalidArgument` if none."""
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise InvalidArgument(f"{rule_id!r} is not a remittance rule id") from None


def render_era_catalogue() -> str:
    """The Markdown table of the remittance rules (included in ``docs/revenue.md``)."""
    rows = [
        "| id | severity | summary | authority |",
        "|---|---|---|---|",
        *(
            f"| `{rule.id}` | {rule.severity.value} | {rule.summary} | {rule.authority} |"
            for rule in ERA_RULES
        ),
    ]
    return "\n".join(rows) + "\n"

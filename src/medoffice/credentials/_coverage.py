"""Malpractice coverage limits: a certificate's limits against the minimums a payer sets.

A malpractice certificate of insurance records its limits as details, written as an amount
and an ISO 4217 currency (``"1000000 USD"``): ``per_claim`` (each claim or occurrence) and
``aggregate`` (the policy period). No law sets a minimum for every office; payers, hospitals
and some states do (1,000,000 / 3,000,000 USD is common). :func:`check_coverage` compares a
certificate with the minimums given and returns a :class:`~medoffice.kernel.Report`:

- ``CRED-COI-LIMIT``: a limit below the minimum (error);
- ``CRED-COI-UNSTATED``: a limit the minimum asks for is not recorded, or cannot be read
  (error, since the certificate cannot be shown to meet it).

>>> from datetime import date
>>> from medoffice.kernel import Money
>>> from medoffice.credentials._model import Credential
>>> coi = Credential(
...     kind="malpractice_coi",
...     issuer="Carrier",
...     jurisdiction="US",
...     issued_on=date(2026, 1, 1),
...     expires_on=date(2026, 12, 31),
...     details={"per_claim": "1000000 USD", "aggregate": "2000000 USD"},
... )
>>> report = check_coverage(
...     coi, per_claim=Money.of("1000000", "USD"), aggregate=Money.of("3000000", "USD")
... )
>>> [(f.rule.value, f.path) for f in report.findings]
[('CRED-COI-LIMIT', 'details.aggregate')]

More information: NCQA CR 3 (current malpractice coverage,
https://www.ncqa.org/programs/health-plans/credentialing/).
"""

from __future__ import annotations

from typing import Final

from medoffice.credentials._model import Credential
from medoffice.kernel import Finding, InvalidArgument, MedofficeError, Money, Report, Severity

__all__ = ["check_coverage", "coverage_limit"]

_BELOW: Final = "CRED-COI-LIMIT"
_UNSTATED: Final = "CRED-COI-UNSTATED"


def coverage_limit(credential: Credential, name: str) -> Money | None:
    """The limit ``name`` recorded on ``credential`` as money (``None``: absent, unreadable)."""
    text = credential.detail(name)
    if text is None:
        return None
    amount, _, currency = text.strip().partition(" ")
    try:
        return Money.of(amount.replace(",", ""), currency.strip())
    except (MedofficeError, ValueError, ArithmeticError):
        return None


def check_coverage(
    credential: Credential, *, per_claim: Money | None = None, aggregate: Money | None = None
) -> Report:
    """Findings for each limit of ``credential`` below (or not shown to meet) its minimum."""
    if not isinstance(credential, Credential):
        raise InvalidArgument("coverage is checked on a Credential")
    findings = []
    for name, minimum in (("per_claim", per_claim), ("aggregate", aggregate)):
        if minimum is None:
            continue
        found = coverage_limit(credential, name)
        path = f"details.{name}"
        if found is None or found.currency != minimum.currency:
            findings.append(
                Finding(
                    rule=_UNSTATED,
                    severity=Severity.ERROR,
                    message=f"the {name.replace('_', ' ')} limit is not recorded in "
                    f"{minimum.currency.code}",
                    path=path,
                )
            )
        elif found < minimum:
            findings.append(
                Finding(
                    rule=_BELOW,
                    severity=Severity.ERROR,
                    message=f"the {name.replace('_', ' ')} limit is below the minimum",
                    path=path,
                    value=str(found.amount),
                )
            )
    return Report.of(findings)

"""What may be recorded today: a credential not yet issued, or a screening not yet done, may not.

A record describes something that has happened. A credential whose issue date is after the day
it is recorded, or a screening dated after that day, is a mistake in the user's data: the checks
here return a :class:`~medoffice.kernel.Report` saying so (``CRED-ISSUED-FUTURE`` at
``issued_on``, ``CRED-SCREENED-FUTURE`` at ``on``), and the credentials service answers a
:class:`~medoffice.kernel.Refused` with it instead of recording. "Today" is the practice's
calendar day, which the caller works out from its clock and zone.

>>> from datetime import date
>>> from medoffice.credentials import Credential
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> check_new_credential(card, on=date(2026, 6, 10)).ok
True
>>> [(f.rule, f.path) for f in check_new_credential(card, on=date(2026, 6, 9))]
[(RuleId('CRED-ISSUED-FUTURE'), 'issued_on')]
"""

from __future__ import annotations

from datetime import date
from typing import Final

from medoffice.credentials._model import Credential
from medoffice.credentials._monitoring import Screening
from medoffice.kernel import Finding, Report, RuleId, Severity

__all__ = ["check_new_credential", "check_screening"]

_ISSUED_FUTURE: Final = RuleId("CRED-ISSUED-FUTURE")
_SCREENED_FUTURE: Final = RuleId("CRED-SCREENED-FUTURE")


def _after(rule: RuleId, day: date, on: date, message: str, path: str) -> Report:
    if day <= on:
        return Report()
    finding = Finding(
        rule=rule, severity=Severity.ERROR, message=message, path=path, value=day.isoformat()
    )
    return Report.of([finding])


def check_new_credential(credential: Credential, *, on: date) -> Report:
    """Empty when ``credential`` may be recorded on ``on``; an error if issued after that day."""
    return _after(
        _ISSUED_FUTURE,
        credential.issued_on,
        on,
        "a credential cannot be recorded before its issue date",
        "issued_on",
    )


def check_screening(screening: Screening, *, on: date) -> Report:
    """Empty when ``screening`` may be logged on ``on``; an error if dated after that day."""
    return _after(
        _SCREENED_FUTURE,
        screening.on,
        on,
        "a screening cannot be logged before it happened",
        "on",
    )

"""Claims: the professional claim and a pre-submission checker with a stable rule catalogue.

A biller's claims must go out clean: every rejection costs a resubmission and weeks of cash.
:func:`check_claim` runs the rule catalogue (structure, diagnoses and pointers, ICD-10-CM on
the date of service, identifiers and dates, procedures, modifiers and place of service, NCCI
PTP, MUE and add-on edits) over a :class:`Claim` and returns a
:class:`~medoffice.kernel.Report` whose findings name a stable rule id, the field path and the
authority the rule comes from. It is pure and total: it never raises on a bad claim, and never
quotes protected health information. Reference data reaches it through :mod:`.ports`.
:func:`check_claims` streams a batch, optionally against the claims already submitted.
The rule catalogue and its metadata are in :mod:`medoffice.claims.rules`, the patient and
provider keys of a claim history in :mod:`medoffice.claims.history`.

More information: ``docs/claims.md`` (guide, default profile, JSON form) and ``docs/rules.md``
(the catalogue); CMS Medicare Claims Processing Manual chapter 26; ASC X12 005010X222A1 (837P).

>>> from datetime import date
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> report = check_claim(
...     sample_claim(diagnoses=("E11.65", "I10", "E78.5", "Z00.00")), context=context
... )
>>> [(f.rule.value, f.path, f.value) for f in report]
[('DX-FIRST-LISTED-ONLY', 'diagnoses[3]', 'Z0000')]
"""

import importlib as _importlib
import typing as _typing

from medoffice.claims._batch import (
    check_claims,
)
from medoffice.claims._check import (
    CheckContext,
    check_claim,
)
from medoffice.claims._model import (
    Address,
    Claim,
    Patient,
    Payer,
    PayerType,
    Provider,
    ServiceLine,
    Subscriber,
)
from medoffice.claims._profile import (
    Profile,
    RuleSetting,
)
from medoffice.claims.services import (
    Billing,
    CheckedBatch,
)

if _typing.TYPE_CHECKING:
    from medoffice.claims._json import (
        ClaimReadError,
        claim_from_json,
        claim_to_json,
        claims_from_json,
    )

__all__ = [
    "Address",
    "Billing",
    "CheckContext",
    "CheckedBatch",
    "Claim",
    "ClaimReadError",
    "Patient",
    "Payer",
    "PayerType",
    "Profile",
    "Provider",
    "RuleSetting",
    "ServiceLine",
    "Subscriber",
    "check_claim",
    "check_claims",
    "claim_from_json",
    "claim_to_json",
    "claims_from_json",
]

# The JSON readers and writer (and cattrs under them) are imported on first use: checking claims
# read from an 837P file never needs them.
_LAZY: _typing.Final = frozenset(
    {"ClaimReadError", "claim_from_json", "claim_to_json", "claims_from_json"}
)


def __getattr__(name: str) -> _typing.Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module("medoffice.claims._json"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

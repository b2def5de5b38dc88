"""Adapters for the credentials domain: roster files and exports.

- :func:`load_roster` / :func:`roster_from_mapping` read the JSON roster the CLI documents;
- :func:`to_icalendar` writes RFC 5545 text of due dates (all-day events, stable UIDs, lines
  folded at 75 octets, CRLF);
- :func:`fhir_practitioner` / :func:`fhir_verification_results` build FHIR R5 resources
  (``Practitioner.qualification``, ``VerificationResult`` with ``nextScheduled``) with the
  optional ``fhir`` extra (``fhir.resources``, imported lazily).

>>> from datetime import date
>>> from medoffice.credentials import DueItem
>>> text = to_icalendar(
...     [DueItem(holder_id="S-1", requirement="bls", due_on=date(2028, 6, 30))],
...     stamp=date(2026, 1, 1),
... )
>>> [line for line in text.split("\\r\\n") if line.startswith("DTSTART")]
['DTSTART;VALUE=DATE:20280630']

More information: RFC 5545 (https://www.rfc-editor.org/rfc/rfc5545); HL7 FHIR R5 Practitioner and
VerificationResult (https://hl7.org/fhir/R5/verificationresult.html).
"""

from __future__ import annotations

from medoffice.adapters.credentials._fhir import (
    fhir_practitioner,
    fhir_practitioner_data,
    fhir_verification_results,
)
from medoffice.adapters.credentials._ical import to_icalendar
from medoffice.adapters.credentials._roster import Roster, load_roster, roster_from_mapping

__all__ = [
    "Roster",
    "fhir_practitioner",
    "fhir_practitioner_data",
    "fhir_verification_results",
    "load_roster",
    "roster_from_mapping",
    "to_icalendar",
]

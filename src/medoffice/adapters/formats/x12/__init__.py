"""X12 837P (005010X222A1) professional claims, read and written: streamed, never crashing.

835 (005010X221A1) remittances are read the same way by :func:`read_835` (and written, for
tests and demos, by :func:`remittances_to_835`); see :mod:`medoffice.revenue`.

An 837P file is one or more interchanges (ISA ... IEA) of functional groups (GS ... GE) of
transaction sets (ST ... SE). Inside a set, hierarchical loops carry the billing provider
(2000A), the subscriber and payer (2000B), the patient when not the subscriber (2000C), and
under them the claims (2300) with their service lines (2400). :func:`read_837p` streams the
claims of a file as :class:`X12Claim` values, with every problem as a finding that points at
the segment position (``segment[57]``, ``segment[57].SV102``): ``X12-ENVELOPE``,
``X12-SEGMENT``, ``X12-ELEMENT`` and ``X12-LIMIT`` (a segment longer than the reader keeps,
findings past the number listed; see :class:`X12Limits`). Sets that are not 837P (an 835,
an 837I, a 4010 file) get one ``X12-ENVELOPE`` finding each and are not read.
:func:`check_tr3` adds pyx12's full TR3 validation
(``X12-TR3``) when the optional ``x12`` extra is installed, and :func:`to_claim` maps a claim
read onto :class:`medoffice.claims.Claim` for the claim checker. :func:`write_837p` (and
:func:`claims_to_837p`, for bytes) writes claims back as an interchange, from the submitter and
receiver an :class:`X12Submission` names.

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3
(https://x12.org/products/technical-reports); CMS 5010 837P companion guide.

>>> from medoffice.testing import generate_837p
>>> reading = read_837p_all(generate_837p(2, seed=7))
>>> len(reading.claims), reading.report.ok
(2, True)
>>> claim = reading.claims[0]
>>> bool(claim.subscriber.last_name), "<redacted>" in repr(claim.subscriber)  # kept, not shown
(True, True)
>>> read_837p_all(b"not an interchange")
Traceback (most recent call last):
...
medoffice.adapters.formats.x12._tokens.NotX12: the input is not X12: it does not start with ...
"""

from __future__ import annotations

from medoffice.adapters.formats.x12._model import (
    X12Address,
    X12Adjustment,
    X12Claim,
    X12Diagnosis,
    X12Envelope,
    X12Line,
    X12OtherPayer,
    X12Party,
    X12Person,
    X12Provider,
)
from medoffice.adapters.formats.x12._reader import (
    DEFAULT_X12_LIMITS,
    Reading,
    X12Limits,
    read_837p,
    read_837p_all,
)
from medoffice.adapters.formats.x12._tokens import (
    Delimiters,
    NotX12,
    Segment,
    read_delimiters,
    segments,
)
from medoffice.kernel._lazy import lazy_exports

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from typing import Final

    from medoffice.adapters.formats.x12._convert import to_claim
    from medoffice.adapters.formats.x12._remit_reader import (
        RemittanceReading,
        read_835,
        read_835_all,
    )
    from medoffice.adapters.formats.x12._remit_writer import remittances_to_835
    from medoffice.adapters.formats.x12._tr3 import check_tr3
    from medoffice.adapters.formats.x12._writer import X12Submission, claims_to_837p, write_837p

__all__ = [
    "DEFAULT_X12_LIMITS",
    "Delimiters",
    "NotX12",
    "Reading",
    "RemittanceReading",
    "Segment",
    "X12Address",
    "X12Adjustment",
    "X12Claim",
    "X12Diagnosis",
    "X12Envelope",
    "X12Limits",
    "X12Line",
    "X12OtherPayer",
    "X12Party",
    "X12Person",
    "X12Provider",
    "X12Submission",
    "check_tr3",
    "claims_to_837p",
    "read_835",
    "read_835_all",
    "read_837p",
    "read_837p_all",
    "read_delimiters",
    "remittances_to_835",
    "segments",
    "to_claim",
    "write_837p",
]

# Imported on first use: the 835 reader and writer (and the revenue model they bring), the TR3
# check, and the 837P writer and the mapping onto the claim model (and the claims package they
# bring), so that reading 837P claims does not pay for them.
_HOMES: Final = {
    "RemittanceReading": "._remit_reader",
    "X12Submission": "._writer",
    "claims_to_837p": "._writer",
    "check_tr3": "._tr3",
    "read_835": "._remit_reader",
    "read_835_all": "._remit_reader",
    "remittances_to_835": "._remit_writer",
    "to_claim": "._convert",
    "write_837p": "._writer",
}

__getattr__, __dir__ = lazy_exports(__name__, globals(), _HOMES)

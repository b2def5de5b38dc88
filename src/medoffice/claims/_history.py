"""Who a claim is for, as keys a claim history is asked by: the patient and the provider.

NCCI procedure-to-procedure edits and the date-of-service MUEs apply to everything one provider
did for one patient on one day, even when it went out on several claims. A
:class:`~medoffice.claims.ports.ClaimHistory` is asked with these keys. The patient key is a
one-way digest of the member id, date of birth and name, so a key that ends up in a log or a
repr never reveals who the patient is.

More information: CMS, NCCI Policy Manual for Medicare Services, chapter I (same beneficiary,
same provider, same date of service); CMS MUE Q&A (date-of-service edits).

>>> from medoffice.testing import sample_claim
>>> key = patient_key(sample_claim())
>>> len(key), "Sample" in key
(32, False)
>>> provider_key(sample_claim())
'1245319599'
"""

from __future__ import annotations

import hashlib

from medoffice.claims._model import Claim

__all__ = ["patient_key", "provider_key"]


def patient_key(claim: Claim) -> str:
    """An opaque key for the claim's patient (the same person gives the same key)."""
    patient, subscriber = claim.patient, claim.subscriber
    birth = patient.date_of_birth or subscriber.date_of_birth
    name = patient.name or (subscriber.name if subscriber.relationship == "18" else "")
    text = "\x1f".join(
        (
            subscriber.member_id.strip().upper(),
            subscriber.relationship,
            "" if birth is None else birth.isoformat(),
            " ".join(name.casefold().split()),
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def provider_key(claim: Claim) -> str:
    """The rendering provider's NPI, or the billing provider's when no rendering one is given."""
    provider = claim.rendering if claim.rendering is not None else claim.billing
    return provider.npi.strip()

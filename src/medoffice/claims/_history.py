"""Who a claim is for, as keys a claim history is asked by: the patient and the provider.

NCCI procedure-to-procedure edits and the date-of-service MUEs apply to everything one provider
did for one patient on one day, even when it went out on several claims. A
:class:`~medoffice.claims.ports.ClaimHistory` is asked with these keys. The patient key is a
**keyed** digest: HMAC-SHA256, under a secret, of a digest of the member id, relationship, date
of birth and name. Without the secret nobody can recompute a key from a patient's details, nor
link the keys of two stores (each history keeps its own random secret and hands out keys with
``history.patient_key(claim)``); a key that ends up in a log or a repr never reveals who the
patient is.

More information: CMS, NCCI Policy Manual for Medicare Services, chapter I (same beneficiary,
same provider, same date of service); CMS MUE Q&A (date-of-service edits).

>>> from medoffice.testing import sample_claim
>>> key = patient_key(sample_claim(), secret=b"a secret of sixteen bytes or more")
>>> len(key), "Sample" in key
(32, False)
>>> key == patient_key(sample_claim(), secret=b"the secret of another store, 32+")
False
>>> provider_key(sample_claim())
'1245319599'
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

from medoffice.claims._model import Claim
from medoffice.kernel import InvalidArgument

__all__ = ["patient_key", "provider_key"]


MIN_SECRET_BYTES: Final = 16


def identity_digest(claim: Claim) -> str:
    """The unkeyed SHA-256 digest of the patient's details (what :func:`patient_key` keys).

    Anyone with a patient's member id, date of birth and name can recompute it: it is never a
    key by itself, only what a store's secret is applied to.
    """
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


def keyed(digest: str, *, secret: bytes) -> str:
    """``digest`` keyed with ``secret`` (HMAC-SHA256, 32 hexadecimal digits)."""
    given: object = secret  # checked at run time: not every caller is type-checked
    if not isinstance(given, bytes) or len(given) < MIN_SECRET_BYTES:
        raise InvalidArgument(f"a patient-key secret is at least {MIN_SECRET_BYTES} bytes")
    return hmac.new(secret, digest.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def patient_key(claim: Claim, *, secret: bytes) -> str:
    """An opaque key for the claim's patient under ``secret`` (the same person and secret give
    the same key; another secret, an unrelated one)."""
    return keyed(identity_digest(claim), secret=secret)


def provider_key(claim: Claim) -> str:
    """The rendering provider's NPI, or the billing provider's when no rendering one is given."""
    provider = claim.rendering if claim.rendering is not None else claim.billing
    return provider.npi.strip()

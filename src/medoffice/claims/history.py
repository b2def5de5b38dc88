"""Who a claim is for, as keys a claim history is asked by: the patient and the provider.

:func:`patient_key` is an opaque key for the claim's patient (never a name or member id) and
:func:`provider_key` the rendering provider's; a
:class:`~medoffice.claims.ports.ClaimHistory` stores and answers by them.

>>> from medoffice.testing import sample_claim
>>> len(patient_key(sample_claim())), provider_key(sample_claim())
(32, '1245319599')
"""

from medoffice.claims._history import (
    patient_key,
    provider_key,
)

__all__ = [
    "patient_key",
    "provider_key",
]

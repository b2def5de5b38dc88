"""Who a claim is for, as keys a claim history is asked by: the patient and the provider.

:func:`patient_key` is an opaque key for the claim's patient under a secret of the store's (an
HMAC: never a name or member id, and not linkable across stores) and :func:`provider_key` the
rendering provider's; a :class:`~medoffice.claims.ports.ClaimHistory` stores and answers by
them (ask the history itself: ``history.patient_key(claim)``).

>>> from medoffice.testing import sample_claim
>>> secret = b"a secret of 16 bytes or more"
>>> key = patient_key(sample_claim(), secret=secret)
>>> len(key), key == patient_key(sample_claim(), secret=secret), provider_key(sample_claim())
(32, True, '1245319599')
>>> key == patient_key(sample_claim(), secret=b"another secret, another key")
False
"""

from medoffice.claims._history import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.claims._history import __all__  # noqa: F401 - and its list is this module's own

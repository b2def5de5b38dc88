"""The NCQA credentialing file planner: when a decision is due, its path and stale checks.

:func:`plan_recredentialing` gives a :class:`RecredentialingPlan` for an initial or a
recredentialing file: the due date, the :class:`RecredentialingPath` and the verifications that
will be stale, on the accreditation or the CVO :class:`CredentialingTrack`.

More information: NCQA Credentialing Standards CR 3 and CR 4
(https://www.ncqa.org/programs/health-plans/credentialing/).
"""

from medoffice.credentials._recredentialing import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.credentials._recredentialing import __all__  # noqa: F401 - and its list is this module's own

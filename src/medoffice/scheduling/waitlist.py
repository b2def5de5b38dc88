"""The waitlist: patients waiting for an earlier visit, offered freed time first.

A :class:`WaitlistEntry` asks for a type of visit within requested periods. When time opens up,
:func:`waitlist_matches` ranks the entries that can use it and :func:`make_offers` holds the slot
for the best match (or offers it to several at once, the first to accept wins, under an
:class:`OfferPolicy`). Accepting books through the same decision as any booking
(:func:`decide_acceptance`); :func:`overlapping_offers` and :func:`settle_acceptance` withdraw
the sibling offers. The use cases are the waitlist methods of
:class:`~medoffice.scheduling.Scheduling`.
"""

from medoffice.scheduling._waitlist import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.scheduling._waitlist import __all__  # noqa: F401 - and its list is this module's own

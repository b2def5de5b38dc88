"""Reallocations: an append-only journal of balanced budget transfers, replayed bitemporally.

A :class:`Transfer` moves budget between cells in balanced :class:`TransferLeg` values; it is
drafted, submitted and decided (:func:`draft`, :func:`submit`, :func:`decide`), each step a
:class:`JournalEntry`. :func:`transfer_states` replays the journal into :class:`TransferState`
values, :func:`pending_transfers` and :func:`net_transfers` summarise it, and
:func:`budget_as_of` answers what the budget was, as known at one instant, for another.
"""

from medoffice.budget._transfers import *  # noqa: F403 - this module is the public home of every name listed there
from medoffice.budget._transfers import __all__  # noqa: F401 - and its list is this module's own

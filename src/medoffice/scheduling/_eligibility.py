"""Asking the eligibility port: one day rule, and a port of the wrong shape refused loudly.

Whether a provider may see a type of visit is asked of the
:class:`~medoffice.scheduling.ports.ProviderEligibility` port for **the local day where the visit
happens**: the practice's day (``PracticeSetup.practice_zone``), whatever zone the provider's own
schedule is kept in. The slot search and the booking decision both ask through
:func:`ask_eligibility` with :func:`eligibility_day`, so a slot offered is never refused for
eligibility: a provider in Honolulu working for a New York practice whose licence ends on
2 March is bookable until midnight of 2 March in New York.

A runtime-checkable protocol only checks that a method of that name exists, so an object
answering another question (the credentials' ``is_eligible(provider_id, state, on)``, which
returns an ``(eligible, reasons)`` pair, always truthy) would pass it. :func:`checked_port`
refuses a method that cannot be called as ``is_eligible(provider, type_code=..., on=...)``, and
:func:`ask_eligibility` refuses any answer that is not a ``bool``.

>>> from datetime import date
>>> class Pair:
...     def is_eligible(self, provider_id, state, on):
...         return (False, ("licence lapsed",))
>>> checked_port(Pair())
Traceback (most recent call last):
...
medoffice.kernel._errors.InvalidArgument: the eligibility port answers is_eligible(provider, ...
"""

from __future__ import annotations

import inspect
from datetime import date
from typing import Final

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._time import local_day, zone
from medoffice.scheduling.ports import ProviderEligibility

__all__ = ["ask_eligibility", "checked_port", "eligibility_day"]

_SHAPE: Final = (
    "the eligibility port answers is_eligible(provider, type_code, on) -> bool; this object's"
    " is_eligible{} does not (to book with credentials, wrap CredentialEligibility in"
    " SchedulingEligibility)"
)


def eligibility_day(setup: PracticeSetup, start: int) -> date:
    """The day eligibility is judged for a visit starting at ``start`` (epoch seconds): the
    practice's local day, where the visit happens."""
    return local_day(start, zone(setup.practice_zone))


def checked_port(port: object) -> ProviderEligibility | None:
    """``port`` if it can answer the scheduling question (``None`` stays ``None``)."""
    if port is None:
        return None
    method = getattr(port, "is_eligible", None)
    if not callable(method):
        raise InvalidArgument(_SHAPE.format(" is missing"))
    try:
        signature = inspect.signature(method)
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        signature = None
    if signature is not None:
        try:
            signature.bind("provider", type_code="type", on=date(2000, 1, 1))
        except TypeError:
            raise InvalidArgument(_SHAPE.format(signature)) from None
    assert isinstance(port, ProviderEligibility)
    return port


def ask_eligibility(port: ProviderEligibility, provider: str, type_code: str, on: date) -> bool:
    """The port's answer for ``provider``, ``type_code`` and the day ``on``: a bool."""
    answer = port.is_eligible(provider, type_code=type_code, on=on)
    if not isinstance(answer, bool):
        raise InvalidArgument(
            "the eligibility port's is_eligible must answer True or False, not a "
            + type(answer).__name__
        )
    return answer

"""Identifiers and code syntax, one module each, in python-stdnum's shape.

Each module (``npi``, ``dea``, ``ein``, ``clia``, ``mbi``, ``icd10cm``, ``cpt``, ``hcpcs``,
``modifier``) offers the same four functions:

- ``compact(value)``: the value without separators and upper-cased;
- ``validate(value)``: the canonical compact form, or one of
  :class:`~medoffice.kernel.InvalidFormat`, :class:`~medoffice.kernel.InvalidLength`,
  :class:`~medoffice.kernel.InvalidChecksum`, :class:`~medoffice.kernel.InvalidComponent`
  (whose messages never contain the value);
- ``is_valid(value)``: a boolean, never an exception, whatever the input;
- ``format(value)``: the conventional presentation of a valid value.

:data:`KINDS` maps each kind's name to its module, and :func:`guess` names the kinds a value
could be. The code modules check syntax only: whether a code exists on a date of service is a
question for :mod:`medoffice.coding`.

More information:
  https://arthurdejong.org/python-stdnum/ (the shape followed here)

>>> from medoffice.identifiers import KINDS, guess, npi
>>> npi.validate("1234567893")
'1234567893'
>>> KINDS["ein"].format("123456789")
'12-3456789'
>>> guess("1234567893")
('npi',)
>>> guess("A0001")
('icd10cm', 'hcpcs')
>>> guess(None)
()
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Protocol

from medoffice.identifiers import clia, cpt, dea, ein, hcpcs, icd10cm, mbi, modifier, npi

__all__ = [
    "KINDS",
    "IdentifierKind",
    "clia",
    "cpt",
    "dea",
    "ein",
    "guess",
    "hcpcs",
    "icd10cm",
    "mbi",
    "modifier",
    "npi",
]


class IdentifierKind(Protocol):
    """What every identifier module offers; the modules themselves satisfy it."""

    def compact(self, value: str, /) -> str:
        """The value without separators and upper-cased."""
        ...

    def validate(self, value: str, /) -> str:
        """The canonical compact form, or raise a :class:`~medoffice.kernel.ValidationError`."""
        ...

    def is_valid(self, value: object, /) -> bool:
        """Whether the value is valid; never raises."""
        ...

    def format(self, value: str, /) -> str:
        """The conventional presentation of a valid value."""
        ...


# The order is the order `guess` answers in: identifiers first, then code syntax.
KINDS: Final[Mapping[str, IdentifierKind]] = MappingProxyType(
    {
        "npi": npi,
        "dea": dea,
        "ein": ein,
        "clia": clia,
        "mbi": mbi,
        "icd10cm": icd10cm,
        "cpt": cpt,
        "hcpcs": hcpcs,
        "modifier": modifier,
    }
)


def guess(value: object) -> tuple[str, ...]:
    """The names of the kinds for which ``value`` is valid, in the order of :data:`KINDS`."""
    return tuple(name for name, kind in KINDS.items() if kind.is_valid(value))

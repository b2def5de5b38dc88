"""Dimensions: the ways a budget line or a posting is sliced besides its account.

A practice budgets by cost centre (front desk, clinic, imaging), location, provider, service line
and payer. Each is optional: a line without a provider is for the whole practice. Roll-ups keep
some dimensions and sum over the others.

More information: MGMA Cost and Revenue Survey (cost by specialty, location and provider);
ASC 280 segment reporting (https://www.fasb.org).

>>> clinic = Dimensions(cost_centre="CLINIC", location="MAIN")
>>> clinic.keep({Dimension.COST_CENTRE})
Dimensions(cost_centre='CLINIC', location=None, provider=None, service_line=None, payer=None)
>>> clinic.get(Dimension.LOCATION)
'MAIN'

A slice asks for the cells that carry its values, whatever else they are tagged with:

>>> Dimensions(cost_centre="CLINIC", provider="P1").within(Dimensions(cost_centre="CLINIC"))
True
>>> Dimensions(provider="P1").within(Dimensions(cost_centre="CLINIC"))
False
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import NamedTuple, final

from medoffice.kernel import InvalidValue

__all__ = ["Dimension", "Dimensions"]


@final
class Dimension(enum.StrEnum):
    """A way of slicing the budget."""

    COST_CENTRE = "cost_centre"
    LOCATION = "location"
    PROVIDER = "provider"
    SERVICE_LINE = "service_line"
    PAYER = "payer"


def _key(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue("a dimension value is a non-empty string or None")
    return value.strip()


class _Fields(NamedTuple):
    cost_centre: str | None
    location: str | None
    provider: str | None
    service_line: str | None
    payer: str | None


@final
class Dimensions(_Fields):
    """The dimension values of one line or posting; ``None`` means "not sliced by this".

    A named tuple rather than an attrs class on purpose: dimensions sit inside the keys of every
    budget and actual cell, and a tuple hashes and compares in C, which keeps reports over tens
    of thousands of cells within milliseconds.
    """

    __slots__ = ()

    def __new__(
        cls,
        cost_centre: str | None = None,
        location: str | None = None,
        provider: str | None = None,
        service_line: str | None = None,
        payer: str | None = None,
    ) -> Dimensions:
        return super().__new__(
            cls, _key(cost_centre), _key(location), _key(provider), _key(service_line), _key(payer)
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Dimensions:
        """Build from ``{"cost_centre": "CLINIC", ...}``; unknown keys are an error."""
        unknown = set(data) - {d.value for d in Dimension}
        if unknown:
            raise InvalidValue(f"unknown dimensions: {', '.join(sorted(unknown))}")
        return cls(**{k: _key(v) for k, v in data.items()})

    def get(self, dimension: Dimension) -> str | None:
        """The value of one dimension."""
        value: str | None = getattr(self, Dimension(dimension).value)
        return value

    def keep(self, dimensions: Iterable[Dimension]) -> Dimensions:
        """These dimensions only; the others are summed over (set to ``None``)."""
        wanted = {Dimension(d) for d in dimensions}
        return Dimensions(**{d.value: self.get(d) for d in wanted})

    def within(self, slice_: Dimensions) -> bool:
        """Whether these values fall in ``slice_``: every dimension the slice sets is equal here.

        A cell tagged ``cost_centre=CLINIC, provider=P1`` is in the slice ``cost_centre=CLINIC``;
        the empty slice holds every cell.
        """
        return all(want is None or have == want for have, want in zip(self, slice_, strict=True))

    @classmethod
    def parse(cls, pairs: Iterable[str]) -> Dimensions:
        """Build from ``["cost_centre=CLINIC", "provider=P1"]``, as a command line gives them.

        >>> Dimensions.parse(["cost_centre=CLINIC"]).cost_centre
        'CLINIC'
        """
        found: dict[str, str] = {}
        for pair in pairs:
            name, sep, value = pair.partition("=")
            name = name.strip().replace("-", "_").lower()
            if not sep or not value.strip():
                raise InvalidValue(f"a slice is written DIMENSION=VALUE, not {pair[:40]!r}")
            if name in found:
                raise InvalidValue(f"the dimension {name[:40]!r} is given twice")
            found[name] = value
        return cls.from_mapping(found)

    def to_dict(self) -> dict[str, str]:
        """The dimensions that are set, as a JSON-ready mapping."""
        return {d.value: v for d in Dimension if (v := self.get(d)) is not None}

    def sort_key(self) -> tuple[str, ...]:
        """A total order for stable reports (unset sorts first)."""
        return tuple(self.get(d) or "" for d in Dimension)

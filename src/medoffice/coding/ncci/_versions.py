"""Choosing the table version for a date of service (shared by the MUE and add-on tables)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar, final

from medoffice.coding.ncci._quarter import Quarter
from medoffice.kernel import InvalidArgument

__all__ = ["VersionChooser"]

T = TypeVar("T")


def _start(quarter: Quarter | None) -> int:
    return 0 if quarter is None else quarter.first_day.toordinal()


@final
class VersionChooser(Generic[T]):
    """The latest version whose quarter starts on or before a day (the earliest before all)."""

    __slots__ = ("_only", "_starts", "items")

    def __init__(self, items: Sequence[T], quarter_of: Callable[[T], Quarter | None]) -> None:
        if not items:
            raise InvalidArgument("a table needs at least one version")
        self.items = tuple(sorted(items, key=lambda item: _start(quarter_of(item))))
        self._starts = [_start(quarter_of(item)) for item in self.items]
        self._only = self.items[0] if len(self.items) == 1 else None

    def choose(self, day: int) -> T:
        """The version for the day with proleptic ordinal ``day``."""
        if self._only is not None:
            return self._only
        return self.items[max(0, bisect_right(self._starts, day) - 1)]

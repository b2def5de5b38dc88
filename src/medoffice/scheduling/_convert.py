"""Converters for attrs fields: collections are stored as tuples and frozensets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["to_frozenset", "to_tuple"]


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """``value`` as a tuple (the element type is the field's annotation)."""
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """``value`` as a frozenset (the element type is the field's annotation)."""
    return frozenset(value)

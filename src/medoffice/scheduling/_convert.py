"""Converters and validators for attrs fields shared by the scheduling values.

``instance_of`` is the kernel's: it names the field and the type, never the value.

Collections are stored as tuples and frozensets; ids are non-empty strings; instants are
timezone-aware (a naive datetime would silently mean the machine's local time).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from medoffice.kernel import InvalidValue
from medoffice.kernel._validators import instance_of

__all__ = ["aware", "instance_of", "text", "to_frozenset", "to_tuple"]


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """``value`` as a tuple (the element type is the field's annotation)."""
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """``value`` as a frozenset (the element type is the field's annotation)."""
    return frozenset(value)


def text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a non-empty string (an id or a code)."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be a non-empty string")


def aware(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a timezone-aware datetime."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidValue(f"{attribute.name} must be a timezone-aware datetime")

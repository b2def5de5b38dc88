"""Field validators for attrs values that never echo the value they refuse.

``attrs.validators.instance_of`` raises a ``TypeError`` quoting the rejected value, and keeps
the value in the exception's arguments: ``Patient(date_of_birth="1947-02-13")`` would put a
date of birth into a log line or an error report. These validators say which field and what it
expects, and name only the *type* they got, raising :class:`~medoffice.kernel.InvalidType`
(an ``InvalidValue``, and a ``TypeError`` as attrs' own was); every value class that may hold
protected health information (names, dates of birth, member ids, addresses) validates its
fields with them.

>>> import attrs
>>> from datetime import date
>>> @attrs.frozen
... class Person:
...     born: date | None = attrs.field(default=None, validator=optional(instance_of(date)))
>>> Person(born="1947-02-13")
Traceback (most recent call last):
...
medoffice.kernel._errors.InvalidType: born must be a date or None, not a str
>>> instance_of(date)
instance_of(date)
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar, final

import attrs

from medoffice.kernel._errors import InvalidType, InvalidValue

__all__ = ["each", "instance_of", "member_of", "optional"]

E = TypeVar("E", bound=enum.Enum)


def _names(kinds: tuple[type, ...]) -> str:
    return " or ".join(kind.__name__ for kind in kinds)


@final
class _InstanceOf:
    __slots__ = ("_kinds", "_optional")

    def __init__(self, kinds: tuple[type, ...], *, optional: bool = False) -> None:
        self._kinds = kinds
        self._optional = optional

    def expected(self) -> str:
        return _names(self._kinds) + (" or None" if self._optional else "")

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if self._optional and value is None:
            return
        # bool is an int to Python, never to a field that asks for a number
        if isinstance(value, self._kinds) and not (
            isinstance(value, bool) and bool not in self._kinds and int in self._kinds
        ):
            return
        raise InvalidType(
            f"{attribute.name} must be a {self.expected()}, not a {type(value).__name__}"
        )

    def __repr__(self) -> str:
        inner = f"instance_of({', '.join(kind.__name__ for kind in self._kinds)})"
        return f"optional({inner})" if self._optional else inner


@final
class _Each:
    __slots__ = ("_member",)

    def __init__(self, member: _InstanceOf) -> None:
        self._member = member

    def __call__(self, _: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple | frozenset):
            raise InvalidType(
                f"{attribute.name} must be a collection, not a {type(value).__name__}"
            )
        for item in value:
            if not isinstance(item, self._member._kinds):  # noqa: SLF001 - same module
                raise InvalidType(
                    f"every member of {attribute.name} must be a {self._member.expected()}, "
                    f"not a {type(item).__name__}"
                )

    def __repr__(self) -> str:
        return f"each({self._member!r})"


def instance_of(*kinds: type) -> _InstanceOf:
    """A validator refusing anything but an instance of ``kinds``, naming the field, not the
    value (``True`` is refused where an ``int`` is asked for)."""
    if not kinds or not all(isinstance(kind, type) for kind in kinds):
        raise InvalidValue("instance_of needs one or more types")
    return _InstanceOf(kinds)


def optional(validator: _InstanceOf) -> _InstanceOf:
    """``validator``, also letting ``None`` through."""
    if not isinstance(validator, _InstanceOf):
        raise InvalidValue("optional takes a validator made by instance_of")
    return _InstanceOf(validator._kinds, optional=True)  # noqa: SLF001 - same module


def each(member: _InstanceOf) -> _Each:
    """A validator of a tuple or frozenset whose every member passes ``member``."""
    if not isinstance(member, _InstanceOf):
        raise InvalidValue("each takes a validator made by instance_of")
    return _Each(member)


def member_of(kind: type[E], value: object) -> E:
    """``value`` as a member of the enumeration ``kind``, or :class:`InvalidValue` naming the
    allowed values (never the one given: the enumeration's own ``ValueError`` quotes it).

    >>> member_of(enum.Enum("Colour", {"RED": "red"}), "blue")
    Traceback (most recent call last):
    ...
    medoffice.kernel._errors.InvalidValue: not a Colour; allowed: red
    """
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise InvalidValue(f"not a {kind.__name__}; allowed: {allowed}") from None

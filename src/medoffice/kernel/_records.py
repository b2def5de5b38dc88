"""Frozen value records that cost no import: ``__slots__`` classes with value semantics.

The values a process builds in its first milliseconds (the ICD-10-CM items a cold lookup hands
out) are written as plain ``__slots__`` classes on :class:`FrozenRecord`, so that answering one
lookup does not import attrs (about 35 ms). A record behaves like a frozen attrs class: equal
when its type and compared fields are equal, hashable, a ``repr`` naming each field, and
assigning a field raises ``attrs.exceptions.FrozenInstanceError`` (an ``AttributeError``).
Copying and pickling go through :meth:`FrozenRecord.__getstate__`.

A subclass lists its fields in ``__slots__`` and annotates them in the class body: the order of
the annotations is the order of the fields (in the ``repr``, in comparisons). Fields named in
``_hidden`` (private caches) are left out of equality, hashing and the ``repr``. Its ``__init__``
sets each field with ``object.__setattr__``.

>>> class Pair(FrozenRecord):
...     __slots__ = ("left", "right")
...     right: int
...     left: int
...
...     def __init__(self, *, left: int, right: int) -> None:
...         object.__setattr__(self, "left", left)
...         object.__setattr__(self, "right", right)
>>> Pair(left=1, right=2)
Pair(right=2, left=1)
>>> Pair(left=1, right=2) == Pair(left=1, right=2), len({Pair(left=1, right=2)})
(True, 1)
>>> Pair(left=1, right=2).left = 3
Traceback (most recent call last):
...
attr.exceptions.FrozenInstanceError: can't set attribute
"""

from __future__ import annotations

from operator import attrgetter  # already imported by collections, which the callers use

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar, final
else:

    def final(cls: type) -> type:
        """``typing.final`` (a mark for type checkers) without importing ``typing``."""
        cls.__final__ = True
        return cls


__all__ = ["FrozenRecord", "final"]


def _frozen(name: str) -> Exception:
    import attrs  # noqa: PLC0415 - only a mistaken assignment pays for the attrs import

    error = attrs.exceptions.FrozenInstanceError()
    error.name = name
    return error


class FrozenRecord:
    """The value semantics of a frozen attrs class for a plain ``__slots__`` class."""

    __slots__ = ()
    _hidden: ClassVar[frozenset[str]] = frozenset()
    _getter: ClassVar[Callable[[Any], Any]]

    @classmethod
    def _fields(cls) -> tuple[str, ...]:
        fields = cls.__dict__.get("_field_names")
        if fields is None:
            slots = {name for klass in cls.__mro__ for name in klass.__dict__.get("__slots__", ())}
            fields = tuple(
                name
                for klass in reversed(cls.__mro__)
                for name in klass.__dict__.get("__annotations__", {})  # noqa: RUF063 - no inspect import
                if name in slots and name not in cls._hidden
            )
            type.__setattr__(cls, "_field_names", fields)
        return fields

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # One C-level getter of the compared fields per class, made when the class is: equality
        # and hashing then cost what an attrs class's generated methods cost.
        fields = cls._fields()
        getter = attrgetter(*fields) if fields else (lambda _record: ())
        type.__setattr__(cls, "_getter", getter)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        getter = self.__class__._getter
        return bool(getter(self) == getter(other))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash((self.__class__.__qualname__, self.__class__._getter(self)))  # noqa: SLF001

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields())
        return f"{self.__class__.__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise _frozen(name)

    def __delattr__(self, name: str) -> None:
        raise _frozen(name)

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._fields()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        for name in self._hidden:
            object.__setattr__(self, name, None)

"""Building frozen values from fields already checked: what readers do for every record.

A reader that parses a file builds one value per claim, line or payment, from values it has
just parsed and checked itself (``Money``, ``date``, tuples of strings). Running the public
constructor again would convert and validate each field a second time, and a frozen attrs class
sets every field through a generic ``object.__setattr__`` call. :func:`checked_constructor`
makes, once per class, a function that takes every field positionally in declaration order and
stores each one through its slot directly. The value it builds equals (and hashes as) the one
the public constructor builds from the same fields; the caller answers for the fields' types and
invariants.

For a class without a ``__weakref__`` slot (``weakref_slot=False``), the value is first made as
an instance of a mutable twin with the very same slots, whose plain attribute stores the
interpreter specializes, and then becomes an instance of the class (``__class__`` assignment,
which Python allows between such twins). For any other class, each slot's setter is called.

>>> import attrs
>>> @attrs.frozen
... class Pair:
...     left: int = attrs.field(converter=int)
...     right: tuple[int, ...] = attrs.field(converter=tuple)
>>> make = checked_constructor(Pair)
>>> make(1, (2, 3)) == Pair("1", [2, 3])
True
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["checked_constructor", "mutable_twin"]

_T = TypeVar("_T")


def checked_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A positional constructor of the slotted attrs class ``cls`` that checks nothing."""
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    for name in names:
        if not isinstance(cls.__dict__.get(name), types.MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{name} is not a slot: the class must be slotted")
    twin = mutable_twin(cls)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_twin": twin}
    if twin is not None:
        body = ["    made = _twin()"]  # the twin has no __init__: calling it only allocates
        body.extend(f"    made.{name} = {name}" for name in names)
        body.append("    made.__class__ = _cls")
    else:
        body = ["    made = _new(_cls)"]
        for index, name in enumerate(names):
            # The slot's own setter: no look-up by name, no frozen __setattr__ to go around.
            namespace[f"_set{index}"] = cls.__dict__[name].__set__
            body.append(f"    _set{index}(made, {name})")
    body.append("    return made")
    source = f"def checked_{cls.__name__}({', '.join(names)}):\n" + "\n".join(body) + "\n"
    exec(compile(source, f"<checked constructor of {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - generated from the class's own field names, as attrs does
    made: Callable[..., _T] = namespace[f"checked_{cls.__name__}"]
    made.__doc__ = f"A {cls.__name__} of fields already checked, positional, in order."
    return made


def mutable_twin(cls: type) -> type | None:
    """A mutable class with the slots of ``cls`` whose instances may become ``cls``'s, or None.

    A builder that fills a value field by field (a reader's line, say) stores plain attributes
    on the twin and then assigns ``__class__ = cls``; None where ``cls`` has a base class, no
    slots tuple or a ``__weakref__`` slot.
    """
    slots = cls.__dict__.get("__slots__")
    if cls.__bases__ != (object,) or not isinstance(slots, tuple) or "__weakref__" in slots:
        return None
    twin = type(f"_Mutable{cls.__name__}", (), {"__slots__": slots})
    probe: Any = twin()
    try:
        probe.__class__ = cls
    except TypeError:  # pragma: no cover - a layout Python does not take as the same
        return None
    return twin

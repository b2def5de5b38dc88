"""The values of the 837P reader rebuilt through their public constructors, for comparison."""

from __future__ import annotations

import attrs

from medoffice.adapters.formats.x12 import _model


def rebuilt(value: object) -> object:
    """``value`` built again, field by field and all the way down, by the public constructors."""
    kind = type(value)
    if attrs.has(kind) and kind.__module__ == _model.__name__:
        fields = {f.name: rebuilt(getattr(value, f.name)) for f in attrs.fields(kind)}
        return kind(**fields)
    if isinstance(value, tuple):
        return tuple(rebuilt(item) for item in value)
    return value


def assert_built_as_public(value: object) -> None:
    """``value`` equals, and hashes as, the same fields given to the public constructors."""
    again = rebuilt(value)
    assert type(again) is type(value)
    assert again == value
    assert hash(again) == hash(value)

"""The kernel's field validators: name the field and the type, never the value."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs
import pytest

from medoffice.kernel import InvalidType, InvalidValue
from medoffice.kernel._validators import each, instance_of, member_of, optional


class _Colour(enum.Enum):
    RED = "red"


@attrs.frozen
class _Record:
    count: int = attrs.field(default=0, validator=instance_of(int))
    born: date | None = attrs.field(default=None, validator=optional(instance_of(date)))
    tags: tuple[str, ...] = attrs.field(default=(), validator=each(instance_of(str)))


class TestRefusals:
    """Wrong types are refused with InvalidType (a ValueError and a TypeError)."""

    @pytest.mark.parametrize(
        ("field", "value", "expected"),
        [
            ("count", "12-34", "count must be a int, not a str"),
            ("count", True, "count must be a int, not a bool"),
            ("born", "1947-02-13", "born must be a date or None, not a str"),
            ("tags", ["x"], "tags must be a collection, not a list"),
            ("tags", ("x", 1947), "every member of tags must be a str, not a int"),
        ],
    )
    def test_the_message_names_the_field_and_types_only(
        self, field: str, value: object, expected: str
    ) -> None:
        """The message is the field, the expected type and the type given; args hold no value."""
        with pytest.raises(InvalidType) as raised:
            attrs.evolve(_Record(), **{field: value})  # type: ignore[arg-type]
        assert str(raised.value) == expected
        assert raised.value.args == (expected,)
        assert isinstance(raised.value, TypeError)
        assert isinstance(raised.value, ValueError)

    def test_valid_values_pass(self) -> None:
        """Right types, None where optional, and frozensets pass."""
        record = _Record(count=3, born=None, tags=("a", "b"))
        assert record.count == 3
        tags: Any = frozenset({"a"})
        assert attrs.evolve(_Record(), tags=tags).tags == tags


class TestFactories:
    """The factories refuse misuse and have readable reprs."""

    def test_reprs(self) -> None:
        """Each validator says what it checks."""
        assert repr(optional(instance_of(date, str))) == "optional(instance_of(date, str))"
        assert repr(each(instance_of(int))) == "each(instance_of(int))"

    @pytest.mark.parametrize(
        "call",
        [
            instance_of,
            lambda: instance_of("str"),  # type: ignore[arg-type]
            lambda: optional(len),  # type: ignore[arg-type]
            lambda: each(len),  # type: ignore[arg-type]
        ],
    )
    def test_misuse_is_refused(self, call: object) -> None:
        """No type, a non-type, or a foreign validator is an InvalidValue."""
        with pytest.raises(InvalidValue):
            call()  # type: ignore[operator]


class TestMemberOf:
    """Enumeration members by value; the refusal lists what is allowed, not what was given."""

    def test_a_member_and_a_refusal(self) -> None:
        """'red' is RED; 'Zzyzx' is refused without being quoted."""
        assert member_of(_Colour, "red") is _Colour.RED
        with pytest.raises(InvalidValue) as raised:
            member_of(_Colour, "Zzyzx")
        assert "Zzyzx" not in repr(raised.value)
        assert raised.value.__suppress_context__

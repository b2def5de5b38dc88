"""Checked constructors: the values of the public constructors, without checking again."""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pytest

from medoffice.kernel import Money
from medoffice.kernel._checked import checked_constructor
from medoffice.kernel._validators import instance_of


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class _Charge:
    code: str = attrs.field(validator=instance_of(str))
    amount: Money
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_texts)


@attrs.frozen(kw_only=True, weakref_slot=False)
class _Line:
    code: str
    units: int = 1
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_texts)


@attrs.frozen(kw_only=True, slots=False)
class _Loose:
    code: str


class TestCheckedConstructor:
    def test_it_builds_the_value_the_public_constructor_builds(self) -> None:
        """Equal, with equal hashes, and every field set."""
        make = checked_constructor(_Charge)
        made = make("99213", Money.of("80.00", "USD"), ("25",))
        public = _Charge(code="99213", amount=Money.of("80.00", "USD"), modifiers=["25"])
        assert made == public
        assert hash(made) == hash(public)
        assert attrs.asdict(made, recurse=False) == attrs.asdict(public, recurse=False)

    def test_it_takes_every_field_in_declaration_order(self) -> None:
        """A field left out is an error at once, not an unset slot found later."""
        make = checked_constructor(_Charge)
        with pytest.raises(TypeError):
            make("99213", Money.of("80.00", "USD"))

    def test_the_values_stay_frozen(self) -> None:
        """What it builds is as immutable as any other instance."""
        made = checked_constructor(_Charge)("99213", Money.of("80.00", "USD"), ())
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            made.code = "99214"  # type: ignore[misc]

    def test_a_class_without_slots_is_refused(self) -> None:
        """Only slotted classes have the per-field setters it relies on."""
        with pytest.raises(TypeError, match="slotted"):
            checked_constructor(_Loose)

    @pytest.mark.parametrize("cls", [_Charge, _Line])
    def test_with_or_without_a_weakref_slot_it_builds_an_instance_of_the_class(
        self, cls: type[_Charge | _Line]
    ) -> None:
        """Without ``__weakref__`` the value is made as a twin first: it ends as the class's own."""
        charge = ("99213", Money.of("80.00", "USD"), ("25",))
        fields = charge if cls is _Charge else ("99213", 2, ())
        made = checked_constructor(cls)(*fields)
        assert type(made) is cls
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            made.code = "99214"  # type: ignore[misc]

    def test_a_class_without_a_weakref_slot_gets_the_public_constructors_value(self) -> None:
        """Equal, hashing the same, with every field set, as from the slot setters."""
        made = checked_constructor(_Line)("99213", 2, ("25",))
        public = _Line(code="99213", units=2, modifiers=["25"])
        assert made == public
        assert hash(made) == hash(public)
        assert attrs.asdict(made, recurse=False) == attrs.asdict(public, recurse=False)

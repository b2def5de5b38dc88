"""Every kind at once: KINDS, guess, junk input, round trips, and messages without values."""

from __future__ import annotations

import types
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice import identifiers
from medoffice.identifiers import KINDS, IdentifierKind, guess
from medoffice.kernel import ValidationError
from medoffice.testing import _identifier_strategies as strategies

VALID: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "npi": strategies.npis,
    "dea": strategies.deas,
    "ein": strategies.eins,
    "clia": strategies.clias,
    "mbi": strategies.mbis,
    "icd10cm": strategies.icd10cm_codes,
    "cpt": strategies.cpt_codes,
    "hcpcs": strategies.hcpcs_codes,
    "modifier": strategies.modifiers,
}

JUNK: tuple[object, ...] = (
    None,
    "",
    "€",
    " ",
    "-",
    ".",
    "\x00",
    "1" * 10**6,
    "1234567893" * 1000,
    object(),
    12345,
    1234567893,
    1.5,
    True,
    b"1234567893",
    bytearray(b"99213"),
    ["1234567893"],
    ("99213",),
    {"npi": "1234567893"},
    "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff13",  # full-width digits
    "١٢٣٤٥٦٧٨٩٣",  # Arabic-Indic digits
    "ﬁ234",  # a ligature that upper-cases to two ASCII letters
    "1234567893\x00",
)


def message_of(kind: IdentifierKind, value: str) -> str:
    """The message ``validate`` raises for ``value``, or ``''`` when the value is valid."""
    try:
        kind.validate(value)
    except ValidationError as error:
        return str(error)
    return ""


class TestKinds:
    def test_kinds_are_the_nine_modules_in_order(self) -> None:
        """KINDS names every module, identifiers first, then code syntax."""
        assert list(KINDS) == list(VALID)
        assert all(isinstance(kind, types.ModuleType) for kind in KINDS.values())

    def test_kinds_cannot_be_changed(self) -> None:
        """KINDS is a read-only mapping."""
        with pytest.raises(TypeError):
            KINDS["ssn"] = identifiers.npi  # type: ignore[index]

    def test_each_kind_offers_the_four_functions(self) -> None:
        """compact, validate, is_valid and format are callables on every kind."""
        for kind in KINDS.values():
            for name in ("compact", "validate", "is_valid", "format"):
                assert callable(getattr(kind, name))

    def test_modules_type_check_as_identifier_kinds(self) -> None:
        """A module can be passed wherever an IdentifierKind is expected."""
        kind: IdentifierKind = identifiers.npi
        assert kind.format("1234567893") == "1234567893"


class TestGuess:
    @pytest.mark.parametrize(
        ("value", "kinds"),
        [
            ("1234567893", ("npi",)),
            ("AB1234563", ("dea",)),
            ("12-3456789", ("ein",)),
            ("05D0123456", ("clia",)),
            ("1EG4-TE5-MK73", ("mbi",)),
            ("E11.9", ("icd10cm",)),
            ("99213", ("cpt",)),
            ("J1100", ("icd10cm", "hcpcs")),
            ("25", ("modifier",)),
            ("1234567890", ()),
            (None, ()),
        ],
    )
    def test_guess_names_every_kind_the_value_is_valid_for(
        self, value: object, kinds: tuple[str, ...]
    ) -> None:
        """guess answers the kinds whose is_valid accepts the value, in KINDS order."""
        assert guess(value) == kinds

    @given(
        st.sampled_from(list(VALID)).flatmap(lambda name: st.tuples(st.just(name), VALID[name]()))
    )
    def test_a_valid_value_is_always_guessed_as_its_own_kind(self, drawn: tuple[str, str]) -> None:
        """Whatever else it might be, a valid value's own kind is among the guesses."""
        name, value = drawn
        guesses = guess(value)
        assert name in guesses
        assert list(guesses) == [n for n in KINDS if n in guesses]


class TestRobustness:
    @pytest.mark.parametrize("name", list(KINDS))
    @pytest.mark.parametrize("junk", JUNK, ids=lambda v: type(v).__name__)
    def test_is_valid_answers_false_to_junk(self, name: str, junk: object) -> None:
        """is_valid never raises and never accepts junk."""
        assert KINDS[name].is_valid(junk) is False

    @pytest.mark.parametrize("name", list(KINDS))
    @pytest.mark.parametrize("junk", JUNK, ids=lambda v: type(v).__name__)
    def test_validate_refuses_junk_with_a_medoffice_error(self, name: str, junk: object) -> None:
        """validate raises a ValidationError for junk, never a bare TypeError or AttributeError."""
        with pytest.raises(ValidationError):
            KINDS[name].validate(junk)  # type: ignore[arg-type]

    @pytest.mark.parametrize("name", list(KINDS))
    @given(value=st.text(max_size=20) | st.binary(max_size=12) | st.integers() | st.none())
    def test_is_valid_never_raises(self, name: str, value: object) -> None:
        """is_valid is total: any text, bytes, integer or None gives a boolean."""
        assert isinstance(KINDS[name].is_valid(value), bool)


class TestRoundTrips:
    @pytest.mark.parametrize("name", list(KINDS))
    @given(data=st.data())
    def test_validate_of_format_and_of_compact_give_the_value_back(
        self, name: str, data: st.DataObject
    ) -> None:
        """validate(format(x)) == x and validate(compact(x)) == x for valid values."""
        kind = KINDS[name]
        value = data.draw(VALID[name]())
        assert kind.validate(kind.format(value)) == value
        assert kind.validate(kind.compact(value)) == value
        assert kind.validate(kind.format(value).lower()) == value


class TestMessagesWithoutValues:
    @pytest.mark.parametrize("name", list(KINDS))
    @given(
        value=st.text(
            alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ-. ", min_size=6, max_size=14
        ).filter(lambda v: any(c.isdigit() for c in v))
    )
    def test_no_error_message_repeats_the_value(self, name: str, value: str) -> None:
        """Whatever the value and whatever is wrong with it, the message does not contain it."""
        kind = KINDS[name]
        message = message_of(kind, value)
        assert value.strip() not in message
        assert kind.compact(value) not in message

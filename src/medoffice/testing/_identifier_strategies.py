"""Hypothesis strategies for valid identifiers and well-formed codes, in canonical compact form.

Check digits are computed, never taken from a list, so every draw is a fresh valid value::

    from hypothesis import given
    from medoffice.identifiers import npi
    from medoffice.testing._identifier_strategies import npis


    @given(npis())
    def test_npis_are_valid(value: str) -> None:
        assert npi.is_valid(value)
"""

from __future__ import annotations

import string
from typing import Final

from hypothesis import strategies as st

from medoffice.identifiers import dea, ein, hcpcs, mbi, npi
from medoffice.identifiers.cpt import CptCategory

__all__ = [
    "clias",
    "cpt_codes",
    "deas",
    "eins",
    "hcpcs_codes",
    "icd10cm_codes",
    "mbis",
    "modifiers",
    "npis",
]

_DIGITS: Final = string.digits
_UPPER: Final = string.ascii_uppercase
_ALNUM: Final = _DIGITS + _UPPER


def _chars(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=size, max_size=size)


@st.composite
def npis(draw: st.DrawFn) -> str:
    """Valid NPIs: 1 or 2, eight more digits, and the computed check digit."""
    first_nine = draw(st.sampled_from("12")) + draw(_chars(_DIGITS, 8))
    return first_nine + npi.calc_check_digit(first_nine)


@st.composite
def deas(draw: st.DrawFn) -> str:
    """Valid DEA registration numbers of every registrant type."""
    kind = draw(st.sampled_from(sorted(dea.REGISTRANT_TYPES)))
    initial = draw(st.sampled_from(_UPPER + "9"))
    six = draw(_chars(_DIGITS, 6))
    return kind + initial + six + dea.calc_check_digit(six)


@st.composite
def eins(draw: st.DrawFn) -> str:
    """Valid EINs, nine digits, with a prefix the IRS assigns."""
    prefixes = sorted(frozenset().union(*ein.CAMPUS_PREFIXES.values()))
    return draw(st.sampled_from(prefixes)) + draw(_chars(_DIGITS, 7))


def clias() -> st.SearchStrategy[str]:
    """Well-formed CLIA numbers: two digits, ``D``, seven digits."""
    return st.builds(
        lambda state, serial: f"{state}D{serial}", _chars(_DIGITS, 2), _chars(_DIGITS, 7)
    )


@st.composite
def mbis(draw: st.DrawFn) -> str:
    """Well-formed MBIs, each position drawn from the characters CMS allows there."""
    letters = mbi.LETTERS
    either = _DIGITS + letters
    pattern = (
        *("123456789", letters, either, _DIGITS),
        *(letters, either, _DIGITS),
        *(letters, letters, _DIGITS, _DIGITS),
    )
    return "".join(draw(st.sampled_from(alphabet)) for alphabet in pattern)


@st.composite
def icd10cm_codes(draw: st.DrawFn) -> str:
    """Well-formed ICD-10-CM codes of three to seven characters, without the dot."""
    head = draw(st.sampled_from(_UPPER)) + draw(st.sampled_from(_DIGITS))
    return head + draw(st.text(alphabet=_ALNUM, min_size=1, max_size=5))


@st.composite
def cpt_codes(draw: st.DrawFn, *, category: CptCategory | None = None) -> str:
    """Well-formed CPT codes, of one category or of any."""
    chosen = category if category is not None else draw(st.sampled_from(list(CptCategory)))
    last = {
        CptCategory.I: _DIGITS,
        CptCategory.II: "F",
        CptCategory.III: "T",
        CptCategory.PLA: "U",
        CptCategory.MAAA: "M",
    }[chosen]
    return draw(_chars(_DIGITS, 4)) + draw(st.sampled_from(last))


def hcpcs_codes() -> st.SearchStrategy[str]:
    """Well-formed HCPCS Level II codes, with the letters CMS uses."""
    letters = "".join(sorted(hcpcs.LETTERS))
    return st.builds(str.__add__, st.sampled_from(letters), _chars(_DIGITS, 4))


def modifiers() -> st.SearchStrategy[str]:
    """Well-formed modifiers: two letters or digits."""
    return _chars(_ALNUM, 2)

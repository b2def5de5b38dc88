"""Hypothesis strategies for claims: plausible ones, and garbage that the checker must survive.

``claims()`` draws claims whose every field may be realistic or junk: codes of any text, empty
and huge lists (up to 60 lines, 15 diagnoses, 6 modifiers), odd dates, zero and negative
amounts. Names and dates of birth are drawn from recognisable markers so a test can assert that
no finding ever quotes them.

>>> from hypothesis import given, settings
>>> @settings(max_examples=5)
... @given(claims())
... def test(claim):
...     assert isinstance(claim, Claim)
>>> test()
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from medoffice.claims._model import (
    Claim,
    Patient,
    Payer,
    PayerType,
    Provider,
    ServiceLine,
    Subscriber,
)
from medoffice.kernel import Money

__all__ = ["PATIENT_NAME", "claims", "diagnosis_codes", "procedure_codes", "service_lines"]

# A name no rule could produce by accident; tests assert that no message ever contains it.
PATIENT_NAME = "Zebulon Quixotic-Marrowfield"

_DX_POOL = (
    "E11.65", "I10", "E78.5", "Z79.4", "E11.9", "E10.9", "M54.5", "M54.50", "S72.001",
    "S72.001A", "S72.001Z", "T36.01A", "T36.0X1A", "W19.XXXA", "F02.80", "G30.9", "Z00.00",
    "Z00.129", "Z38.00", "O80", "N40.0", "N95.1", "J06.9", "U07.1", "E78.99",
)  # fmt: skip
_PX_POOL = ("99213", "99214", "83036", "G2211", "J1100", "A4397", "0001U", "1036F", "9921")


def diagnosis_codes() -> st.SearchStrategy[str]:
    """Known sample codes, ICD-shaped strings and arbitrary text."""
    return st.one_of(
        st.sampled_from(_DX_POOL),
        st.from_regex(r"[A-Z][0-9][0-9A-Z]\.?[0-9A-Z]{0,4}", fullmatch=True),
        st.text(max_size=12),
        st.text(min_size=200, max_size=400),
    )


def procedure_codes() -> st.SearchStrategy[str]:
    """Known codes, code-shaped strings and arbitrary text."""
    return st.one_of(
        st.sampled_from(_PX_POOL),
        st.from_regex(r"[0-9A-Z]{5}", fullmatch=True),
        st.text(max_size=8),
        st.text(min_size=200, max_size=400),
    )


_DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
_RECENT = st.dates(min_value=date(2023, 6, 1), max_value=date(2027, 6, 30))


@st.composite
def _money(draw: st.DrawFn) -> Money:
    return Money.from_minor_units(draw(st.integers(-(10**9), 10**9)), "USD")


@st.composite
def service_lines(draw: st.DrawFn) -> ServiceLine:
    """A service line, realistic or not."""
    start = draw(st.one_of(_RECENT, _DAYS))
    end = draw(st.none() | st.just(start) | _DAYS | st.just(start + timedelta(days=3)))
    return ServiceLine(
        service_from=start,
        service_to=end,
        procedure=draw(procedure_codes()),
        place_of_service=draw(st.sampled_from(["11", "02", "22", "1", ""]) | st.text(max_size=3)),
        modifiers=draw(
            st.lists(
                st.sampled_from(["25", "59", "91", "GT", "XU"]) | st.text(max_size=3), max_size=6
            )
        ),
        pointers=draw(st.lists(st.integers(-2, 16), max_size=6)),
        units=draw(st.decimals(min_value=-5, max_value=10**6, places=3, allow_nan=False)),
        charge=draw(_money()),
    )


def _npis() -> st.SearchStrategy[str]:
    return st.sampled_from(["1234567893", "1245319599", "1245319590", ""]) | st.text(max_size=12)


@st.composite
def claims(draw: st.DrawFn, *, max_lines: int = 60, max_diagnoses: int = 15) -> Claim:
    """Claims from clean to garbage (empty and over-long lists, junk codes, odd dates)."""
    birth = draw(st.none() | _DAYS)
    patient = Patient(
        name=PATIENT_NAME,
        date_of_birth=birth,
        sex=draw(st.sampled_from(["F", "M", "U", "X", ""])),
    )
    subscriber = Subscriber(
        relationship=draw(st.sampled_from(["18", "01", "19", "G8"])),
        member_id=draw(st.sampled_from(["1EG4TE5MK73", "123456789A", ""]) | st.text(max_size=14)),
        name=PATIENT_NAME,
        date_of_birth=birth,
    )
    payer = Payer(
        payer_id=draw(st.sampled_from(["00952", "60054", ""])),
        type=draw(st.sampled_from(list(PayerType))),
    )
    lines = draw(st.lists(service_lines(), max_size=max_lines))
    total = draw(st.none() | _money())
    return Claim(
        patient_control_number=draw(st.text(max_size=20)),
        frequency=draw(st.sampled_from(["1", "7", "8", "5", ""])),
        original_reference=draw(st.none() | st.text(max_size=10)),
        billing=Provider(
            npi=draw(_npis()),
            tin=draw(
                st.none()
                | st.sampled_from(["12-3456789", "07-3456789", "123-45-6789"])
                | st.text(max_size=11)
            ),
        ),
        rendering=draw(st.none() | st.builds(Provider, npi=_npis())),
        referring=draw(st.none() | st.builds(Provider, npi=_npis())),
        patient=patient,
        subscriber=subscriber,
        payer=payer,
        diagnoses=draw(st.lists(diagnosis_codes(), max_size=max_diagnoses)),
        lines=lines,
        total_charge=total,
    )

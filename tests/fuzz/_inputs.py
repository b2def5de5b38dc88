"""Hostile inputs for the fuzz harness: seeds, mutations and the tokens that broke readers before.

Each strategy starts from a valid document (a generated 837P, an example claim, profile,
practice file, roster or budget) and applies a few mutations: a span deleted, a span replaced,
or one of the ``NASTY`` tokens inserted (deep nesting, a 4,301-digit number, rich markup, a
lone surrogate escape, a byte-order mark, another transaction set's header, delimiters).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Final

from hypothesis import strategies as st

from medoffice.testing import generate_837p

# Inputs tried per target in this run, for the closing note.
TRIED: Final[Counter[str]] = Counter()
ROOT: Final = Path(__file__).parents[2]
EXAMPLES: Final = ROOT / "examples"

NASTY: Final[tuple[bytes, ...]] = (
    b"[" * 1000 + b"]" * 1000,
    b"{" * 300,
    b"1" * 4301,
    b"-" + b"9" * 5000,
    b"1e999999",
    b"[/bold]",
    b"[red]x[/]",
    b"\\ud800",
    b'"\\udfff"',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xc3\x28",
    b"~",
    b"*",
    b":",
    b"^",
    b"\n",
    b"ST*835*0001~",
    b"ST*837*0001*005010X223A2~",
    b"GS*HP*A*B*20260301*1200*1*X*004010X098A1~",
    b"SV1*HC:99213:RH:P1*100*UN*1***" + b"1" * 4301 + b"~",
    b"PAT*01~",
    b"LIN**N4*00002014102~CTP****1*UN~",
    b"NM1*DN*1*DOE*JOHN****XX*~",
    b"HL*9*1*22*0~",
    b"CLM*X*1e9999***11:B:1~",
    b"DTP*472*RD8*99991231-00010101~",
    b'"date_of_birth": "1947-02-13"',
    b'"units": "1e999999"',
    b'"charge": "NaN"',
    b"9999-12-31",
    b"0000-00-00",
    b"'''",
    b'"""',
    b"a = [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]",
)


def _seed(path: str) -> bytes:
    return (EXAMPLES / path).read_bytes()


def _secondary_claim() -> bytes:
    """A claim with a drug line, line providers and another payer (loops 2410, 2420, 2320)."""
    data = generate_837p(1, seed=11)
    data = data.replace(
        b"LX*1~",
        b"NM1*77*2*CLINIC*****XX*1245319599~N3*5 RD~N4*CITY*IL*62702~"
        b"SBR*S*01*G******CI~CAS*CO*45*20.00~AMT*D*15.00~OI***Y***Y~"
        b"NM1*IL*1*OTHER*O****MI*X1~NM1*PR*2*PAYER*****PI*P1~LX*1~",
        1,
    )
    marker = data.index(b"DTP*472*")
    end = data.index(b"~", marker) + 1
    line = (
        b"LIN**N4*00002014102~CTP****2*ML~NM1*DK*1*ORDER*O****XX*1245319599~"
        b"NM1*PW*2~N3*1 A~N4*CITY*IL*62703~"
    )
    return data[:end] + line + data[end:]  # SE01 now short: one envelope finding, on purpose


SEEDS: Final = {
    "x12": (generate_837p(2, seed=3), generate_837p(1, seed=11), _secondary_claim()),
    "claims": (_seed("claims/clean_medicare_visit.json"), _seed("claims/claim_with_problems.json")),
    "profile": (_seed("claims/profile.toml"),),
    "practice": (_seed("scheduling/practice.toml"),),
    "roster": (_seed("credentials/roster.json"),),
    "budget": (_seed("budget/practice.json"),),
}


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    """A seed document of ``kind`` with up to four mutations, or a document of random bytes."""
    if draw(st.integers(0, 19)) == 0:
        return draw(st.binary(max_size=600))
    data = bytearray(draw(st.sampled_from(SEEDS[kind])))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.integers(0, 3))
        if op == 0:
            data[at:at] = draw(st.sampled_from(NASTY))
        elif op == 1:
            data[at : at + draw(st.integers(1, 64))] = b""
        elif op == 2:
            data[at : at + draw(st.integers(1, 8))] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at:]
    return bytes(data)


# Command-line words: ordinary ones, markup, surrogates, huge numbers and far dates.
words: Final = st.one_of(
    st.sampled_from(
        [
            "[/bold]",
            "[/x]",
            "\ud800",
            "E11.9",
            "1234567893",
            "9999-12-31",
            "0001-01-01",
            "3000000",
            "-1",
            "1" * 4301,
            "",
        ]
    ),
    st.text(max_size=20),
)

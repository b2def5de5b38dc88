"""Synthetic 837P (005010X222A1) interchanges for tests and benchmarks.

:func:`generate_837p` returns the bytes of one interchange holding ``claims`` claims;
:func:`write_837p` streams the same bytes to a binary file, so files of any size can be made in
flat memory. The output is seeded (the same arguments give the same bytes), uses the delimiters
and line breaks asked for, and passes the TR3's structure and envelope rules: every claim has
its own subscriber loop (2000B) under one billing provider (2000A), one to four service lines,
ICD-10-CM diagnoses (ABK/ABF), valid NPIs, and control numbers and counts that add up.

Every person in it is made up from a short list of placeholder names; no real PHI is used.

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3.

>>> data = generate_837p(1, seed=3)
>>> data[:3], data.count(b"CLM*"), data.endswith(b"IEA*1*000000001~")
(b'ISA', 1, True)
>>> len(generate_837p(50, seed=1)) == len(generate_837p(50, seed=1))
True
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import IO, Final

from medoffice.adapters.formats.x12 import Delimiters
from medoffice.identifiers import npi
from medoffice.kernel import InvalidArgument

__all__ = ["generate_837p", "write_837p"]

_LAST: Final = ("SAMPLE", "EXAMPLE", "TESTER", "DEMO", "FICTIVE", "MOCKINGTON", "PLACEHOLDER")
_FIRST: Final = ("ALEX", "SAM", "JORDAN", "TAYLOR", "CASEY", "RILEY", "MORGAN", "QUINN")
_STREETS: Final = ("MAIN ST", "OAK AVE", "ELM ST", "LAKE RD", "HILL DR")
# Billable ICD-10-CM codes of FY2026 (no decimal point, as X12 sends them).
_DIAGNOSES: Final = ("E119", "I10", "J069", "E785", "K219", "F419", "N390", "R079", "Z23", "J029")
# (procedure, usual charge): office visits, venipuncture, blood count, panel, ECG, vaccine.
_PROCEDURES: Final = (
    ("99213", Decimal("125.00")),
    ("99214", Decimal("185.00")),
    ("99212", Decimal("80.00")),
    ("36415", Decimal("12.00")),
    ("85025", Decimal("28.50")),
    ("80053", Decimal("44.75")),
    ("93000", Decimal("65.00")),
    ("90471", Decimal("25.00")),
)
_MODIFIERS: Final = ("", "", "", "25", "59", "XU")
_FIRST_DAY: Final = date(2026, 3, 2)


def _npi(rng: random.Random) -> str:
    first_nine = "1" + "".join(rng.choice("0123456789") for _ in range(8))
    return first_nine + npi.calc_check_digit(first_nine)


class _Writer:
    """Formats segments with the chosen delimiters and counts them per transaction set."""

    def __init__(self, delimiters: Delimiters, line_break: str) -> None:
        self.element = delimiters.element
        self.component = delimiters.component
        self.end = delimiters.segment + line_break
        self.count = 0

    def segment(self, *elements: str) -> str:
        self.count += 1
        return self.element.join(elements) + self.end


def _check(delimiters: Delimiters, line_break: str, claims: int) -> None:
    chosen = [delimiters.element, delimiters.component, delimiters.segment]
    if delimiters.repetition is not None:
        chosen.append(delimiters.repetition)
    if any(len(c) != 1 or c.isalnum() or c in " .-" for c in chosen) or len(set(chosen)) != len(
        chosen
    ):
        raise InvalidArgument("delimiters are four distinct characters, none a letter or digit")
    if line_break not in {"", "\n", "\r\n"}:
        raise InvalidArgument("line_break is '', '\\n' or '\\r\\n'")
    if claims < 1:
        raise InvalidArgument("an 837P holds at least one claim")


def _pieces(
    claims: int,
    seed: int,
    delimiters: Delimiters,
    line_break: str,
    claims_per_transaction: int,
) -> Iterator[str]:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    out = _Writer(delimiters, line_break)
    e, c = delimiters.element, delimiters.component
    repetition = delimiters.repetition or "U"
    yield e.join(
        (
            "ISA", "00", " " * 10, "00", " " * 10, "ZZ", "SUBMITTER01".ljust(15), "ZZ",
            "RECEIVER01".ljust(15), "260301", "1200", repetition, "00501", "000000001", "0",
            "T", c,
        )
    ) + out.end  # fmt: skip
    yield out.segment("GS", "HC", "SUBMITTER01", "RECEIVER01", "20260301", "1200", "1", "X",
                      "005010X222A1")  # fmt: skip
    billing_npi, rendering_npi = _npi(rng), _npi(rng)
    sets, done = 0, 0
    while done < claims:
        sets += 1
        out.count = 0
        control = f"{sets:04d}"
        yield out.segment("ST", "837", control, "005010X222A1")
        yield out.segment("BHT", "0019", "00", f"BATCH{sets:05d}", "20260301", "1200", "CH")
        yield out.segment("NM1", "41", "2", "SYNTHETIC BILLING SERVICE", "", "", "", "", "46",
                          "SUB0001")  # fmt: skip
        yield out.segment("PER", "IC", "CLAIMS DESK", "TE", "5555550100")
        yield out.segment("NM1", "40", "2", "SYNTHETIC CLEARINGHOUSE", "", "", "", "", "46",
                          "RCV0001")  # fmt: skip
        yield out.segment("HL", "1", "", "20", "1")
        yield out.segment("PRV", "BI", "PXC", "207Q00000X")
        yield out.segment("NM1", "85", "2", "SYNTHETIC FAMILY CLINIC", "", "", "", "", "XX",
                          billing_npi)  # fmt: skip
        yield out.segment("N3", "100 EXAMPLE WAY")
        yield out.segment("N4", "SPRINGFIELD", "IL", "627010000")
        yield out.segment("REF", "EI", "990000001")
        batch = min(claims_per_transaction, claims - done)
        for number in range(batch):
            yield from _claim(out, rng, done + number + 1, number + 2, rendering_npi)
        done += batch
        yield out.segment("SE", str(out.count + 1), control)
    yield out.segment("GE", str(sets), "1")
    yield out.segment("IEA", "1", "000000001")


def _claim(out: _Writer, rng: random.Random, claim: int, hl: int, rendering: str) -> Iterator[str]:
    c = out.component
    last, first = rng.choice(_LAST), rng.choice(_FIRST)
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(25_000))
    yield out.segment("HL", str(hl), "1", "22", "0")
    yield out.segment("SBR", "P", "18", f"GRP{rng.randrange(1000, 9999)}", "", "", "", "", "",
                      "CI")  # fmt: skip
    yield out.segment("NM1", "IL", "1", last, first, "", "", "", "MI",
                      f"SYN{rng.randrange(10**8, 10**9)}")  # fmt: skip
    yield out.segment("N3", f"{rng.randrange(1, 9999)} {rng.choice(_STREETS)}")
    yield out.segment("N4", "SPRINGFIELD", "IL", f"627{rng.randrange(10, 99)}")
    yield out.segment("DMG", "D8", birth.strftime("%Y%m%d"), rng.choice("FM"))
    yield out.segment("NM1", "PR", "2", "SYNTHETIC HEALTH PLAN", "", "", "", "", "PI", "SYNPAYER1")
    day = _FIRST_DAY + timedelta(days=rng.randrange(60))
    lines = []
    for _ in range(rng.randint(1, 4)):
        code, charge = rng.choice(_PROCEDURES)
        lines.append((code, rng.choice(_MODIFIERS), charge, rng.randint(1, 2)))
    total = sum((charge * units for _, _, charge, units in lines), Decimal(0))
    diagnoses = rng.sample(_DIAGNOSES, rng.randint(1, 3))
    yield out.segment("CLM", f"PCN{claim:08d}", f"{total:.2f}", "", "", f"11{c}B{c}1", "Y", "A",
                      "Y", "Y")  # fmt: skip
    hi = [f"ABK{c}{diagnoses[0]}", *(f"ABF{c}{code}" for code in diagnoses[1:])]
    yield out.segment("HI", *hi)
    yield out.segment("NM1", "82", "1", "DEMO", "DANA", "", "", "", "XX", rendering)
    yield out.segment("PRV", "PE", "PXC", "207Q00000X")
    pointers = c.join(str(i) for i in range(1, len(diagnoses) + 1))
    for number, (code, modifier, charge, units) in enumerate(lines, start=1):
        procedure = f"HC{c}{code}{c}{modifier}" if modifier else f"HC{c}{code}"
        yield out.segment("LX", str(number))
        yield out.segment("SV1", procedure, f"{charge * units:.2f}", "UN", str(units), "", "",
                          pointers)  # fmt: skip
        yield out.segment("DTP", "472", "D8", day.strftime("%Y%m%d"))


def write_837p(
    stream: IO[bytes],
    claims: int,
    *,
    seed: int = 0,
    delimiters: Delimiters | None = None,
    line_break: str = "",
    claims_per_transaction: int = 5000,
) -> int:
    """Write a synthetic interchange of ``claims`` claims to ``stream``; the bytes written."""
    chosen = delimiters or Delimiters()
    _check(chosen, line_break, claims)
    written = 0
    buffer: list[str] = []
    size = 0
    for piece in _pieces(claims, seed, chosen, line_break, max(1, claims_per_transaction)):
        buffer.append(piece)
        size += len(piece)
        if size > 1 << 16:
            written += stream.write("".join(buffer).encode("ascii"))
            buffer, size = [], 0
    written += stream.write("".join(buffer).encode("ascii"))
    return written


def generate_837p(
    claims: int,
    *,
    seed: int = 0,
    delimiters: Delimiters | None = None,
    line_break: str = "",
    claims_per_transaction: int = 5000,
) -> bytes:
    """The bytes of a synthetic interchange of ``claims`` claims."""
    stream = io.BytesIO()
    write_837p(
        stream,
        claims,
        seed=seed,
        delimiters=delimiters,
        line_break=line_break,
        claims_per_transaction=claims_per_transaction,
    )
    return stream.getvalue()

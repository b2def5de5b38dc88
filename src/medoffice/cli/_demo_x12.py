"""The demo's claims written as one X12 837P (005010X222A1) interchange.

The demo checks the same claims twice: as JSON, and as the 837P a practice sends to its
clearinghouse, read back with :func:`medoffice.adapters.formats.x12.read_837p_all`. This writer
covers what the demo's claims hold (one billing provider, subscriber-is-patient claims, service
lines with modifiers, units and diagnosis pointers); it is not a general 837P writer. People are
written under placeholder names: the demo's claims are synthetic, and no name leaves them.

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3.

>>> from datetime import date
>>> from decimal import Decimal
>>> from medoffice.claims import Claim, Patient, Payer, Provider, ServiceLine, Subscriber
>>> from medoffice.kernel import Money
>>> claim = Claim(
...     patient_control_number="PCN-1",
...     billing=Provider(npi="1234567893", tin="12-3456789", name="Demo Practice"),
...     patient=Patient(sex="F", date_of_birth=date(1960, 1, 2)),
...     subscriber=Subscriber(member_id="DEMO1"),
...     payer=Payer(payer_id="99999"),
...     diagnoses=["E11.9"],
...     lines=[
...         ServiceLine(
...             service_from=date(2026, 3, 2),
...             procedure="99213",
...             charge=Money.of("125.00", "USD"),
...             pointers=[1],
...         )
...     ],
... )
>>> data = claims_to_837p([claim])
>>> data[:3], data.count(b"CLM*"), b"HI*ABK:E119~" in data
(b'ISA', 1, True)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Final

from medoffice.claims import Claim, ServiceLine
from medoffice.kernel import InvalidArgument

__all__ = ["claims_to_837p"]

_E: Final = "*"
_C: Final = ":"
_END: Final = "~"


def _segment(*elements: str) -> str:
    return _E.join(elements) + _END


def _line(number: int, line: ServiceLine) -> Iterator[str]:
    procedure = _C.join(["HC", line.procedure, *line.modifiers])
    units = format(line.units.normalize(), "f")
    pointers = _C.join(str(p) for p in line.pointers)
    yield _segment("LX", str(number))
    yield _segment(
        "SV1", procedure, f"{line.charge.amount:.2f}", "UN", units, line.place_of_service, "",
        pointers,
    )  # fmt: skip
    yield _segment("DTP", "472", "D8", line.service_from.strftime("%Y%m%d"))


def _claim(claim: Claim, hl: int) -> Iterator[str]:
    born = claim.patient.date_of_birth
    yield _segment("HL", str(hl), "1", "22", "0")
    yield _segment("SBR", "P", "18", "", "", "", "", "", "", "CI")
    yield _segment("NM1", "IL", "1", "PLACEHOLDER", f"P{hl:06d}", "", "", "", "MI",
                   claim.subscriber.member_id or f"DEMO{hl:07d}")  # fmt: skip
    yield _segment("N3", "1 EXAMPLE ST")
    yield _segment("N4", "ALBANY", "NY", "12207")
    if born is not None:
        yield _segment("DMG", "D8", born.strftime("%Y%m%d"), claim.patient.sex)
    yield _segment("NM1", "PR", "2", "SYNTHETIC HEALTH PLAN", "", "", "", "", "PI",
                   claim.payer.payer_id)  # fmt: skip
    total = sum((line.charge.amount for line in claim.lines), Decimal(0))
    place = claim.lines[0].place_of_service if claim.lines else "11"
    yield _segment("CLM", claim.patient_control_number, f"{total:.2f}", "", "",
                   _C.join([place, "B", claim.frequency]), "Y", "A", "Y", "Y")  # fmt: skip
    codes = [code.replace(".", "") for code in claim.diagnoses]
    if codes:
        yield _segment("HI", f"ABK{_C}{codes[0]}", *(f"ABF{_C}{code}" for code in codes[1:12]))
    if claim.rendering is not None:
        yield _segment("NM1", "82", "1", "PROVIDER", "DEMO", "", "", "", "XX", claim.rendering.npi)
    for number, line in enumerate(claim.lines, start=1):
        yield from _line(number, line)


def _pieces(claims: Sequence[Claim]) -> Iterator[str]:
    billing = claims[0].billing
    yield _E.join(
        (
            "ISA", "00", " " * 10, "00", " " * 10, "ZZ", "MEDOFFICEDEMO".ljust(15), "ZZ",
            "CLEARINGHOUSE".ljust(15), "260401", "0900", "^", "00501", "000000001", "0", "T", _C,
        )
    ) + _END  # fmt: skip
    yield _segment("GS", "HC", "MEDOFFICEDEMO", "CLEARINGHOUSE", "20260401", "0900", "1", "X",
                   "005010X222A1")  # fmt: skip
    body = [
        _segment("BHT", "0019", "00", "DEMO0001", "20260401", "0900", "CH"),
        _segment("NM1", "41", "2", "SYNTHETIC BILLING SERVICE", "", "", "", "", "46", "SUB0001"),
        _segment("PER", "IC", "CLAIMS DESK", "TE", "5555550100"),
        _segment("NM1", "40", "2", "SYNTHETIC CLEARINGHOUSE", "", "", "", "", "46", "RCV0001"),
        _segment("HL", "1", "", "20", "1"),
        _segment("PRV", "BI", "PXC", billing.taxonomy or "207Q00000X"),
        _segment("NM1", "85", "2", "SYNTHETIC FAMILY PRACTICE", "", "", "", "", "XX", billing.npi),
        _segment("N3", "100 EXAMPLE ST"),
        _segment("N4", "ALBANY", "NY", "122070000"),
        _segment("REF", "EI", (billing.tin or "123456789").replace("-", "")),
    ]
    for index, claim in enumerate(claims):
        body.extend(_claim(claim, index + 2))
    yield _segment("ST", "837", "0001", "005010X222A1")
    yield from body
    yield _segment("SE", str(len(body) + 2), "0001")
    yield _segment("GE", "1", "1")
    yield _segment("IEA", "1", "000000001")


def claims_to_837p(claims: Sequence[Claim]) -> bytes:
    """One interchange, one transaction set, holding ``claims`` (all of one billing provider)."""
    if not claims:
        raise InvalidArgument("an 837P holds at least one claim")
    return "".join(_pieces(claims)).encode("ascii")

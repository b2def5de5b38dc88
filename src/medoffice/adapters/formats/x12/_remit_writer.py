"""Writing remittances as 835 (005010X221A1) interchanges, for tests, demos and round trips.

:func:`remittances_to_835` writes :class:`~medoffice.revenue.model.Remittance` values as one
interchange with one functional group (GS01 = HP) and one transaction set per remittance, with
the delimiters asked for. What the 835 reader keeps is written (payment, trace, payer and payee,
claims with their adjustments, remarks and crossover payer, service lines, provider-level
adjustments), so reading the bytes back gives the same values. With ``detail=True`` it also
writes what a payer's file carries besides, and the reader reads past: addresses and contacts of
payer and payee, the subscriber and the rendering provider (made-up names), the claim's received
date and coverage amount; a claim filed to Medicare Part A (CLP06 = MA) then carries its remark
codes in an MIA segment, as inpatient claims do, instead of MOA.

More information: ASC X12 005010X221A1 (835) TR3.

>>> from medoffice.kernel import Money
>>> from medoffice.revenue import Remittance
>>> data = remittances_to_835([Remittance(trace="CHK1", payment=Money.of("0", "USD"))])
>>> data.count(b"ST*835*"), data.endswith(b"IEA*1*000000001~")
(1, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from medoffice.adapters.formats.x12._tokens import Delimiters
from medoffice.kernel import Money
from medoffice.revenue._model import Adjustment, ClaimPayment, Remittance, ServicePayment

__all__ = ["remittances_to_835"]

_VERSION: Final = "005010X221A1"


def _amount(money: Money) -> str:
    text = f"{money.amount:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


class _Segments:
    def __init__(self, delimiters: Delimiters, *, detail: bool = False) -> None:
        self.d = delimiters
        self.detail = detail
        self.rows: list[str] = []

    def add(self, *elements: str) -> None:
        parts = list(elements)
        while len(parts) > 1 and parts[-1] == "":
            parts.pop()
        self.rows.append(self.d.element.join(parts) + self.d.segment)

    def composite(self, *parts: str) -> str:
        values = list(parts)
        while values and values[-1] == "":
            values.pop()
        return self.d.component.join(values)

    def adjustments(self, adjustments: Iterable[Adjustment]) -> None:
        by_group: dict[str, list[Adjustment]] = {}
        for adjustment in adjustments:
            by_group.setdefault(adjustment.group.value, []).append(adjustment)
        for group, found in by_group.items():
            for start in range(0, len(found), 6):
                triples: list[str] = []
                for a in found[start : start + 6]:
                    quantity = "" if a.quantity is None else f"{a.quantity:f}"
                    triples += [a.reason, _amount(a.amount), quantity]
                self.add("CAS", group, *triples)


def _line(out: _Segments, line: ServicePayment) -> None:
    procedure = out.composite("HC", line.procedure, *line.modifiers)
    out.add("SVC", procedure, _amount(line.charge), _amount(line.paid), "", f"{line.units:f}")
    if line.service_date is not None:
        out.add("DTM", "472", _day(line.service_date))
    out.adjustments(line.adjustments)
    if line.line_control:
        out.add("REF", "6R", line.line_control)
    if line.allowed is not None:
        out.add("AMT", "B6", _amount(line.allowed))
    for remark in line.remarks:
        out.add("LQ", "HE", remark)


def _claim(out: _Segments, claim: ClaimPayment) -> None:
    share = "" if claim.patient_responsibility is None else _amount(claim.patient_responsibility)
    out.add(
        "CLP",
        claim.control_number,
        claim.status,
        _amount(claim.charge),
        _amount(claim.paid),
        share,
        claim.filing_indicator or "CI",
        claim.payer_claim_number,
    )
    out.adjustments(claim.adjustments)
    out.add("NM1", "QC", "1", "PATIENT", "SYNTHETIC")
    if out.detail:
        digits = "".join(filter(str.isdigit, claim.control_number))
        member = f"M{int(digits or 0) * 7919 % 10**9:09d}"
        out.add("NM1", "IL", "1", "SUBSCRIBER", "SYNTHETIC", "", "", "", "MI", member)
        out.add("NM1", "82", "1", "RENDERING", "SYNTHETIC", "", "", "", "XX", "1234567893")
    if claim.crossover_payer:
        out.add("NM1", "TT", "2", "CROSSOVER PAYER", "", "", "", "", "PI", claim.crossover_payer)
    if claim.remarks and out.detail and claim.filing_indicator == "MA":
        first, *others = claim.remarks[:5]
        out.add("MIA", "0", "", "", "", first, *([""] * 14), *others)
    elif claim.remarks:
        out.add("MOA", "", "", *claim.remarks[:5])
    if out.detail:
        out.add("REF", "EA", f"MR{claim.control_number[-8:]}")
    if claim.service_date is not None:
        out.add("DTM", "232", _day(claim.service_date))
    if out.detail and claim.services and claim.services[0].service_date is not None:
        out.add("DTM", "050", _day(claim.services[0].service_date))
        out.add("AMT", "AU", _amount(claim.charge))
    for line in claim.services:
        _line(out, line)


def _transaction(out: _Segments, remittance: Remittance, control: str, on: date) -> None:
    start = len(out.rows)
    out.add("ST", "835", control, _VERSION)
    paid_on = remittance.paid_on or on
    out.add(
        "BPR",
        "I" if remittance.payment.is_positive() else "H",
        _amount(remittance.payment),
        "C" if remittance.credit else "D",
        remittance.method or ("ACH" if remittance.payment.is_positive() else "NON"),
        *([""] * 11),
        _day(paid_on),
    )
    out.add("TRN", "1", remittance.trace, remittance.originator)
    out.add("DTM", "405", _day(paid_on))
    out.add("N1", "PR", remittance.payer_name or "PAYER", "XV", remittance.payer_id)
    if out.detail:
        out.add("N3", "PO BOX 1000")
        out.add("N4", "ANYTOWN", "MD", "21201")
        out.add("PER", "CX", "CLAIMS", "TE", "8005550100")
        out.add("PER", "BL", "EDI SUPPORT", "TE", "8005550101", "EM", "edi@example.com")
    out.add("N1", "PE", "PAYEE", "XX", remittance.payee_id)
    if out.detail:
        out.add("N3", "1 MAIN STREET")
        out.add("N4", "ANYTOWN", "MD", "21202")
        out.add("REF", "TJ", "521234567")
    if remittance.claims:
        out.add("LX", "1")
    for claim in remittance.claims:
        _claim(out, claim)
    for plb in remittance.provider_adjustments:
        period = _day(plb.fiscal_period_end or paid_on)
        identifier = out.composite(plb.reason, plb.reference)
        out.add("PLB", plb.provider, period, identifier, _amount(plb.amount))
    out.add("SE", str(len(out.rows) - start + 1), control)


def remittances_to_835(
    remittances: Iterable[Remittance],
    *,
    delimiters: Delimiters | None = None,
    created: date = date(2026, 3, 1),
    sender_id: str = "PAYER01",
    receiver_id: str = "PROVIDER01",
    detail: bool = False,
) -> bytes:
    """One interchange holding a transaction set for each remittance, as bytes (with the
    segments the reader reads past too when ``detail`` is true)."""
    d = delimiters or Delimiters()
    out = _Segments(d, detail=detail)
    stamp, short = _day(created), _day(created)[2:]
    repetition = d.repetition or "U"
    out.add(
        "ISA", "00", " " * 10, "00", " " * 10, "ZZ", f"{sender_id:<15}", "ZZ",
        f"{receiver_id:<15}", short, "1200", repetition, "00501", "000000001", "0", "P",
        d.component,
    )  # fmt: skip
    out.add("GS", "HP", sender_id, receiver_id, stamp, "1200", "1", "X", _VERSION)
    count = 0
    for count, remittance in enumerate(remittances, start=1):
        _transaction(out, remittance, f"{count:04d}", created)
    out.add("GE", str(count), "1")
    out.add("IEA", "1", "000000001")
    return "".join(out.rows).encode("latin-1")

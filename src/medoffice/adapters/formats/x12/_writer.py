"""Writing professional claims as an X12 837P (005010X222A1) interchange: :func:`write_837p`.

:func:`write_837p` streams :class:`medoffice.claims.Claim` values to a binary file as one
interchange (ISA ... IEA) of one functional group, with a new transaction set every
``claims_per_transaction`` claims, so files of any size are written in flat memory;
:func:`claims_to_837p` returns the same bytes. Each transaction set names the submitter and the
receiver (loops 1000A and 1000B) from an :class:`X12Submission`; a billing provider loop (2000A)
opens whenever the billing provider changes; each claim has its subscriber loop (2000B), a
patient loop (2000C) when the patient is not the subscriber, and its service lines (2400).
Segment counts, hierarchical ids and control numbers add up, so the reader finds no envelope
problem, and what the reader maps back with :func:`~medoffice.adapters.formats.x12.to_claim` is
the claim that was written (diagnosis codes lose their decimal point, as X12 sends them).

A value that holds one of the interchange's delimiters cannot be written and raises
:class:`~medoffice.kernel.InvalidValue` naming the field, never the value (it may be PHI).

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3.

>>> from datetime import UTC, date, datetime
>>> from medoffice.claims import Claim, Patient, Payer, Provider, ServiceLine, Subscriber
>>> from medoffice.kernel import Money
>>> claim = Claim(
...     patient_control_number="PCN-1",
...     billing=Provider(npi="1234567893", tin="12-3456789", name="EXAMPLE PRACTICE"),
...     patient=Patient(sex="F", date_of_birth=date(1960, 1, 2)),
...     subscriber=Subscriber(member_id="M1", name="JANE SAMPLE"),
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
>>> submission = X12Submission(
...     sender_id="SENDER",
...     receiver_id="RECEIVER",
...     submitter_name="EXAMPLE BILLING",
...     receiver_name="EXAMPLE CLEARINGHOUSE",
...     contact_phone="5555550100",
...     created=datetime(2026, 4, 1, 9, 0, tzinfo=UTC),
... )
>>> data = claims_to_837p([claim], submission=submission)
>>> data[:3], data.count(b"CLM*"), b"HI*ABK:E119~" in data, data.endswith(b"IEA*1*000000001~")
(b'ISA', 1, True, True)
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Final, final

import attrs

from medoffice.adapters.formats.x12._tokens import Delimiters
from medoffice.claims._model import Address, Claim, PayerType, Provider, ServiceLine
from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = ["FILING_INDICATORS", "X12Submission", "claims_to_837p", "write_837p"]

#: SBR09, the claim filing indicator code, written for each kind of payer.
FILING_INDICATORS: Final = {
    PayerType.MEDICARE: "MB",
    PayerType.MEDICAID: "MC",
    PayerType.COMMERCIAL: "CI",
    PayerType.TRICARE: "CH",
    PayerType.WORKERS_COMPENSATION: "WC",
    PayerType.SELF_PAY: "09",
    PayerType.OTHER: "ZZ",
}
_SELF: Final = "18"
_VERSION: Final = "005010X222A1"
_MAX_DIAGNOSES: Final = 12
_FLUSH_AT: Final = 1 << 16


@final
@attrs.frozen(kw_only=True)
class X12Submission:
    """Who sends the interchange to whom, and when: the envelope and loops 1000A and 1000B.

    ``sender_id`` and ``receiver_id`` are the interchange ids (ISA06, ISA08, GS02, GS03) and the
    submitter's and receiver's ids in their loops; ``created`` is written as the wall-clock
    date and time it holds; ``production`` sets ISA15 to ``P`` (else ``T``, test data).
    """

    sender_id: str
    receiver_id: str
    submitter_name: str
    receiver_name: str
    contact_phone: str
    created: datetime
    contact_name: str = ""
    control_number: int = 1
    production: bool = False


def _split_person(name: str) -> tuple[str, str]:
    """(last, first) from a name written first name first, as the claim model keeps it."""
    first, _, last = name.strip().rpartition(" ")
    return last, first


def _split_provider(name: str) -> tuple[str, str]:
    """(NM103, NM104) from a provider's name, which the reader joins back in that order."""
    last, _, first = name.strip().partition(" ")
    return last, first


@final
class _Writer:
    """Formats segments with the interchange's delimiters and counts those of each set."""

    def __init__(self, delimiters: Delimiters, line_break: str) -> None:
        self.element = delimiters.element
        self.component = delimiters.component
        self.end = delimiters.segment + line_break
        self.repetition = delimiters.repetition or "U"
        self.forbidden = {delimiters.element, delimiters.segment, delimiters.component}
        if delimiters.repetition is not None:
            self.forbidden.add(delimiters.repetition)
        self.count = 0

    def value(self, text: str, field: str) -> str:
        """``text`` checked to hold no delimiter (``field`` names it in the error)."""
        if any(c in text for c in self.forbidden):
            raise InvalidValue(f"{field} holds an X12 delimiter and cannot be written")
        if not text.isascii():
            try:
                text.encode("latin-1")
            except UnicodeEncodeError:
                raise InvalidValue(f"{field} holds a character X12 cannot carry") from None
        return text

    def segment(self, *elements: str) -> str:
        """One segment; trailing empty elements are left out, as X12 requires."""
        last = len(elements)
        while last > 1 and not elements[last - 1]:
            last -= 1
        self.count += 1
        return self.element.join(elements[:last]) + self.end

    def composite(self, *parts: str) -> str:
        """A composite element; trailing empty components are left out."""
        last = len(parts)
        while last > 1 and not parts[last - 1]:
            last -= 1
        return self.component.join(parts[:last])


def _check_layout(delimiters: Delimiters, line_break: str, claims_per_transaction: int) -> None:
    chosen = [delimiters.element, delimiters.component, delimiters.segment]
    if delimiters.repetition is not None:
        chosen.append(delimiters.repetition)
    if any(len(c) != 1 or c.isalnum() or c in " .-" for c in chosen) or len(set(chosen)) != len(
        chosen
    ):
        raise InvalidArgument("delimiters are four distinct characters, none a letter or digit")
    if line_break not in {"", "\n", "\r\n"}:
        raise InvalidArgument("line_break is '', '\\n' or '\\r\\n'")
    if claims_per_transaction < 1:
        raise InvalidArgument("a transaction set holds at least one claim")


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _amount(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _address(out: _Writer, address: Address | None, field: str) -> Iterator[str]:
    if address is None:
        return
    lines = [out.value(line, f"{field}.lines") for line in address.lines[:2]]
    yield out.segment("N3", *lines)
    yield out.segment(
        "N4",
        out.value(address.city, f"{field}.city"),
        out.value(address.state, f"{field}.state"),
        out.value(address.postal_code, f"{field}.postal_code"),
    )


def _billing(out: _Writer, hl: int, billing: Provider) -> Iterator[str]:
    yield out.segment("HL", str(hl), "", "20", "1")
    if billing.taxonomy:
        yield out.segment("PRV", "BI", "PXC", out.value(billing.taxonomy, "billing.taxonomy"))
    yield out.segment(
        "NM1", "85", "2", out.value(billing.name, "billing.name"), "", "", "", "", "XX",
        out.value(billing.npi, "billing.npi"),
    )  # fmt: skip
    yield from _address(out, billing.address, "billing.address")
    if billing.tin:
        yield out.segment("REF", "EI", out.value(billing.tin.replace("-", ""), "billing.tin"))


def _subscriber(out: _Writer, hl: int, parent: int, claim: Claim) -> Iterator[str]:
    subscriber, patient = claim.subscriber, claim.patient
    is_patient = subscriber.relationship == _SELF
    yield out.segment("HL", str(hl), str(parent), "22", "0" if is_patient else "1")
    filing = FILING_INDICATORS.get(claim.payer.type, "ZZ")
    yield out.segment("SBR", "P", _SELF if is_patient else "", "", "", "", "", "", "", filing)
    name = subscriber.name or (patient.name if is_patient else "")
    last, first = _split_person(out.value(name, "subscriber.name"))
    member = out.value(subscriber.member_id, "subscriber.member_id")
    yield out.segment("NM1", "IL", "1", last, first, "", "", "", "MI" if member else "", member)
    address = subscriber.address or (patient.address if is_patient else None)
    yield from _address(out, address, "subscriber.address")
    born = subscriber.date_of_birth or (patient.date_of_birth if is_patient else None)
    if born is not None:
        sex = out.value(patient.sex if is_patient else "U", "patient.sex")
        yield out.segment("DMG", "D8", _day(born), sex)
    yield out.segment(
        "NM1", "PR", "2", out.value(claim.payer.name, "payer.name"), "", "", "", "", "PI",
        out.value(claim.payer.payer_id, "payer.payer_id"),
    )  # fmt: skip


def _patient(out: _Writer, hl: int, parent: int, claim: Claim) -> Iterator[str]:
    patient = claim.patient
    yield out.segment("HL", str(hl), str(parent), "23", "0")
    yield out.segment("PAT", out.value(claim.subscriber.relationship, "subscriber.relationship"))
    last, first = _split_person(out.value(patient.name, "patient.name"))
    yield out.segment("NM1", "QC", "1", last, first)
    yield from _address(out, patient.address, "patient.address")
    if patient.date_of_birth is not None:
        sex = out.value(patient.sex, "patient.sex")
        yield out.segment("DMG", "D8", _day(patient.date_of_birth), sex)


def _person_provider(out: _Writer, code: str, provider: Provider, field: str) -> str:
    last, first = _split_provider(out.value(provider.name, f"{field}.name"))
    npi = out.value(provider.npi, f"{field}.npi")
    return out.segment("NM1", code, "1", last, first, "", "", "", "XX" if npi else "", npi)


def _line(out: _Writer, number: int, line: ServiceLine, place: str, at: str) -> Iterator[str]:
    procedure = out.composite(
        "HC",
        out.value(line.procedure, f"{at}.procedure"),
        *(out.value(m, f"{at}.modifiers") for m in line.modifiers[:4]),
    )
    pointers = out.composite(*(str(p) for p in line.pointers[:4]))
    own_place = "" if line.place_of_service == place else line.place_of_service
    yield out.segment("LX", str(number))
    yield out.segment(
        "SV1", procedure, _amount(line.charge.amount), "UN",
        format(line.units.normalize(), "f"), out.value(own_place, f"{at}.place_of_service"), "",
        pointers,
    )  # fmt: skip
    last = line.service_to
    if last is None or last == line.service_from:
        yield out.segment("DTP", "472", "D8", _day(line.service_from))
    else:
        yield out.segment("DTP", "472", "RD8", f"{_day(line.service_from)}-{_day(last)}")
    # Loop 2400's REF segments, in the TR3's order: prior authorisation, then referral.
    for qualifier, value, field in (
        ("G1", line.prior_authorization, f"{at}.prior_authorization"),
        ("9F", line.referral_number, f"{at}.referral_number"),
    ):
        if value:
            yield out.segment("REF", qualifier, out.value(value, field))
    if line.ndc:
        # Loop 2410: CTP04 is required; without a drug quantity the line's units stand in.
        quantity = line.ndc_quantity if line.ndc_quantity is not None else line.units
        yield out.segment("LIN", "", "N4", out.value(line.ndc, f"{at}.ndc"))
        yield out.segment(
            "CTP", "", "", "", format(quantity.normalize(), "f"),
            out.value(line.ndc_unit or "UN", f"{at}.ndc_unit"),
        )  # fmt: skip


def _claim(out: _Writer, claim: Claim) -> Iterator[str]:
    place = claim.lines[0].place_of_service if claim.lines else "11"
    total = (
        claim.total_charge.amount
        if claim.total_charge is not None
        else sum((line.charge.amount for line in claim.lines), Decimal(0))
    )
    facility = out.composite(
        out.value(place, "lines[0].place_of_service"),
        "B",
        out.value(claim.frequency, "frequency"),
    )
    yield out.segment(
        "CLM", out.value(claim.patient_control_number, "patient_control_number"), _amount(total),
        "", "", facility, "Y", "A", "Y", "Y",
    )  # fmt: skip
    # Loop 2300's REF segments, in the TR3's order: referral, prior authorisation, payer's number.
    for qualifier, value, field in (
        ("9F", claim.referral_number, "referral_number"),
        ("G1", claim.prior_authorization, "prior_authorization"),
        ("F8", claim.original_reference, "original_reference"),
    ):
        if value:
            yield out.segment("REF", qualifier, out.value(value, field))
    codes = [
        out.value(code.replace(".", ""), f"diagnoses[{n}]")
        for n, code in enumerate(claim.diagnoses[:_MAX_DIAGNOSES])
    ]
    if codes:
        yield out.segment(
            "HI",
            out.composite("ABK", codes[0]),
            *(out.composite("ABF", code) for code in codes[1:]),
        )
    if claim.referring is not None:
        yield _person_provider(out, "DN", claim.referring, "referring")
    if claim.rendering is not None:
        yield _person_provider(out, "82", claim.rendering, "rendering")
        if claim.rendering.taxonomy:
            taxonomy = out.value(claim.rendering.taxonomy, "rendering.taxonomy")
            yield out.segment("PRV", "PE", "PXC", taxonomy)
    for number, line in enumerate(claim.lines, start=1):
        yield from _line(out, number, line, place, f"lines[{number - 1}]")


def _interchange(
    out: _Writer,
    first: Claim,
    rest: Iterator[Claim],
    submission: X12Submission,
    claims_per_transaction: int,
) -> Iterator[str]:
    s = submission
    control = f"{s.control_number:09d}"
    day, time = s.created.strftime("%Y%m%d"), s.created.strftime("%H%M")
    sender = out.value(s.sender_id, "submission.sender_id")
    receiver = out.value(s.receiver_id, "submission.receiver_id")
    yield out.element.join(
        (
            "ISA", "00", " " * 10, "00", " " * 10, "ZZ", sender.ljust(15), "ZZ",
            receiver.ljust(15), day[2:], time, out.repetition, "00501", control, "0",
            "P" if s.production else "T", out.component,
        )
    ) + out.end  # fmt: skip
    group = str(s.control_number)
    yield out.segment("GS", "HC", sender, receiver, day, time, group, "X", _VERSION)
    claim: Claim | None = first
    sets = 0
    while claim is not None:
        sets += 1
        out.count = 0
        number = f"{sets:04d}"
        yield out.segment("ST", "837", number, _VERSION)
        yield out.segment("BHT", "0019", "00", f"BATCH{sets:05d}", day, time, "CH")
        yield out.segment(
            "NM1", "41", "2", out.value(s.submitter_name, "submission.submitter_name"),
            "", "", "", "", "46", sender,
        )  # fmt: skip
        yield out.segment(
            "PER", "IC", out.value(s.contact_name, "submission.contact_name"), "TE",
            out.value(s.contact_phone, "submission.contact_phone"),
        )  # fmt: skip
        yield out.segment(
            "NM1", "40", "2", out.value(s.receiver_name, "submission.receiver_name"),
            "", "", "", "", "46", receiver,
        )  # fmt: skip
        hl, billing_hl, billing = 0, 0, None
        for _ in range(claims_per_transaction):
            if claim.billing != billing:
                hl += 1
                billing_hl, billing = hl, claim.billing
                yield from _billing(out, hl, claim.billing)
            hl += 1
            subscriber_hl = hl
            yield from _subscriber(out, hl, billing_hl, claim)
            if claim.subscriber.relationship != _SELF:
                hl += 1
                yield from _patient(out, hl, subscriber_hl, claim)
            yield from _claim(out, claim)
            claim = next(rest, None)
            if claim is None:
                break
        yield out.segment("SE", str(out.count + 1), number)
    yield out.segment("GE", str(sets), group)
    yield out.segment("IEA", "1", control)


def write_837p(
    stream: IO[bytes],
    claims: Iterable[Claim],
    *,
    submission: X12Submission,
    delimiters: Delimiters | None = None,
    line_break: str = "",
    claims_per_transaction: int = 5000,
) -> int:
    """Write ``claims`` to ``stream`` as one 837P interchange; the number of bytes written.

    ``claims`` may be any iterable, a generator included: it is read once, as the file is
    written. An interchange holds at least one claim.
    """
    chosen = delimiters or Delimiters()
    _check_layout(chosen, line_break, claims_per_transaction)
    rest = iter(claims)
    first = next(rest, None)
    if first is None:
        raise InvalidArgument("an 837P holds at least one claim")
    out = _Writer(chosen, line_break)
    written = 0
    buffer: list[str] = []
    size = 0
    for piece in _interchange(out, first, rest, submission, claims_per_transaction):
        buffer.append(piece)
        size += len(piece)
        if size > _FLUSH_AT:
            written += stream.write("".join(buffer).encode("latin-1"))
            buffer, size = [], 0
    written += stream.write("".join(buffer).encode("latin-1"))
    return written


def claims_to_837p(
    claims: Iterable[Claim],
    *,
    submission: X12Submission,
    delimiters: Delimiters | None = None,
    line_break: str = "",
    claims_per_transaction: int = 5000,
) -> bytes:
    """The bytes :func:`write_837p` writes for ``claims``."""
    stream = io.BytesIO()
    write_837p(
        stream,
        claims,
        submission=submission,
        delimiters=delimiters,
        line_break=line_break,
        claims_per_transaction=claims_per_transaction,
    )
    return stream.getvalue()

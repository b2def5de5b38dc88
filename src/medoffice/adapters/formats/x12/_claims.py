"""Turning placed segments into claims: the reader's per-loop handlers.

The walker says which loop a segment belongs to; the :class:`ClaimBuilder` keeps the context
of the enclosing loops (billing provider from 2000A/2010AA, subscriber and payer from
2000B/2010BA/2010BB, patient from 2000C/2010CA) and builds an :class:`X12Claim` from each 2300
loop and its 2400 lines, with X12-ELEMENT findings for values it cannot read. PHI (names,
member ids, dates of birth, addresses) is never quoted in a finding.

More information: ASC X12 005010X222A1 TR3, loops 2000A through 2440.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar, Final

import attrs

from medoffice.adapters.formats.x12._elements import (
    amount,
    decimal,
    integer,
    known_amount,
    problem,
    text,
)
from medoffice.adapters.formats.x12._limits import unlisted
from medoffice.adapters.formats.x12._model import (
    X12Claim,
    X12Diagnosis,
    X12Envelope,
    X12Line,
    X12Person,
    X12Provider,
)
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.adapters.formats.x12._values import (
    AddressDraft,
    OtherPayerDraft,
    PartyDraft,
    PersonDraft,
    Service,
    clean_person,
    read_adjustments,
    read_diagnoses,
    read_provider,
    read_service,
    with_taxonomy,
)
from medoffice.kernel import Finding, Severity
from medoffice.kernel._checked import checked_constructor, mutable_twin

__all__ = [
    "CLOSING",
    "ClaimBuilder",
    "Coverage",
    "LinePart",
    "coverage_of",
    "line_part",
    "payer_of",
]

Report = Callable[[Finding], None]
# The units of a drug quantity (CTP05-1): international unit, gram, milligram, millilitre, unit.
_DRUG_UNITS: Final = frozenset({"F2", "GR", "ME", "ML", "UN"})
# The loops whose closing ends something the builder holds (a service line, a claim).
CLOSING: Final = frozenset({"2400", "2300"})


# Lines and claims are built from drafts (lists of the fields read, in the class's declaration
# order, defaults first) without converting or checking again what the handlers have just read:
# a required field's stand-in is always replaced. What a draft holds besides its own fields (a
# service facility, an ambulance place, other payers being read) waits in a side dict.
_new_line: Final = checked_constructor(X12Line)
_new_claim: Final = checked_constructor(X12Claim)
_LINE_AT: Final = {name: index for index, name in enumerate(attrs.fields_dict(X12Line))}
_CLAIM_AT: Final = {name: index for index, name in enumerate(attrs.fields_dict(X12Claim))}
_LINE_FIELDS: Final = [
    None if field.default is attrs.NOTHING else field.default for field in attrs.fields(X12Line)
]
_CLAIM_FIELDS: Final = [
    None if field.default is attrs.NOTHING else field.default for field in attrs.fields(X12Claim)
]
# The positions of the fields the hot handlers set.
_L_NUMBER: Final = _LINE_AT["number"]
_L_POSITION: Final = _LINE_AT["position"]
_L_SERVICE: Final = slice(_LINE_AT["procedure_qualifier"], _LINE_AT["pointers"] + 1)
_L_EMERGENCY: Final = _LINE_AT["emergency"]
_L_FROM: Final = _LINE_AT["service_from"]
_L_TO: Final = _LINE_AT["service_to"]
_L_PROVIDERS: Final = _LINE_AT["providers"]
_C_ENVELOPE: Final = _CLAIM_AT["envelope"]
_C_CLM: Final = slice(_CLAIM_AT["position"], _CLAIM_AT["frequency"] + 1)
_C_PARTIES: Final = slice(_CLAIM_AT["billing"], _CLAIM_AT["patient"] + 1)
_C_DIAGNOSES: Final = _CLAIM_AT["diagnoses"]
_C_PAY_TO: Final = slice(_CLAIM_AT["pay_to_address"], _CLAIM_AT["pay_to_plan"] + 1)
_C_FACILITY: Final = _CLAIM_AT["service_facility"]
_C_TAIL: Final = slice(_CLAIM_AT["other_payers"], _CLAIM_AT["findings"] + 1)
_C_RENDERING: Final = _CLAIM_AT["rendering"]
if (
    _L_SERVICE.stop - _L_SERVICE.start != 8
    or _C_CLM.stop - _C_CLM.start != 5
    or _C_PARTIES.stop - _C_PARTIES.start != 9
    or _C_TAIL.stop != len(_CLAIM_FIELDS)
    or _CLAIM_AT["patient_control_number"] != _C_CLM.start + 1
    or (_L_NUMBER, _L_POSITION) != (0, 1)
    or (_L_SERVICE.stop, _L_SERVICE.stop + 1) != (_L_FROM, _L_TO)
):  # pragma: no cover - the field order of X12Line and X12Claim is what the drafts assume
    raise ImportError("X12Line or X12Claim fields are not in the order the reader builds")


def _part_line_maker() -> Callable[
    [int, int, tuple[object, ...], tuple[date, date], tuple[object, ...]], X12Line
]:
    """A constructor of a line from its number, position, the two parts of a :data:`LinePart`
    and its dates, storing the parts' fields as they unpack (no argument tuple of every field),
    through the mutable twin of :func:`checked_constructor`; or by it, when there is none."""
    twin = mutable_twin(X12Line)
    if twin is None:  # pragma: no cover - X12Line has no weak-reference slot
        return lambda number, position, before, dates, after: _new_line(
            number, position, *before, *dates, *after
        )
    names = list(_LINE_AT)
    before = ", ".join(f"made.{name}" for name in names[_L_SERVICE])
    after = ", ".join(f"made.{name}" for name in names[_L_TO + 1 :])
    source = (
        "def line_of_part(number, position, before, dates, after):\n"
        "    made = _twin()\n"
        "    made.number = number\n"
        "    made.position = position\n"
        f"    {before}, = before\n"
        "    made.service_from, made.service_to = dates\n"
        f"    {after}, = after\n"
        "    made.__class__ = _cls\n"
        "    return made\n"
    )
    namespace: dict[str, Any] = {"_twin": twin, "_cls": X12Line}
    exec(compile(source, "<line of a part>", "exec"), namespace)  # noqa: S102 - from X12Line's own field names
    made: Callable[..., X12Line] = namespace["line_of_part"]
    return made


# A finished line of a line part (what read_lines builds for every line but the last).
_line_of_part: Final = _part_line_maker()


# NM101 of the line's other providers (2420B, 2420D, 2420E).
_LINE_ROLES: Final = {"QB": "purchased service", "DQ": "supervising", "DK": "ordering"}


def _settle(
    draft: list[object], extra: dict[str, object], at: dict[str, int], *, line: bool
) -> None:
    """Make the draft's service facility and ambulance places (in ``extra``) its fields."""
    facility = extra.pop("_facility", None)
    address = extra.pop("_facility_address", None)
    if isinstance(facility, X12Provider):
        frozen = address.freeze() if isinstance(address, AddressDraft) else None
        located = attrs.evolve(facility, address=frozen)
        if line:
            providers: tuple[X12Provider, ...] = draft[_L_PROVIDERS]  # type: ignore[assignment]
            draft[_L_PROVIDERS] = (*providers, located)
        else:
            draft[_C_FACILITY] = located
    for key in ("ambulance_pickup", "ambulance_dropoff"):
        place = extra.get(f"_{key}")
        if isinstance(place, AddressDraft):
            draft[at[key]] = place.freeze()


# What the subscriber's SBR says: the relationship (default 18, self), and the coverage
# (responsibility, relationship as given, group number, claim filing indicator).
Coverage = tuple[str, tuple[str, str, str, str]]


def coverage_of(segment: Segment, report: Report) -> Coverage:
    """SBR of loop 2000B: SBR01 is required, SBR03 at most 50 characters."""
    elements = segment.elements
    count = len(elements)
    responsibility = elements[1] if count > 1 else ""
    if not responsibility:
        text(segment, 1, report, required=True)
    relationship = elements[2] if count > 2 else ""
    group = elements[3] if count > 3 else ""
    if len(group) > 50:  # SBR03 is at most 50 characters
        text(segment, 3, report, max_length=50)
    filing = elements[9] if count > 9 else ""
    return relationship or "18", (responsibility, relationship, group, filing)


def payer_of(segment: Segment, report: Report) -> tuple[str, str]:
    """NM1 of loop 2010BB: the payer's id (NM109, required, at most 80) and name (NM103, at
    most 60 characters)."""
    elements = segment.elements
    count = len(elements)
    name = elements[3] if count > 3 else ""
    if len(name) > 60:  # NM103 is at most 60 characters
        text(segment, 3, report, max_length=60)
    payer = elements[9] if count > 9 else ""
    if not payer or len(payer) > 80:  # NM109 is at most 80 characters
        text(segment, 9, report, required=True, max_length=80)
    return payer, name


# What an SV1 sets of a service line: the line's fields between its position and its dates,
# and those after its dates (the emergency flag among them; the others at their defaults).
LinePart = tuple[tuple[object, ...], tuple[object, ...]]


def line_part(service: Service) -> LinePart:
    """What a line holds around its dates when its SV1 reads as ``service`` (and nothing but
    its LX, SV1 and DTP*472 is read for it)."""
    line = _LINE_FIELDS.copy()
    line[_L_SERVICE], line[_L_EMERGENCY] = service
    return tuple(line[_L_POSITION + 1 : _L_FROM]), tuple(line[_L_TO + 1 :])


class ClaimBuilder:
    """Receives (loop, segment) pairs; hands each finished claim to ``emit``."""

    def __init__(
        self, emit: Callable[[X12Claim], None], report: Report, *, max_findings: int = 1000
    ) -> None:
        self._emit = emit
        self._outer_report = report
        self._max_findings = max_findings
        self._unlisted = 0
        self.component = ":"
        self.envelope = X12Envelope(
            interchange_control="", group_control="", transaction_control=""
        )
        self.billing: X12Provider | None = None
        self._taxonomy = ""
        self._subscriber = PersonDraft()
        # The subscriber read at once (read_subscriber), the draft then clear; or None.
        self._subscriber_read: X12Person | None = None
        self._patient: PersonDraft | None = None
        self._coverage: tuple[str, str, str, str] = ("", "18", "", "")
        self._payer: tuple[str, str] = ("", "")
        self._relationship = "18"
        self._claim: list[object] | None = None
        self._claim_extra: dict[str, object] = {}
        self._claim_findings: list[Finding] = []
        self._lines: list[X12Line] = []
        self._line: list[object] | None = None
        self._line_extra: dict[str, object] = {}
        self._dated = False
        self._pay_to_address: AddressDraft | None = None
        self._pay_to_plan: PartyDraft | None = None
        # The dates of the DTP segment being read, as the reader checked them.
        self.dates: tuple[date, date] | None = None

    # -- routing -----------------------------------------------------------------------------
    @property
    def in_claim(self) -> bool:
        """Whether a claim is open (its findings then belong to it)."""
        return self._claim is not None

    def report(self, finding: Finding) -> None:
        """Route a finding to the open claim, or outward."""
        if self._claim is not None:
            if len(self._claim_findings) < self._max_findings:
                self._claim_findings.append(finding)
            else:
                self._unlisted += 1
        else:
            self._outer_report(finding)

    def take(self, loop: str, segment: Segment) -> None:
        """Read one placed segment of ``loop``."""
        handler = self.HANDLERS.get((loop, segment.elements[0]))
        if handler is not None:
            handler(self, segment)

    def closed(self, loop: str) -> None:  # the walker calls it for the loops in CLOSING only
        """A loop iteration closed: finish the line or the claim it held."""
        if loop == "2400":
            self._finish_line()
        elif loop == "2300":
            self._finish_claim()

    # -- what whole blocks read (segments whose reading the reader has vouched for) ------------
    # Each does what the handlers do for segments whose values are known to read without a
    # finding, or returns False (having done nothing) when the builder is not where the
    # handlers would do only that.

    def read_line(
        self, number: int, position: int, service: Service, dates: tuple[date, date]
    ) -> bool:
        """LX (``number``, at ``position``), SV1 (``service``) and DTP*472 (``dates``)."""
        if number != len(self._lines) + 1:
            return False
        # As _lx, _sv1 and _line_dtp, with the dates the reader would have checked.
        self._line = line = _LINE_FIELDS.copy()
        self._line_extra = {}
        line[_L_NUMBER] = number
        line[_L_POSITION] = position
        line[_L_SERVICE], line[_L_EMERGENCY] = service
        self.dates = dates
        self._dated = True
        line[_L_FROM], line[_L_TO] = dates
        return True

    def read_lines(
        self, position: int, parts: list[LinePart], dates: list[tuple[date, date]]
    ) -> bool:
        """The claim's service lines 1 to n, the first at ``position``, each an LX, an SV1 that
        reads as its ``parts`` (:func:`line_part`) and a DTP*472 of its ``dates``: all but the
        last are finished (as the next LX closes each), the last stays open."""
        if self._lines:
            return False
        done = self._lines
        count = len(parts)
        for number in range(1, count):
            before, after = parts[number - 1]
            done.append(_line_of_part(number, position, before, dates[number - 1], after))
            position += 3
        before, after = parts[-1]
        self._line = [count, position, *before, *dates[-1], *after]
        self._line_extra = {}
        self.dates = dates[-1]
        self._dated = True
        return True

    def read_subscriber(
        self,
        name: Sequence[str],
        street: Sequence[str],
        city: Sequence[str],
        demographics: Sequence[str],
    ) -> bool:
        """The subscriber's NM1, N3, N4 and DMG (2010BA) when none has a finding
        (:func:`clean_person`), the draft being clear (as the subscriber's HL leaves it)."""
        person = clean_person(name, street, city, demographics)
        if person is None:
            return False
        self._subscriber_read = person
        return True

    def read_first_diagnoses(self, diagnoses: tuple[X12Diagnosis, ...]) -> bool:
        """The claim's first HI, whose codes are ``diagnoses``."""
        claim = self._claim
        if claim is None or claim[_C_DIAGNOSES]:
            return False
        claim[_C_DIAGNOSES].extend(diagnoses)  # type: ignore[attr-defined]
        return True

    def read_rendering(self, provider: X12Provider) -> bool:
        """The claim's rendering provider (2310B NM1) with its taxonomy (the PRV after it)."""
        if self._claim is None or self._line is not None:
            return False
        self._claim[_C_RENDERING] = provider
        return True

    # -- 2000A / 2010AA ----------------------------------------------------------------------
    def _billing_hl(self, _: Segment) -> None:
        self.billing = None
        self._taxonomy = ""
        self._pay_to_address = None
        self._pay_to_plan = None

    def _billing_prv(self, segment: Segment) -> None:
        self._taxonomy = text(segment, 3, self.report, max_length=50)

    def _billing_name(self, segment: Segment) -> None:
        self.billing = read_provider("billing", segment, self.report)
        if self._taxonomy:
            self.billing = attrs.evolve(self.billing, taxonomy=self._taxonomy)

    def _billing_ref(self, segment: Segment) -> None:
        if self.billing is not None and segment.get(1) in {"EI", "SY"}:
            tin = text(segment, 2, self.report, max_length=50, phi=True)
            self.billing = attrs.evolve(self.billing, tin=tin or None)

    # -- 2000B / 2010BA / 2010BB -------------------------------------------------------------
    def _subscriber_hl(self, _: Segment) -> None:
        self.start_subscriber()

    def start_subscriber(self) -> None:
        """What the subscriber's HL (2000B) does: the draft starts afresh."""
        # Each claim froze what it needed of the last subscriber: the draft starts afresh.
        if self._subscriber_read is None:
            self._subscriber.clear()
        else:  # the draft was left clear
            self._subscriber_read = None
        self._patient = None
        self._payer = ("", "")
        self._relationship = "18"

    def _sbr(self, segment: Segment) -> None:
        self._relationship, self._coverage = coverage_of(segment, self.report)

    def read_coverage(self, coverage: Coverage) -> None:
        """What the subscriber's SBR says (:func:`coverage_of`)."""
        self._relationship, self._coverage = coverage

    def _payer_name(self, segment: Segment) -> None:
        self._payer = payer_of(segment, self.report)

    def read_payer(self, payer: tuple[str, str]) -> None:
        """The payer's id and name (:func:`payer_of`)."""
        self._payer = payer

    def _patient_hl(self, _: Segment) -> None:
        self._patient = PersonDraft()

    def _pat(self, segment: Segment) -> None:
        self._relationship = segment.get(1) or self._relationship

    def read_clm(self, position: int, elements: Sequence[str]) -> bool:
        """CLM (at ``position``) as :meth:`_clm` reads it when it has no finding: CLM01 of 1 to
        38 characters, CLM02 an amount read before, CLM05 a place of service, B and frequency."""
        if len(elements) < 6:
            return False
        number, facility = elements[1], elements[5]
        charge = known_amount(elements[2])
        if not number or len(number) > 38 or charge is None:
            return False
        parts = facility.split(self.component)
        if len(parts) < 3 or not parts[0] or not parts[2]:
            return False
        self._claim_findings = []
        self._unlisted = 0
        self._claim = claim = _CLAIM_FIELDS.copy()
        self._claim_extra = {}
        self._lines = []
        claim[_C_CLM] = (position, number, charge, parts[0], parts[2])
        claim[_C_DIAGNOSES] = []
        return True

    # -- 2300 --------------------------------------------------------------------------------
    def _clm(self, segment: Segment) -> None:
        self._claim_findings = []
        self._unlisted = 0
        # The claim's draft holds every field of X12Claim from the start, in order.
        self._claim = claim = _CLAIM_FIELDS.copy()
        self._claim_extra = {}
        self._lines = []
        report = self.report
        elements = segment.elements
        count = len(elements)
        number = elements[1] if count > 1 else ""
        if not number or len(number) > 38:  # CLM01 is at most 38 characters
            text(segment, 1, report, required=True, max_length=38)
        facility = elements[5] if count > 5 else ""
        if not facility:
            text(segment, 5, report, required=True)
        parts = facility.split(self.component) if facility else []
        pos = parts[0] if parts else None
        frequency = parts[2] if len(parts) > 2 else None
        if facility and (len(parts) < 3 or not pos or not frequency):
            report(
                problem(segment, 5, "CLM05 is place of service, B and a frequency code", facility)
            )
        charge = amount(segment, 2, report, required=True)
        claim[_C_CLM] = (segment.position, number, charge, pos or None, frequency or None)
        claim[_C_DIAGNOSES] = []

    def _claim_ref(self, segment: Segment) -> None:
        assert self._claim is not None
        field = {"F8": "original_reference", "G1": "prior_authorization", "9F": "referral_number"}
        key = field.get(segment.get(1))
        if key:
            self._claim[_CLAIM_AT[key]] = text(segment, 2, self.report, max_length=50) or None

    def _line_ref(self, segment: Segment) -> None:
        # Loop 2400 REF*G1 / REF*9F: the line's own numbers when they differ from the claim's.
        key = {"G1": "prior_authorization", "9F": "referral_number"}.get(segment.get(1))
        if key and self._line is not None:
            self._line[_LINE_AT[key]] = text(segment, 2, self.report, max_length=50) or None

    def _hi(self, segment: Segment) -> None:
        assert self._claim is not None
        diagnoses: list[X12Diagnosis] = self._claim[_C_DIAGNOSES]  # type: ignore[assignment]
        read_diagnoses(segment, self.component, self.report, diagnoses)

    def _rendering_prv(self, segment: Segment) -> None:
        target, _, at = self._target()
        where = at["rendering"]
        provider = target[where] if target is not None else None
        if target is not None and isinstance(provider, X12Provider):
            elements = segment.elements
            raw = elements[3] if len(elements) > 3 else ""
            if len(raw) > 50:
                text(segment, 3, self.report, max_length=50)
            target[where] = with_taxonomy(provider, raw or None)

    # -- 2400 --------------------------------------------------------------------------------
    def _lx(self, segment: Segment) -> None:
        elements = segment.elements
        raw = elements[1] if len(elements) > 1 else ""
        if raw.isdecimal() and len(raw) <= 9:  # the fast path of integer()
            number: int | None = int(raw)
        else:
            number = integer(segment, 1, self.report)
        if number is not None and number != len(self._lines) + 1:
            message = "LX01 numbers the claim's lines 1, 2, 3 ... in order"
            self.report(problem(segment, 1, message, str(number)))
        # The line's draft holds every field of X12Line from the start, in order, defaults first.
        self._line = line = _LINE_FIELDS.copy()
        self._line_extra = {}
        line[_L_NUMBER] = number
        line[_L_POSITION] = segment.position
        self._dated = False

    def _sv1(self, segment: Segment) -> None:
        line = self._line
        if line is not None:
            line[_L_SERVICE], line[_L_EMERGENCY] = read_service(
                segment, self.component, self.report
            )

    def _line_dtp(self, segment: Segment) -> None:
        elements = segment.elements
        if self._line is None or len(elements) < 2 or elements[1] != "472":
            return
        self._dated = True
        dates = self.dates  # the reader has read (and checked) the dates of every DTP
        if dates is not None:
            self._line[_L_FROM], self._line[_L_TO] = dates

    def _lin(self, segment: Segment) -> None:
        if self._line is None:
            return
        qualifier = segment.get(2)
        if qualifier != "N4":
            self.report(problem(segment, 2, "LIN02 is N4 (an NDC in 5-4-2 form)", qualifier[:3]))
            return
        ndc = segment.get(3)
        if len(ndc) != 11 or not ndc.isdecimal():
            self.report(problem(segment, 3, "an NDC has 11 digits (5-4-2, no hyphens)", ndc[:20]))
        self._line[_LINE_AT["ndc"]] = ndc or None

    def _ctp(self, segment: Segment) -> None:
        if self._line is None:
            return
        self._line[_LINE_AT["ndc_quantity"]] = decimal(segment, 4, self.report, required=True)
        unit = segment.get(5).split(self.component)[0]
        if unit not in _DRUG_UNITS:
            self.report(problem(segment, 5, "CTP05-1 is F2, GR, ME, ML or UN", unit[:3], 1))
        self._line[_LINE_AT["ndc_unit"]] = unit

    # -- 2010AB / 2010AC: pay-to address and pay-to plan (kept for the billing provider) -----
    def _pay_to(self, _: Segment) -> None:
        self._pay_to_address = AddressDraft()

    def _pay_to_street(self, segment: Segment) -> None:
        if self._pay_to_address is not None:
            self._pay_to_address.read_street(segment)

    def _pay_to_city(self, segment: Segment) -> None:
        if self._pay_to_address is not None:
            self._pay_to_address.read_city(segment)

    def _pay_to_plan_name(self, segment: Segment) -> None:
        self._pay_to_plan = PartyDraft.of("pay-to plan", segment)

    def _pay_to_plan_street(self, segment: Segment) -> None:
        if self._pay_to_plan is not None:
            self._pay_to_plan.address.read_street(segment)

    def _pay_to_plan_city(self, segment: Segment) -> None:
        if self._pay_to_plan is not None:
            self._pay_to_plan.address.read_city(segment)

    # -- 2310C to 2310F and 2420B to 2420H: facilities, other providers, ambulance places ----
    def _target(self) -> tuple[list[object] | None, dict[str, object], dict[str, int]]:
        """The open line, else the open claim: its draft, its side dict, its fields' positions."""
        if self._line is not None:
            return self._line, self._line_extra, _LINE_AT
        return self._claim, self._claim_extra, _CLAIM_AT

    def _facility(self, segment: Segment) -> None:
        target, extra, _ = self._target()
        if target is not None:
            extra["_facility"] = read_provider("service facility", segment, self.report)
            extra["_facility_address"] = AddressDraft()

    def _facility_street(self, segment: Segment) -> None:
        target, extra, _ = self._target()
        draft = extra.get("_facility_address") if target is not None else None
        if isinstance(draft, AddressDraft):
            draft.read_street(segment)

    def _facility_city(self, segment: Segment) -> None:
        target, extra, _ = self._target()
        draft = extra.get("_facility_address") if target is not None else None
        if isinstance(draft, AddressDraft):
            draft.read_city(segment)

    def _supervising(self, segment: Segment) -> None:
        if self._claim is not None:
            provider = read_provider("supervising", segment, self.report)
            self._claim[_CLAIM_AT["supervising"]] = provider

    def _line_provider(self, segment: Segment) -> None:
        role = _LINE_ROLES.get(segment.get(1), "provider")
        if self._line is not None:
            found: tuple[X12Provider, ...] = self._line[_L_PROVIDERS]  # type: ignore[assignment]
            self._line[_L_PROVIDERS] = (*found, read_provider(role, segment, self.report))

    def _ambulance(self, segment: Segment) -> None:
        target, extra, _ = self._target()
        if target is not None:
            key = "ambulance_pickup" if segment.get(1) == "PW" else "ambulance_dropoff"
            extra["_place"] = key
            extra[f"_{key}"] = AddressDraft()

    def _ambulance_street(self, segment: Segment) -> None:
        draft = self._place()
        if draft is not None:
            draft.read_street(segment)

    def _ambulance_city(self, segment: Segment) -> None:
        draft = self._place()
        if draft is not None:
            draft.read_city(segment)

    def _place(self) -> AddressDraft | None:
        target, extra, _ = self._target()
        if target is None:
            return None
        draft = extra.get(f"_{extra.get('_place')}")
        return draft if isinstance(draft, AddressDraft) else None

    # -- 2320 / 2330A / 2330B: other payers ---------------------------------------------------
    def _other_sbr(self, segment: Segment) -> None:
        if self._claim is None:
            return
        drafts: list[OtherPayerDraft] = self._claim_extra.setdefault("_others", [])  # type: ignore[assignment]
        drafts.append(OtherPayerDraft.of(segment))

    def _other(self) -> OtherPayerDraft | None:
        drafts = self._claim_extra.get("_others") if self._claim is not None else None
        return drafts[-1] if isinstance(drafts, list) and drafts else None

    def _other_cas(self, segment: Segment) -> None:
        other = self._other()
        if other is not None:
            other.adjustments.extend(read_adjustments(segment, self.report))

    def _other_amt(self, segment: Segment) -> None:
        other = self._other()
        if other is not None and segment.get(1) == "D":
            other.paid = amount(segment, 2, self.report, required=True)

    def _other_oi(self, segment: Segment) -> None:
        other = self._other()
        if other is not None:
            other.benefits_assigned = segment.get(3)
            other.release_of_information = segment.get(6)

    def _other_subscriber(self, segment: Segment) -> None:
        other = self._other()
        if other is not None:
            other.subscriber = PersonDraft()
            other.subscriber.read_name(segment, self.report)

    def _other_subscriber_street(self, segment: Segment) -> None:
        other = self._other()
        if other is not None and other.subscriber is not None:
            other.subscriber.read_street(segment)

    def _other_subscriber_city(self, segment: Segment) -> None:
        other = self._other()
        if other is not None and other.subscriber is not None:
            other.subscriber.read_city(segment)

    def _other_payer(self, segment: Segment) -> None:
        other = self._other()
        if other is not None:
            other.payer = PartyDraft.of("other payer", segment)

    def _other_payer_street(self, segment: Segment) -> None:
        other = self._other()
        if other is not None and other.payer is not None:
            other.payer.address.read_street(segment)

    def _other_payer_city(self, segment: Segment) -> None:
        other = self._other()
        if other is not None and other.payer is not None:
            other.payer.address.read_city(segment)

    def _claim_referring(self, segment: Segment) -> None:
        if self._claim is not None:
            self._claim[_CLAIM_AT["referring"]] = read_provider("referring", segment, self.report)

    def _claim_rendering(self, segment: Segment) -> None:
        if self._claim is not None:
            self._claim[_CLAIM_AT["rendering"]] = read_provider("rendering", segment, self.report)

    def _line_referring(self, segment: Segment) -> None:
        if self._line is not None:
            self._line[_LINE_AT["referring"]] = read_provider("referring", segment, self.report)

    def _line_rendering(self, segment: Segment) -> None:
        if self._line is not None:
            self._line[_LINE_AT["rendering"]] = read_provider("rendering", segment, self.report)

    def _subscriber_draft(self) -> PersonDraft:
        """The subscriber's draft, holding what was read at once (if anything was)."""
        draft, person = self._subscriber, self._subscriber_read
        if person is not None:
            self._subscriber_read = None
            draft.thaw(person)
        return draft

    def _subscriber_name(self, segment: Segment) -> None:
        self._subscriber_draft().read_name(segment, self.report)

    def _subscriber_street(self, segment: Segment) -> None:
        self._subscriber_draft().address.read_street(segment)

    def _subscriber_city(self, segment: Segment) -> None:
        self._subscriber_draft().address.read_city(segment)

    def _subscriber_demographics(self, segment: Segment) -> None:
        self._subscriber_draft().read_demographics(segment, self.report)

    def _patient_name(self, segment: Segment) -> None:
        if self._patient is not None:
            self._patient.read_name(segment, self.report)

    def _patient_street(self, segment: Segment) -> None:
        if self._patient is not None:
            self._patient.read_street(segment)

    def _patient_city(self, segment: Segment) -> None:
        if self._patient is not None:
            self._patient.read_city(segment)

    def _patient_demographics(self, segment: Segment) -> None:
        if self._patient is not None:
            self._patient.read_demographics(segment, self.report)

    def _finish_line(self) -> None:
        line = self._line
        if line is None:
            return
        if not self._dated:
            self.report(
                Finding(
                    rule="X12-SEGMENT",
                    severity=Severity.ERROR,
                    message="the date of service (DTP*472) is missing in loop 2400",
                    path=f"segment[{line[_L_POSITION]}]",
                    value="DTP*472",
                )
            )
        if self._line_extra:
            _settle(line, self._line_extra, _LINE_AT, line=True)
        self._lines.append(_new_line(*line))
        self._line = None
        self._dated = False

    def _finish_claim(self) -> None:
        self._finish_line()
        draft, self._claim = self._claim, None
        if draft is None:
            return
        findings = self._claim_findings
        if self._unlisted:
            path = f"segment[{draft[_C_CLM.start]}]"
            findings.append(unlisted(self._unlisted, "the claim", path))
            self._unlisted = 0
        responsibility, relationship, group, filing = self._coverage
        patient = self._patient.freeze() if self._patient is not None else None
        extra = self._claim_extra
        others: list[OtherPayerDraft] = []
        if extra:
            _settle(draft, extra, _CLAIM_AT, line=False)
            others = extra.pop("_others", [])  # type: ignore[assignment]
        pay_to, plan = self._pay_to_address, self._pay_to_plan
        draft[_C_ENVELOPE] = self.envelope
        payer_id, payer_name = self._payer
        draft[_C_PARTIES] = (
            self.billing,
            self._subscriber.freeze() if self._subscriber_read is None else self._subscriber_read,
            payer_id,
            payer_name,
            filing,
            responsibility,
            self._relationship or relationship or "18",
            group,
            patient,
        )
        if pay_to is not None or plan is not None:
            draft[_C_PAY_TO] = (
                None if pay_to is None else pay_to.freeze(),
                None if plan is None else plan.freeze(),
            )
        diagnoses: list[X12Diagnosis] = draft[_C_DIAGNOSES]  # type: ignore[assignment]
        draft[_C_TAIL] = (
            tuple(other.freeze() for other in others) if others else (),
            tuple(diagnoses),
            tuple(self._lines),
            tuple(findings),
        )
        claim: X12Claim = _new_claim(*draft)
        self._lines = []
        self._emit(claim)

    # What closing each loop of CLOSING finishes (what closed() calls).
    FINISHING: ClassVar[dict[str, Callable[[Any], None]]] = {
        "2400": _finish_line,
        "2300": _finish_claim,
    }

    HANDLERS: ClassVar[dict[tuple[str, str], Callable[[Any, Segment], None]]] = {
        ("2000A", "HL"): _billing_hl,
        ("2000A", "PRV"): _billing_prv,
        ("2010AA", "NM1"): _billing_name,
        ("2010AA", "REF"): _billing_ref,
        ("2000B", "HL"): _subscriber_hl,
        ("2000B", "SBR"): _sbr,
        ("2010BA", "NM1"): _subscriber_name,
        ("2010BA", "N3"): _subscriber_street,
        ("2010BA", "N4"): _subscriber_city,
        ("2010BA", "DMG"): _subscriber_demographics,
        ("2010BB", "NM1"): _payer_name,
        ("2000C", "HL"): _patient_hl,
        ("2000C", "PAT"): _pat,
        ("2010CA", "NM1"): _patient_name,
        ("2010CA", "N3"): _patient_street,
        ("2010CA", "N4"): _patient_city,
        ("2010CA", "DMG"): _patient_demographics,
        ("2300", "CLM"): _clm,
        ("2300", "REF"): _claim_ref,
        ("2300", "HI"): _hi,
        ("2310A", "NM1"): _claim_referring,
        ("2310B", "NM1"): _claim_rendering,
        ("2310B", "PRV"): _rendering_prv,
        ("2400", "LX"): _lx,
        ("2400", "SV1"): _sv1,
        ("2400", "DTP"): _line_dtp,
        ("2400", "REF"): _line_ref,
        ("2410", "LIN"): _lin,
        ("2410", "CTP"): _ctp,
        ("2010AB", "NM1"): _pay_to,
        ("2010AB", "N3"): _pay_to_street,
        ("2010AB", "N4"): _pay_to_city,
        ("2010AC", "NM1"): _pay_to_plan_name,
        ("2010AC", "N3"): _pay_to_plan_street,
        ("2010AC", "N4"): _pay_to_plan_city,
        ("2310C", "NM1"): _facility,
        ("2310C", "N3"): _facility_street,
        ("2310C", "N4"): _facility_city,
        ("2310D", "NM1"): _supervising,
        ("2310E", "NM1"): _ambulance,
        ("2310E", "N3"): _ambulance_street,
        ("2310E", "N4"): _ambulance_city,
        ("2310F", "NM1"): _ambulance,
        ("2310F", "N3"): _ambulance_street,
        ("2310F", "N4"): _ambulance_city,
        ("2320", "SBR"): _other_sbr,
        ("2320", "CAS"): _other_cas,
        ("2320", "AMT"): _other_amt,
        ("2320", "OI"): _other_oi,
        ("2330A", "NM1"): _other_subscriber,
        ("2330A", "N3"): _other_subscriber_street,
        ("2330A", "N4"): _other_subscriber_city,
        ("2330B", "NM1"): _other_payer,
        ("2330B", "N3"): _other_payer_street,
        ("2330B", "N4"): _other_payer_city,
        ("2420B", "NM1"): _line_provider,
        ("2420C", "NM1"): _facility,
        ("2420C", "N3"): _facility_street,
        ("2420C", "N4"): _facility_city,
        ("2420D", "NM1"): _line_provider,
        ("2420E", "NM1"): _line_provider,
        ("2420G", "NM1"): _ambulance,
        ("2420G", "N3"): _ambulance_street,
        ("2420G", "N4"): _ambulance_city,
        ("2420H", "NM1"): _ambulance,
        ("2420H", "N3"): _ambulance_street,
        ("2420H", "N4"): _ambulance_city,
        ("2420A", "NM1"): _line_rendering,
        ("2420A", "PRV"): _rendering_prv,
        ("2420F", "NM1"): _line_referring,
    }

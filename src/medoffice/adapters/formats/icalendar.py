"""RFC 5545 calendars: credential due dates, and appointments with their time zones.

Due dates (:func:`to_icalendar`) are written by hand: all-day events (``DTSTART;VALUE=DATE``),
UIDs derived from the item so they are stable across exports, lines folded at 75 octets without
splitting a character, CRLF line ends.

Appointments (:func:`appointments_to_icalendar`, a provider's or a patient's, as
``Scheduling.calendar`` reads them) are written with the ``icalendar`` package (the
``icalendar`` extra): each event in its provider's zone with a VTIMEZONE for every zone used,
so a visit after a daylight-saving change still shows at its wall-clock time. The summary says
the visit type and the provider; the patient's reference is written only with
``include_patient=True`` (never a name or a birth date). :func:`appointments_from_icalendar`
reads such a calendar back.

>>> from datetime import date
>>> from medoffice.credentials.alerts import DueItem
>>> text = to_icalendar(
...     [DueItem(holder_id="S-1", requirement="bls", due_on=date(2028, 6, 30))],
...     stamp=date(2026, 1, 1),
... )
>>> [line for line in text.split("\\r\\n") if line.startswith("DTSTART")]
['DTSTART;VALUE=DATE:20280630']

More information: RFC 5545 (https://www.rfc-editor.org/rfc/rfc5545).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, Final, final

import attrs

from medoffice.credentials._alerts import DueItem
from medoffice.kernel import InvalidArgument, InvalidValue
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._time import zone

__all__ = [
    "CalendarVisit",
    "appointments_from_icalendar",
    "appointments_to_icalendar",
    "to_icalendar",
]

_CRLF: Final = "\r\n"
_FOLD: Final = 75


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a character."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = _FOLD
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, _FOLD - 1  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return (_CRLF + " ").join(pieces)


def _uid(item: DueItem) -> str:
    digest = hashlib.sha256(
        f"{item.holder_id}\x1f{item.requirement}\x1f{item.due_on.isoformat()}".encode()
    ).hexdigest()
    return f"{digest[:32]}@medoffice.credentials"


def to_icalendar(
    items: Iterable[DueItem],
    *,
    stamp: date,
    prodid: str = "-//medoffice//credentials//EN",
    name: str = "Credential due dates",
) -> str:
    """An RFC 5545 calendar with one all-day event per due item, in a stable order.

    ``stamp`` is the DTSTAMP every event carries (pass the export day, so the same input and
    day give byte-identical output). Summaries hold the staff id and requirement, never names.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_escape(prodid)}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for item in sorted(set(items)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(item)}",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{item.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{date.fromordinal(item.due_on.toordinal() + 1):%Y%m%d}",
            f"SUMMARY:{_escape(f'{item.requirement} due for {item.holder_id}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + _CRLF for line in lines)


# -- appointments, through the icalendar package ------------------------------------------------

_STATUS: Final = {
    AppointmentStatus.CANCELLED: "CANCELLED",
    AppointmentStatus.PROPOSED: "TENTATIVE",
    AppointmentStatus.PENDING: "TENTATIVE",
    AppointmentStatus.WAITLIST: "TENTATIVE",
}
_UID_SUFFIX: Final = "@medoffice.scheduling"


def _package() -> Any:
    try:
        return importlib.import_module("icalendar")
    except ImportError:
        raise InvalidArgument("install the 'icalendar' extra for appointment calendars") from None


def appointments_to_icalendar(
    appointments: Iterable[Appointment],
    setup: PracticeSetup,
    *,
    stamp: datetime,
    include_patient: bool = False,
    name: str = "Appointments",
) -> str:
    """An RFC 5545 calendar of ``appointments`` with a VTIMEZONE for each zone it uses.

    ``stamp`` (aware) is every event's DTSTAMP, so one input and one stamp give one output.
    """
    if stamp.utcoffset() is None:
        raise InvalidArgument("stamp is an aware datetime")
    ical = _package()
    calendar = ical.Calendar()
    calendar.add("prodid", "-//medoffice//scheduling//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    items = sorted(appointments, key=lambda a: (a.span.start, a.id))
    for item in items:
        schedule = setup.schedule(item.provider)
        tz = zone(schedule.zone if schedule is not None else setup.practice_zone)
        event = ical.Event()
        event.add("uid", item.id + _UID_SUFFIX)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", item.span.start.astimezone(tz))
        event.add("dtend", item.span.end.astimezone(tz))
        event.add("summary", f"{item.type_code} with {item.provider}")
        event.add("status", _STATUS.get(item.status, "CONFIRMED"))
        event.add("x-medoffice-status", item.status.value)
        event.add("x-medoffice-type", item.type_code)
        event.add("x-medoffice-provider", item.provider)
        if item.resources:
            event.add("location", ", ".join(sorted(item.resources)))
        if include_patient:
            event.add("x-medoffice-patient", item.patient)
        calendar.add_component(event)
    if items:
        # The zones' rules over the calendar's own years only (whole years, so both changes
        # of each year are there).
        calendar.add_missing_timezones(
            first_date=date(items[0].span.start.year - 1, 1, 1),
            last_date=date(max(a.span.end for a in items).year + 1, 12, 31),
        )
    text: str = calendar.to_ical().decode("utf-8")
    return text


@final
@attrs.frozen(kw_only=True)
class CalendarVisit:
    """An appointment read back from a calendar (the patient only if it was written)."""

    appointment_id: str
    type_code: str
    provider: str
    start: datetime
    end: datetime
    status: AppointmentStatus
    resources: frozenset[str] = frozenset()
    patient: str | None = None


def appointments_from_icalendar(text: str) -> tuple[CalendarVisit, ...]:
    """The visits of a calendar written by :func:`appointments_to_icalendar`."""
    ical = _package()
    try:
        calendar = ical.Calendar.from_ical(text)
    except ValueError:
        raise InvalidValue("the text is not an iCalendar calendar") from None
    visits = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("uid", ""))
        if not uid.endswith(_UID_SUFFIX):
            continue
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        if not isinstance(start, datetime) or start.utcoffset() is None:
            raise InvalidValue("an appointment event starts at a zoned date-time")
        location = str(event.get("location", ""))
        patient = event.get("x-medoffice-patient")
        visits.append(
            CalendarVisit(
                appointment_id=uid.removesuffix(_UID_SUFFIX),
                type_code=str(event.get("x-medoffice-type")),
                provider=str(event.get("x-medoffice-provider")),
                start=start,
                end=end,
                status=AppointmentStatus(str(event.get("x-medoffice-status"))),
                resources=frozenset(r for r in location.split(", ") if r),
                patient=None if patient is None else str(patient),
            )
        )
    return tuple(visits)

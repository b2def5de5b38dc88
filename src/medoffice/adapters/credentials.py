"""Adapters for the credentials domain: in-memory stores, holidays, roster files and exports.

- :class:`InMemoryCredentialRepository` and :class:`InMemoryScreeningLog` implement the ports of
  :mod:`medoffice.credentials.ports` and pass the contract suites in
  :mod:`medoffice.testing._credentials_contracts`;
- :class:`HolidaysCalendar` is a business-day calendar backed by the optional ``holidays``
  package (imported lazily);
- :func:`load_roster` / :func:`roster_from_mapping` read the JSON roster the CLI documents;
- :func:`to_icalendar` writes RFC 5545 text of due dates (all-day events, stable UIDs, lines
  folded at 75 octets, CRLF);
- :func:`fhir_practitioner` / :func:`fhir_verification_results` build FHIR R5 resources
  (``Practitioner.qualification``, ``VerificationResult`` with ``nextScheduled``) with the
  optional ``fhir`` extra (``fhir.resources``, imported lazily).

>>> from datetime import date
>>> from medoffice.credentials import DueItem
>>> text = to_icalendar(
...     [DueItem(holder_id="S-1", requirement="bls", due_on=date(2028, 6, 30))],
...     stamp=date(2026, 1, 1),
... )
>>> [line for line in text.split("\\r\\n") if line.startswith("DTSTART")]
['DTSTART;VALUE=DATE:20280630']

More information: RFC 5545 (https://www.rfc-editor.org/rfc/rfc5545); HL7 FHIR R5 Practitioner and
VerificationResult (https://hl7.org/fhir/R5/verificationresult.html).
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final, final

import attrs

from medoffice.credentials import (
    Credential,
    DueItem,
    Location,
    RuleBook,
    Screening,
    StaffMember,
    VerificationEvent,
    timeline_of,
)
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue

__all__ = [
    "HolidaysCalendar",
    "InMemoryCredentialRepository",
    "InMemoryScreeningLog",
    "Roster",
    "fhir_practitioner",
    "fhir_practitioner_data",
    "fhir_verification_results",
    "load_roster",
    "roster_from_mapping",
    "to_icalendar",
]


@final
class InMemoryCredentialRepository:
    """Staff and locations in dictionaries, with optimistic concurrency on staff."""

    __slots__ = ("_locations", "_staff")

    def __init__(self) -> None:
        self._staff: dict[str, tuple[StaffMember, int]] = {}
        self._locations: dict[str, Location] = {}

    def __repr__(self) -> str:
        return f"InMemoryCredentialRepository({len(self._staff)} staff)"

    def get(self, staff_id: str) -> StaffMember | None:
        """The staff member with ``staff_id``, or ``None``."""
        found = self._staff.get(staff_id)
        return found[0] if found else None

    def version(self, staff_id: str) -> int:
        """The stored version (0 when absent)."""
        found = self._staff.get(staff_id)
        return found[1] if found else 0

    def save(self, staff: StaffMember, *, expected_version: int) -> int:
        """Store ``staff`` if nobody saved it since ``expected_version``."""
        if not isinstance(staff, StaffMember):
            raise InvalidValue("the repository stores StaffMember values")
        current = self.version(staff.id)
        if current != expected_version:
            raise ConcurrencyConflict("the staff record changed since it was read; re-read it")
        self._staff[staff.id] = (staff, current + 1)
        return current + 1

    def staff_ids(self) -> Iterator[str]:
        """Every stored staff id, sorted."""
        return iter(sorted(self._staff))

    def location(self, location_id: str) -> Location | None:
        """The location with ``location_id``, or ``None``."""
        return self._locations.get(location_id)

    def save_location(self, location: Location) -> None:
        """Store or replace a location."""
        if not isinstance(location, Location):
            raise InvalidValue("the repository stores Location values")
        self._locations[location.id] = location


@final
class InMemoryScreeningLog:
    """An append-only list of screenings; duplicates are ignored."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[Screening, None] = {}

    def __repr__(self) -> str:
        return f"InMemoryScreeningLog({len(self._items)} screenings)"

    def append(self, screening: Screening) -> None:
        """Log one screening."""
        if not isinstance(screening, Screening):
            raise InvalidValue("the log holds Screening values")
        self._items.setdefault(screening, None)

    def for_person(self, person_id: str) -> tuple[Screening, ...]:
        """The screenings of ``person_id``, oldest first."""
        return tuple(sorted((s for s in self._items if s.person_id == person_id), key=_by_day))

    def between(self, first: date, last: date) -> tuple[Screening, ...]:
        """The screenings dated ``first``..``last``, oldest first."""
        return tuple(sorted((s for s in self._items if first <= s.on <= last), key=_by_day))


def _by_day(screening: Screening) -> tuple[date, str, str, str]:
    return (screening.on, screening.person_id, screening.source.value, screening.result.value)


@final
class HolidaysCalendar:
    """Weekdays that are not public holidays, from the optional ``holidays`` package."""

    __slots__ = ("_holidays",)

    def __init__(self, country: str = "US", *, subdivision: str | None = None) -> None:
        try:
            module = importlib.import_module("holidays")
        except ImportError:
            raise InvalidArgument("install the 'holidays' extra for a holiday calendar") from None
        self._holidays: Any = module.country_holidays(country, subdiv=subdivision)

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a weekday and not a holiday."""
        return day.weekday() < 5 and day not in self._holidays


# --- roster files -----------------------------------------------------------------------------


@final
@attrs.frozen(kw_only=True)
class Roster:
    """What a roster file holds: staff, locations and extra holidays."""

    staff: tuple[StaffMember, ...]
    locations: tuple[Location, ...] = ()
    holidays: tuple[date, ...] = ()


def _date(value: object, path: str) -> date:
    if not isinstance(value, str):
        raise InvalidValue(f"{path}: a date is written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{path}: a date is written YYYY-MM-DD") from None


def _optional_date(value: object, path: str) -> date | None:
    return None if value is None else _date(value, path)


def _list(value: object, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidValue(f"{path}: expected a list")
    return value


def _object(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InvalidValue(f"{path}: expected an object")
    return value


def _required(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data:
        raise InvalidValue(f"{path}.{key}: missing")
    return data[key]


def _credential(raw: object, path: str) -> Credential:
    data = _object(raw, path)
    checks = [
        VerificationEvent(
            source=_object(v, f"{path}.verifications[{i}]").get("source"),
            on=_date(v.get("on"), f"{path}.verifications[{i}].on"),
            outcome=v.get("outcome", "verified"),
        )
        for i, v in enumerate(_list(data.get("verifications"), f"{path}.verifications"))
    ]
    return Credential(
        kind=_required(data, "kind", path),
        issuer=_required(data, "issuer", path),
        jurisdiction=data.get("jurisdiction", "US"),
        issued_on=_date(data.get("issued_on"), f"{path}.issued_on"),
        expires_on=_optional_date(data.get("expires_on"), f"{path}.expires_on"),
        number=str(data.get("number", "")),
        payer=data.get("payer"),
        verifications=checks,
        evidence=data.get("evidence"),
    )


def _credentials(raw: object, path: str) -> list[Credential]:
    return [_credential(c, f"{path}[{i}]") for i, c in enumerate(_list(raw, path))]


def _staff(raw: object, path: str) -> StaffMember:
    data = _object(raw, path)
    return StaffMember(
        id=_required(data, "id", path),
        role=_required(data, "role", path),
        name=str(data.get("name", "")),
        birth_date=_optional_date(data.get("birth_date"), f"{path}.birth_date"),
        states=_list(data.get("states"), f"{path}.states"),
        locations=_list(data.get("locations"), f"{path}.locations"),
        payers=_list(data.get("payers"), f"{path}.payers"),
        activities=_list(data.get("activities"), f"{path}.activities"),
        credentials=_credentials(data.get("credentials"), f"{path}.credentials"),
    )


def _wrapped(path: str, build: Any) -> Any:
    try:
        return build()
    except InvalidValue as error:
        if str(error).startswith(path):
            raise
        raise InvalidValue(f"{path}: {error}") from None
    except (ValueError, TypeError, AttributeError):
        raise InvalidValue(f"{path}: a value has the wrong type or is not allowed") from None


def roster_from_mapping(data: object) -> Roster:
    """Build a roster from decoded JSON; errors name the path, never the value."""
    top = _object(data, "roster")
    staff = tuple(
        _wrapped(f"staff[{i}]", lambda s=s, i=i: _staff(s, f"staff[{i}]"))
        for i, s in enumerate(_list(top.get("staff"), "staff"))
    )
    locations = tuple(
        _wrapped(
            f"locations[{i}]",
            lambda raw=raw, i=i: Location(
                id=_object(raw, f"locations[{i}]").get("id"),
                state=raw.get("state"),
                credentials=_credentials(raw.get("credentials"), f"locations[{i}].credentials"),
            ),
        )
        for i, raw in enumerate(_list(top.get("locations"), "locations"))
    )
    holidays = tuple(
        _date(h, f"holidays[{i}]") for i, h in enumerate(_list(top.get("holidays"), "holidays"))
    )
    ids = [m.id for m in staff]
    if len(set(ids)) != len(ids):
        raise InvalidValue("staff: two staff members share an id")
    return Roster(staff=staff, locations=locations, holidays=holidays)


def load_roster(path: Path | str) -> Roster:
    """Read a JSON roster file (see docs/credentials.md for the layout)."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidValue(f"the roster is not valid JSON (line {error.lineno})") from None
    return roster_from_mapping(data)


# --- iCalendar ---------------------------------------------------------------------------------

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


# --- FHIR --------------------------------------------------------------------------------------


def _ordered(staff: StaffMember) -> list[Credential]:
    return sorted(
        staff.credentials, key=lambda c: (c.kind.value, c.jurisdiction, c.issued_on, c.number)
    )


def fhir_practitioner_data(
    staff: StaffMember, *, rules: RuleBook = DEFAULT_RULES
) -> dict[str, Any]:
    """A FHIR R5 Practitioner as a plain dict: identifier and one qualification per credential.

    Names and birth dates are left out; link them from your own directory if you must.
    """
    qualifications = []
    for credential in _ordered(staff):
        line = timeline_of(credential, birth_date=staff.birth_date, rules=rules)
        period = {"start": credential.issued_on.isoformat()}
        if line.valid_through is not None:
            period["end"] = line.valid_through.isoformat()
        entry: dict[str, Any] = {
            "code": {"text": credential.kind.value},
            "period": period,
            "issuer": {"display": credential.issuer},
        }
        if credential.number:
            entry["identifier"] = [{"value": credential.number}]
        qualifications.append(entry)
    return {
        "resourceType": "Practitioner",
        "id": staff.id,
        "identifier": [{"system": "urn:medoffice:staff", "value": staff.id}],
        "qualification": qualifications,
    }


def _fhir(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(f"fhir.resources.{module}"), name)
    except ImportError:
        raise InvalidArgument("install the 'fhir' extra (fhir.resources) for FHIR export") from None


def fhir_practitioner(staff: StaffMember, *, rules: RuleBook = DEFAULT_RULES) -> Any:
    """The validated ``fhir.resources`` Practitioner (needs the ``fhir`` extra)."""
    return _fhir("practitioner", "Practitioner").model_validate(
        fhir_practitioner_data(staff, rules=rules)
    )


def fhir_verification_results(
    staff: StaffMember, *, rules: RuleBook = DEFAULT_RULES, validated: bool = True
) -> tuple[Any, ...]:
    """One VerificationResult per verified credential; ``nextScheduled`` from the rules.

    With ``validated=False`` the plain dicts are returned (no extra needed).
    """
    results = []
    for index, credential in enumerate(_ordered(staff)):
        if not credential.verifications:
            continue
        last = max(credential.verifications, key=lambda v: (v.on, v.source))
        line = timeline_of(credential, birth_date=staff.birth_date, rules=rules)
        data: dict[str, Any] = {
            "resourceType": "VerificationResult",
            "id": f"{staff.id}-{index}",
            "target": [{"reference": f"Practitioner/{staff.id}"}],
            "targetLocation": [f"Practitioner.qualification[{index}]"],
            "status": "validated" if last.outcome.value == "verified" else "in-process",
            "lastPerformed": last.on.isoformat(),
            "primarySource": [{"who": {"display": last.source}}],
        }
        if line.valid_through is not None:
            data["nextScheduled"] = line.valid_through.isoformat()
        results.append(data)
    if not validated:
        return tuple(results)
    model = _fhir("verificationresult", "VerificationResult")
    return tuple(model.model_validate(r) for r in results)

"""FHIR: credentials as R5 resources, and scheduling as R4 Schedule, Slot and Appointment.

Credentials: Practitioner.qualification and VerificationResult with ``nextScheduled`` (R5).

Scheduling (R4, through ``fhir.resources.R4B``, the R4 line that ``fhir.resources`` 8 ships):
:func:`fhir_schedule_data` (a resource's Schedule and planning horizon), :func:`fhir_slot_data`
(a free slot) and :func:`fhir_busy_slot_data` (the time an appointment holds), and
:func:`fhir_appointment_data`; :func:`fhir_r4` validates any of them with the R4 models, and
:func:`appointment_from_fhir`, :func:`slot_from_fhir` and :func:`schedule_from_fhir` read them
back. Providers are ``Practitioner``, rooms ``Location``, devices ``Device``. No patient data
leaves unless asked: an appointment names its patient (by reference only, never a name or a
birth date) with ``include_patient=True``, and busy slots never do.

The plain-dict builders need nothing extra; validated resources need the ``fhir`` extra
(``fhir.resources``), imported lazily.

>>> from datetime import UTC, datetime, timedelta
>>> from medoffice.kernel import TimeRange
>>> from medoffice.scheduling._appointments import Appointment
>>> nine = datetime(2026, 3, 2, 14, tzinfo=UTC)
>>> visit = Appointment(
...     id="a-1",
...     type_code="FU",
...     provider="dr-a",
...     patient="p-1",
...     span=TimeRange(nine, nine + timedelta(minutes=30)),
...     status="booked",
... )
>>> data = fhir_appointment_data(visit)
>>> data["status"], data["minutesDuration"], [p["actor"]["reference"] for p in data["participant"]]
('booked', 30, ['Practitioner/dr-a'])

More information: https://hl7.org/fhir/R4/appointment.html, https://hl7.org/fhir/R4/slot.html,
https://hl7.org/fhir/R4/schedule.html, https://hl7.org/fhir/R5/verificationresult.html
"""

from __future__ import annotations

import importlib
import re
from datetime import UTC, date, datetime
from typing import Any, Final, final

import attrs

from medoffice.credentials._model import Credential, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._professions import profession_of
from medoffice.credentials._rules import RuleBook
from medoffice.credentials._status import Timeline, timeline_of
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus, CancelReason
from medoffice.scheduling._search import Slot
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._templates import ResourceKind

__all__ = [
    "FhirSlot",
    "appointment_from_fhir",
    "fhir_appointment_data",
    "fhir_busy_slot_data",
    "fhir_practitioner",
    "fhir_practitioner_data",
    "fhir_r4",
    "fhir_schedule_data",
    "fhir_slot_data",
    "fhir_verification_results",
    "schedule_from_fhir",
    "slot_from_fhir",
]


def _ordered(staff: StaffMember) -> list[Credential]:
    return sorted(
        staff.credentials, key=lambda c: (c.kind.value, c.jurisdiction, c.issued_on, c.number)
    )


def _timeline(credential: Credential, staff: StaffMember, rules: RuleBook) -> Timeline:
    return timeline_of(
        credential,
        birth_date=staff.birth_date,
        rules=rules,
        profession=profession_of(staff),
        practice_states=staff.states,
    )


def fhir_practitioner_data(
    staff: StaffMember, *, rules: RuleBook = DEFAULT_RULES
) -> dict[str, Any]:
    """A FHIR R5 Practitioner as a plain dict: identifier and one qualification per credential.

    Names and birth dates are left out; link them from your own directory if you must.
    """
    qualifications = []
    for credential in _ordered(staff):
        line = _timeline(credential, staff, rules)
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
        line = _timeline(credential, staff, rules)
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


# -- scheduling, FHIR R4 -----------------------------------------------------------------------

_TYPE_SYSTEM: Final = "urn:medoffice:appointment-type"
_ID_SYSTEM: Final = "urn:medoffice:appointment"
_ACTOR: Final = {
    ResourceKind.PROVIDER: "Practitioner",
    ResourceKind.STAFF: "Practitioner",
    ResourceKind.ROOM: "Location",
    ResourceKind.DEVICE: "Device",
}
_R4_MODULES: Final = {
    "Schedule": "R4B.schedule",
    "Slot": "R4B.slot",
    "Appointment": "R4B.appointment",
}


def _actor(resource: str, setup: PracticeSetup | None) -> dict[str, str]:
    schedule = setup.schedule(resource) if setup is not None else None
    kind = schedule.kind if schedule is not None else ResourceKind.PROVIDER
    return {"reference": f"{_ACTOR[kind]}/{resource}"}


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def fhir_schedule_data(
    setup: PracticeSetup, resource: str, *, horizon: DateRange | None = None
) -> dict[str, Any]:
    """The R4 Schedule of ``resource``; ``horizon`` (closed) becomes its planning horizon."""
    if setup.schedule(resource) is None:
        raise InvalidArgument("that resource has no schedule")
    data: dict[str, Any] = {
        "resourceType": "Schedule",
        "id": resource,
        "active": True,
        "actor": [_actor(resource, setup)],
    }
    if horizon is not None and not horizon.is_open_ended:
        data["planningHorizon"] = {
            "start": horizon.first.isoformat(),
            "end": horizon.last.isoformat(),
        }
    return data


def fhir_slot_data(slot: Slot) -> dict[str, Any]:
    """A free slot as an R4 Slot of its provider's Schedule."""
    start = slot.start.astimezone(UTC)
    return {
        "resourceType": "Slot",
        "id": f"{slot.provider}-{start:%Y%m%dT%H%M%S}",
        "schedule": {"reference": f"Schedule/{slot.provider}"},
        "status": "free",
        "start": _instant(slot.start),
        "end": _instant(slot.end),
        "appointmentType": {"coding": [{"system": _TYPE_SYSTEM, "code": slot.type_code}]},
    }


def fhir_busy_slot_data(appointment: Appointment) -> dict[str, Any]:
    """The time an appointment holds as a busy R4 Slot (no patient, no visit type)."""
    start = appointment.span.start.astimezone(UTC)
    return {
        "resourceType": "Slot",
        "id": f"{appointment.provider}-{start:%Y%m%dT%H%M%S}-busy",
        "schedule": {"reference": f"Schedule/{appointment.provider}"},
        "status": "busy" if appointment.holds_time else "free",
        "start": _instant(appointment.span.start),
        "end": _instant(appointment.span.end),
    }


def fhir_appointment_data(
    appointment: Appointment,
    setup: PracticeSetup | None = None,
    *,
    include_patient: bool = False,
) -> dict[str, Any]:
    """An R4 Appointment: status, times, type, provider and resources; the patient's
    reference only with ``include_patient`` (``setup`` says which resources are rooms)."""
    participants = [{"actor": _actor(appointment.provider, setup), "status": "accepted"}]
    participants += [
        {"actor": _actor(r, setup), "status": "accepted"} for r in sorted(appointment.resources)
    ]
    if include_patient:
        participants.append(
            {"actor": {"reference": f"Patient/{appointment.patient}"}, "status": "accepted"}
        )
    minutes = int(appointment.span.duration.total_seconds()) // 60
    data: dict[str, Any] = {
        "resourceType": "Appointment",
        "identifier": [{"system": _ID_SYSTEM, "value": appointment.id}],
        "status": appointment.status.value,
        "appointmentType": {"coding": [{"system": _TYPE_SYSTEM, "code": appointment.type_code}]},
        "start": _instant(appointment.span.start),
        "end": _instant(appointment.span.end),
        "minutesDuration": minutes,
        "participant": participants,
    }
    if _FHIR_ID.fullmatch(appointment.id):
        data["id"] = appointment.id
    if appointment.cancel_reason is not None:
        data["cancelationReason"] = {"text": str(appointment.cancel_reason)}
    return data


_FHIR_ID: Final = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def fhir_r4(data: dict[str, Any]) -> Any:
    """The ``fhir.resources`` R4 model of a Schedule, Slot or Appointment dict, validated.

    Invalid data is an :class:`InvalidValue` naming the fields, never their values.
    """
    kind = data.get("resourceType")
    module = _R4_MODULES.get(kind) if isinstance(kind, str) else None
    if module is None:
        raise InvalidValue("the resource is not an R4 Schedule, Slot or Appointment")
    model = _fhir(module, str(kind))
    try:
        return model.model_validate(data)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        fields = sorted(
            {".".join(str(p) for p in e.get("loc", ())) for e in getattr(error, "errors", list)()}
        )
        raise InvalidValue(
            f"not a valid FHIR R4 {kind}: {', '.join(fields) or 'invalid'}"
        ) from None


def _validated(data: object, kind: str) -> dict[str, Any]:
    """``data`` (a dict or a model) checked by the R4 model of ``kind``, back as a dict."""
    given: Any = data
    if not isinstance(given, dict):
        dump = getattr(given, "model_dump", None)
        if dump is None:
            raise InvalidValue(f"an R4 {kind} is a dict or a fhir.resources model")
        given = dump(mode="json", by_alias=True, exclude_none=True)
    if not isinstance(given, dict) or given.get("resourceType") != kind:
        raise InvalidValue(f"the resource is not an R4 {kind}")
    model = fhir_r4(given)
    dumped: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dumped


def _type_code(data: dict[str, Any]) -> str | None:
    for coding in data.get("appointmentType", {}).get("coding", []):
        if coding.get("system") == _TYPE_SYSTEM and coding.get("code"):
            return str(coding["code"])
    return None


def _when(value: object, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{field} is not an instant") from None
    if parsed.utcoffset() is None:
        raise InvalidValue(f"{field} has no UTC offset")
    return parsed.astimezone(UTC)


def appointment_from_fhir(data: object) -> Appointment:
    """An appointment from an R4 Appointment (validated first) that names its type, its
    provider (a Practitioner) and its patient; buffers and history do not travel."""
    found = _validated(data, "Appointment")
    ident = next(
        (i.get("value") for i in found.get("identifier", []) if i.get("system") == _ID_SYSTEM),
        found.get("id"),
    )
    type_code = _type_code(found)
    refs = [str(p.get("actor", {}).get("reference", "")) for p in found.get("participant", [])]
    providers = [r.split("/", 1)[1] for r in refs if r.startswith("Practitioner/")]
    patients = [r.split("/", 1)[1] for r in refs if r.startswith("Patient/")]
    resources = [r.split("/", 1)[1] for r in refs if r.startswith(("Location/", "Device/"))]
    if not ident or type_code is None or not providers or not patients:
        raise InvalidValue(
            "the Appointment needs an identifier, a medoffice appointment type, a Practitioner"
            " and a Patient participant"
        )
    if "start" not in found or "end" not in found:
        raise InvalidValue("the Appointment needs a start and an end")
    return Appointment(
        id=str(ident),
        type_code=type_code,
        provider=providers[0],
        patient=patients[0],
        span=TimeRange(_when(found["start"], "start"), _when(found["end"], "end")),
        status=AppointmentStatus(found["status"]),
        resources=frozenset(resources + providers[1:]),
        cancel_reason=_cancel_reason(found),
    )


def _cancel_reason(found: dict[str, Any]) -> CancelReason | None:
    text = found.get("cancelationReason", {}).get("text")
    try:
        return None if text is None else CancelReason(text)
    except ValueError:
        return None


@final
@attrs.frozen(kw_only=True)
class FhirSlot:
    """An R4 Slot read back: the Schedule's resource, the time, ``free`` or ``busy``, the type."""

    resource: str
    span: TimeRange
    status: str
    type_code: str | None = None


def slot_from_fhir(data: object) -> FhirSlot:
    """The slot of an R4 Slot (validated first)."""
    found = _validated(data, "Slot")
    reference = str(found["schedule"].get("reference", ""))
    if not reference.startswith("Schedule/"):
        raise InvalidValue("the Slot's schedule is not a Schedule reference")
    return FhirSlot(
        resource=reference.split("/", 1)[1],
        span=TimeRange(_when(found["start"], "start"), _when(found["end"], "end")),
        status=str(found["status"]),
        type_code=_type_code(found),
    )


def schedule_from_fhir(data: object) -> tuple[str, DateRange | None]:
    """The resource of an R4 Schedule (its first actor) and its planning horizon, if any."""
    found = _validated(data, "Schedule")
    reference = str(found["actor"][0].get("reference", ""))
    if "/" not in reference:
        raise InvalidValue("the Schedule's actor is not a reference")
    horizon = found.get("planningHorizon")
    span = None
    if horizon and horizon.get("start") and horizon.get("end"):
        span = DateRange(
            date.fromisoformat(str(horizon["start"])[:10]),
            date.fromisoformat(str(horizon["end"])[:10]),
        )
    return reference.split("/", 1)[1], span

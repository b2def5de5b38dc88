"""Roster files: the JSON layout documented in docs/credentials.md.

Errors name the path of the bad field (``staff[0].credentials[1].issued_on``), never its value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, final

import attrs

from medoffice.adapters.formats.inputs import read_input
from medoffice.credentials._model import Credential, Location, StaffMember, VerificationEvent
from medoffice.kernel import InvalidValue
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits, parse_json

__all__ = ["Roster", "load_roster", "roster_from_mapping"]


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
            source=_required(
                _object(v, f"{path}.verifications[{i}]"), "source", f"{path}.verifications[{i}]"
            ),
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
        details=data.get("details"),
    )


def _credentials(raw: object, path: str) -> list[Credential]:
    return [_credential(c, f"{path}[{i}]") for i, c in enumerate(_list(raw, path))]


def _staff(raw: object, path: str) -> StaffMember:
    data = _object(raw, path)
    return StaffMember(
        id=_required(data, "id", path),
        role=_required(data, "role", path),
        taxonomy=data.get("taxonomy"),
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
                id=_required(_object(raw, f"locations[{i}]"), "id", f"locations[{i}]"),
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


def load_roster(path: str | os.PathLike[str], *, limits: InputLimits = DEFAULT_LIMITS) -> Roster:
    """Read a JSON roster file (see docs/credentials.md for the layout).

    A file over ``limits`` or not JSON raises :class:`~medoffice.kernel.inputs.UnreadableInput`.
    """
    file = Path(path)
    return roster_from_mapping(
        parse_json(read_input(file, limits=limits), source=file.name, limits=limits)
    )

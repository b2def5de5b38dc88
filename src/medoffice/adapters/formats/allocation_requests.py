"""The batch requests file: many visits to place at once, as JSON.

A requests file names the practice file it is placed against (relative to itself), optionally
the instant that counts as "now", and the requests, each with its id, appointment type,
patient reference, the windows it may take (ISO 8601 instants with their offsets), the
providers allowed and preferred, its priority and weight, a duration, and the rooms or
devices it pins:

.. code-block:: json

    {
      "practice": "practice.toml",
      "now": "2026-03-06T17:00:00-05:00",
      "requests": [
        {"id": "r-1", "type": "FU", "patient": "p-17",
         "windows": [{"start": "2026-03-09T08:00:00-05:00", "end": "2026-03-13T18:00:00-05:00"}],
         "preferred": ["dr-adams"], "priority": 1, "resources": ["us-1"]}
      ]
    }

Errors name the field (``requests[3].windows[0].end``), never a patient's details.

>>> batch = parse_requests(
...     {
...         "requests": [
...             {
...                 "id": "r-1",
...                 "type": "FU",
...                 "patient": "p-1",
...                 "windows": [
...                     {"start": "2026-03-09T08:00:00-05:00", "end": "2026-03-09T12:00:00-05:00"}
...                 ],
...             }
...         ]
...     }
... )
>>> batch.requests[0].windows[0].duration.total_seconds() / 3600, batch.practice
(4.0, None)
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any, final

import attrs

from medoffice.kernel import InvalidValue, TimeRange
from medoffice.scheduling._alloc_model import AllocationRequest
from medoffice.scheduling._types import Patient

__all__ = ["RequestsFile", "load_requests_file", "parse_requests"]


@final
@attrs.frozen(kw_only=True)
class RequestsFile:
    """The requests of a batch, the practice file they name (if any) and "now" (if given)."""

    requests: tuple[AllocationRequest, ...]
    practice: Path | None = None
    now: datetime | None = None


def _instant(value: object, path: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{path} is not an ISO 8601 instant") from None
    if parsed.utcoffset() is None:
        raise InvalidValue(f"{path} needs its UTC offset, for example -05:00")
    return parsed


def _strings(item: dict[str, Any], key: str, path: str) -> list[str]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InvalidValue(f"{path}.{key} must be a list of ids")
    return value


def _whole(item: dict[str, Any], key: str, path: str, default: int | None) -> int | None:
    value = item.get(key, default)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidValue(f"{path}.{key} must be a whole number")
    return value


def _patient(value: object, path: str) -> Patient:
    if isinstance(value, str) and value:
        return Patient(ref=value)
    if not isinstance(value, dict) or not isinstance(value.get("ref"), str):
        raise InvalidValue(f"{path} is a patient reference or a table with a ref")
    born = value.get("birth_date")
    try:
        birth = None if born is None else date.fromisoformat(str(born))
    except ValueError:
        raise InvalidValue(f"{path}.birth_date is not a date") from None
    established = value.get("established", True)
    if not isinstance(established, bool):
        raise InvalidValue(f"{path}.established must be true or false")
    return Patient(ref=value["ref"], established=established, birth_date=birth)


def _request(item: object, path: str) -> AllocationRequest:
    if not isinstance(item, dict):
        raise InvalidValue(f"{path} must be a table")
    windows = item.get("windows")
    if not isinstance(windows, list) or not windows:
        raise InvalidValue(f"{path}.windows must list at least one window")
    spans = []
    for n, window in enumerate(windows):
        where = f"{path}.windows[{n}]"
        if not isinstance(window, dict):
            raise InvalidValue(f"{where} must be a table with start and end")
        start, end = (
            _instant(window.get("start"), f"{where}.start"),
            _instant(window.get("end"), f"{where}.end"),
        )
        if end <= start:
            raise InvalidValue(f"{where} must end after it starts")
        spans.append(TimeRange(start, end))
    ident, type_code = item.get("id"), item.get("type")
    if not isinstance(ident, str) or not ident or not isinstance(type_code, str) or not type_code:
        raise InvalidValue(f"{path} needs an id and a type")
    try:
        return AllocationRequest(
            id=ident,
            type_code=type_code,
            patient=_patient(item.get("patient"), f"{path}.patient"),
            windows=spans,
            providers=_strings(item, "providers", path),
            preferred=_strings(item, "preferred", path),
            priority=_whole(item, "priority", path, 0) or 0,
            weight=_whole(item, "weight", path, 1) or 0,
            duration_minutes=_whole(item, "duration_minutes", path, None),
            resources=_strings(item, "resources", path),
        )
    except InvalidValue as error:
        raise InvalidValue(f"{path}: {error}") from None


def parse_requests(data: object, *, folder: str | os.PathLike[str] | None = None) -> RequestsFile:
    """The requests file from parsed JSON; ``practice`` is resolved against ``folder``."""
    if not isinstance(data, dict) or not isinstance(data.get("requests"), list):
        raise InvalidValue("a requests file is a table with a list of requests")
    requests = tuple(_request(item, f"requests[{n}]") for n, item in enumerate(data["requests"]))
    ids = [r.id for r in requests]
    if len(set(ids)) != len(ids):
        raise InvalidValue("each request has its own id")
    practice = data.get("practice")
    if practice is not None and not isinstance(practice, str):
        raise InvalidValue("practice is the path of the practice file")
    now = data.get("now")
    return RequestsFile(
        requests=requests,
        practice=None if practice is None else Path(folder or ".") / practice,
        now=None if now is None else _instant(now, "now"),
    )


def load_requests_file(path: str | os.PathLike[str]) -> RequestsFile:
    """Read and check a requests file (JSON)."""
    target = Path(path)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InvalidValue(f"{target.name} is not valid JSON (line {error.lineno})") from None
    return parse_requests(data, folder=target.parent)

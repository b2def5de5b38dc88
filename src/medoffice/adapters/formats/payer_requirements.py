"""Payer requirement profiles in TOML or JSON: which services need an authorization or a referral.

A profile is a list of requirements, each with a stable id, its kind, the payers it applies to
(``payer_ids``, ``payer_types``, ``plan_types``), the services (``procedures``: codes and
``low-high`` ranges, and/or ``specialists = true`` for every specialist visit), the days it is
in effect (``effective_from``, optional ``effective_to``) and where it comes from (``source``,
``url``, ``note``). Unknown keys are refused, so a misspelt field is an error rather than
ignored; whatever cannot be understood raises :class:`~medoffice.kernel.InvalidValue` naming the
field. ``examples/authorizations/requirements.toml`` is a complete, cited example.

>>> book = parse_payer_requirements('''
... [[requirements]]
... id = "ACME-HMO-SPECIALIST"
... kind = "referral"
... payer_ids = ["ACME1"]
... plan_types = ["hmo"]
... specialists = true
... effective_from = "2026-01-01"
... source = "Acme Health HMO member handbook, referrals"
... ''')
>>> [(r.id, r.kind.value) for r in book.requirements]
[('ACME-HMO-SPECIALIST', 'referral')]
"""

from __future__ import annotations

import json
import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from medoffice.authorizations._requirements import Requirement, RequirementBook
from medoffice.kernel import DateRange, InvalidValue

__all__ = ["load_payer_requirements", "parse_payer_requirements"]

_TOP: Final = frozenset({"name", "requirements"})
_FIELDS: Final = frozenset(
    {
        "id",
        "kind",
        "payer_ids",
        "payer_types",
        "plan_types",
        "procedures",
        "specialists",
        "effective_from",
        "effective_to",
        "source",
        "url",
        "note",
    }
)


def load_payer_requirements(path: str | os.PathLike[str]) -> RequirementBook:
    """Read a requirement profile from a ``.toml`` or ``.json`` file."""
    file = Path(path)
    kind: Literal["toml", "json"] = "toml" if file.suffix.lower() == ".toml" else "json"
    return parse_payer_requirements(file.read_text(encoding="utf-8"), syntax=kind)


def parse_payer_requirements(
    text: str, *, syntax: Literal["toml", "json"] = "toml"
) -> RequirementBook:
    """Read a requirement profile from its text."""
    try:
        data = tomllib.loads(text) if syntax == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise InvalidValue(
            f"the requirement profile is not valid {syntax.upper()}: {error}"
        ) from None
    if not isinstance(data, dict):
        raise InvalidValue("a requirement profile holds a table (an object) at the top")
    unknown = sorted(set(data) - _TOP)
    if unknown:
        raise InvalidValue(f"unknown key {unknown[0]!r} in the requirement profile")
    items = data.get("requirements", [])
    if not isinstance(items, list):
        raise InvalidValue("requirements is a list of tables")
    return RequirementBook(_requirement(item, f"requirements[{n}]") for n, item in enumerate(items))


def _requirement(item: object, path: str) -> Requirement:
    if not isinstance(item, dict):
        raise InvalidValue(f"{path} is a table")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise InvalidValue(f"unknown key {unknown[0]!r} in {path}")
    first = _day(item, "effective_from", path, required=True)
    last = _day(item, "effective_to", path, required=False)
    try:
        return Requirement(
            id=_text(item, "id", path),
            kind=_text(item, "kind", path),
            payer_ids=_list(item, "payer_ids", path),
            payer_types=_list(item, "payer_types", path),
            plan_types=_list(item, "plan_types", path),
            procedures=_list(item, "procedures", path),
            specialists=_flag(item, "specialists", path),
            effective=DateRange(first or date.min, last or date.max),
            source=_text(item, "source", path),
            url=str(item.get("url", "")),
            note=str(item.get("note", "")),
        )
    except (InvalidValue, ValueError) as error:
        raise InvalidValue(f"{path}: {error}") from None


def _text(item: dict[str, Any], key: str, path: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{path}.{key} is a non-empty string")
    return value.strip()


def _list(item: dict[str, Any], key: str, path: str) -> list[str]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(f"{path}.{key} is a list of strings")
    return value


def _flag(item: dict[str, Any], key: str, path: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise InvalidValue(f"{path}.{key} is true or false")
    return value


def _day(item: dict[str, Any], key: str, path: str, *, required: bool) -> date | None:
    value = item.get(key)
    if value is None:
        if required:
            raise InvalidValue(f"{path}.{key} is required (a date, YYYY-MM-DD)")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValue(f"{path}.{key} is a date, YYYY-MM-DD")

"""Turning domain values into JSON text and back, exactly.

Money becomes integer minor units plus the currency code (never a float); days become ISO dates;
instants become UTC ISO text with the IANA zone kept beside them when the value had one; budget
dimensions become their mapping. Everything else an attrs value holds (enums, tuples,
frozensets, nested values) goes through cattrs.

Every text is **sealed** with a checksum of itself (BLAKE2b, 8 bytes) before it is stored, and
checked when read: bytes damaged on disk that still make valid JSON (a digit changed in a
procedure code, an hour in an appointment) are refused with a
:class:`~medoffice.kernel.DatabaseError` instead of being read as a different value. The sealed
text is still one JSON object, ``{"c":"<checksum>","v":<value>}``.

>>> from datetime import date
>>> from medoffice.kernel import Money
>>> codec = Codec()
>>> sealed = codec.dumps(Money.of("12.50", "USD"))
>>> sealed
'{"c":"68084df333317efc","v":{"currency":"USD","minor":1250}}'
>>> codec.loads(sealed, Money) == Money.of("12.50", "USD")
True
>>> codec.loads(sealed.replace("1250", "1350"), Money)
Traceback (most recent call last):
...
medoffice.kernel._errors.DatabaseError: a stored Money is damaged: ...

More information: https://catt.rs/ (cattrs).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final, TypeVar, final
from zoneinfo import ZoneInfo

from cattrs.preconf.json import make_converter

from medoffice.adapters.sqlite._errors import damaged, decoding
from medoffice.budget import Dimensions
from medoffice.kernel import Currency, DateRange, InvalidValue, Money, TimeRange

__all__ = ["Codec", "instant_from_text", "instant_to_text"]

T = TypeVar("T")
_SEPARATORS: Final = (",", ":")
_SEAL_HEAD: Final = '{"c":"'
_SEAL_MIDDLE: Final = '","v":'
_CHECKSUM_DIGITS: Final = 16
_VALUE_START: Final = len(_SEAL_HEAD) + _CHECKSUM_DIGITS + len(_SEAL_MIDDLE)


def checksum(text: str) -> str:
    """The 16 hexadecimal digits that seal ``text``."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=_CHECKSUM_DIGITS // 2).hexdigest()


def posting_checksum(columns: Sequence[object]) -> str:
    """The checksum of a posting row's columns (a posting has no JSON body to seal)."""
    return checksum("\x1f".join(str(column) for column in columns))


def seal(text: str) -> str:
    """``text`` (JSON) wrapped with its checksum, as one JSON object."""
    return f"{_SEAL_HEAD}{checksum(text)}{_SEAL_MIDDLE}{text}}}"


def unseal(sealed: object, what: str) -> str:
    """The text inside ``sealed``, if its checksum still matches; else a ``DatabaseError``.

    A damaged page can hand back any storage class (a number, NULL) where text was written.
    """
    if isinstance(sealed, str):
        text = sealed
    elif isinstance(sealed, bytes):
        text = sealed.decode("utf-8", errors="replace")
    else:
        raise damaged(what)
    inner = text[_VALUE_START:-1]
    if (
        not text.startswith(_SEAL_HEAD)
        or text[_VALUE_START - len(_SEAL_MIDDLE) : _VALUE_START] != _SEAL_MIDDLE
        or not text.endswith("}")
        or text[len(_SEAL_HEAD) : len(_SEAL_HEAD) + _CHECKSUM_DIGITS] != checksum(inner)
    ):
        raise damaged(what)
    return inner


def instant_to_text(value: datetime) -> str:
    """An aware instant as UTC ISO text (sortable, exact to the microsecond)."""
    return value.astimezone(UTC).isoformat()


def instant_from_text(text: str, zone: str | None = None) -> datetime:
    """The instant back, in ``zone`` when one was kept; damaged text is a ``DatabaseError``."""
    with decoding("instant"):
        moment = datetime.fromisoformat(text)
        return moment.astimezone(ZoneInfo(zone)) if zone else moment


def _zone_key(value: datetime) -> str | None:
    tz = value.tzinfo
    return tz.key if isinstance(tz, ZoneInfo) else None


def _dump_instant(value: datetime) -> dict[str, str | None]:
    return {"utc": instant_to_text(value), "zone": _zone_key(value)}


def _load_instant(data: Any, _: object) -> datetime:
    if not isinstance(data, dict) or not isinstance(data.get("utc"), str):
        raise InvalidValue("a stored instant is damaged")
    return instant_from_text(data["utc"], data.get("zone"))


def _dump_money(value: Money) -> dict[str, object]:
    return {"currency": value.currency.code, "minor": value.minor_units}


def _load_money(data: Any, _: object) -> Money:
    if not isinstance(data, dict) or not isinstance(data.get("minor"), int):
        raise InvalidValue("a stored amount is damaged")
    return Money.from_minor_units(data["minor"], data["currency"])


@final
class Codec:
    """JSON text for attrs values of every domain, with exact money and instants."""

    __slots__ = ("_converter",)

    def __init__(self) -> None:
        converter = make_converter()
        converter.register_unstructure_hook(datetime, _dump_instant)
        converter.register_structure_hook(datetime, _load_instant)
        converter.register_unstructure_hook(date, date.isoformat)
        converter.register_structure_hook(date, lambda data, _: date.fromisoformat(data))
        converter.register_unstructure_hook(Decimal, str)
        converter.register_structure_hook(Decimal, lambda data, _: Decimal(data))
        converter.register_unstructure_hook(Money, _dump_money)
        converter.register_structure_hook(Money, _load_money)
        converter.register_unstructure_hook(Currency, lambda value: value.code)
        converter.register_structure_hook(Currency, lambda data, _: Currency.of(data))
        converter.register_unstructure_hook(Dimensions, Dimensions.to_dict)
        converter.register_structure_hook(Dimensions, lambda data, _: Dimensions.from_mapping(data))
        converter.register_unstructure_hook(
            TimeRange, lambda value: [_dump_instant(value.start), _dump_instant(value.end)]
        )
        converter.register_structure_hook(
            TimeRange,
            lambda data, _: TimeRange(_load_instant(data[0], None), _load_instant(data[1], None)),
        )
        converter.register_unstructure_hook(
            DateRange, lambda value: [value.first.isoformat(), value.last.isoformat()]
        )
        converter.register_structure_hook(
            DateRange,
            lambda data, _: DateRange(date.fromisoformat(data[0]), date.fromisoformat(data[1])),
        )
        self._converter = converter

    def dumps(self, value: object) -> str:
        """``value`` as compact JSON text with sorted keys, sealed with its checksum."""
        return seal(
            json.dumps(self._converter.unstructure(value), separators=_SEPARATORS, sort_keys=True)
        )

    def loads(self, text: str | bytes, kind: type[T]) -> T:
        """The ``kind`` value stored as ``text``; damaged text is a ``DatabaseError``."""
        inner = unseal(text, kind.__name__)
        with decoding(kind.__name__):
            return self._converter.structure(json.loads(inner), kind)

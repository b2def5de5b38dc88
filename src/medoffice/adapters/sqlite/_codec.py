"""Turning domain values into JSON text and back, exactly.

Money becomes integer minor units plus the currency code (never a float); days become ISO dates;
instants become UTC ISO text with the IANA zone kept beside them when the value had one; budget
dimensions become their mapping. Everything else an attrs value holds (enums, tuples,
frozensets, nested values) goes through cattrs.

>>> from datetime import date
>>> from medoffice.kernel import Money
>>> codec = Codec()
>>> codec.dumps(Money.of("12.50", "USD"))
'{"currency":"USD","minor":1250}'
>>> codec.loads('{"currency":"USD","minor":1250}', Money) == Money.of("12.50", "USD")
True

More information: https://catt.rs/ (cattrs).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final, TypeVar, final
from zoneinfo import ZoneInfo

import cattrs
from cattrs.preconf.json import make_converter

from medoffice.budget._dimensions import Dimensions
from medoffice.kernel import Currency, DateRange, InvalidValue, Money, TimeRange

__all__ = ["Codec", "instant_from_text", "instant_to_text"]

T = TypeVar("T")
_SEPARATORS: Final = (",", ":")


def instant_to_text(value: datetime) -> str:
    """An aware instant as UTC ISO text (sortable, exact to the microsecond)."""
    return value.astimezone(UTC).isoformat()


def instant_from_text(text: str, zone: str | None = None) -> datetime:
    """The instant back, in ``zone`` when one was kept."""
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
        """``value`` as compact JSON text with sorted keys."""
        return json.dumps(
            self._converter.unstructure(value), separators=_SEPARATORS, sort_keys=True
        )

    def loads(self, text: str | bytes, kind: type[T]) -> T:
        """The ``kind`` value stored as ``text``; damaged text is an ``InvalidValue``."""
        try:
            return self._converter.structure(json.loads(text), kind)
        except InvalidValue:
            raise
        except (ValueError, TypeError, KeyError, cattrs.BaseValidationError) as error:
            raise InvalidValue(f"a stored {kind.__name__} is damaged") from error

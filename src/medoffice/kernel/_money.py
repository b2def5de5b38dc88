"""Money: an exact amount in one ISO 4217 currency.

An amount is a :class:`~decimal.Decimal` with exactly the currency's minor units (two places for
USD, none for JPY, three for BHD, four for CLF). Floats are refused, and so is an amount with more
places than the currency allows: rounding is never silent. Anything that can produce fractions
(multiplying, percentages, splitting) goes through a method that names its rounding, and splits
always add back up to the whole, cent for cent.

The currency table comes from the ``iso4217`` package, which carries the ISO 4217 list published
by SIX (the maintenance agency) as XML; codes with no minor unit (gold ``XAU``, ``XDR``, the
testing code ``XTS``) are currencies but cannot hold money.

More information: ISO 4217 (https://www.six-group.com/en/products-services/financial-information/data-standards.html)

>>> from decimal import Decimal
>>> fee = Money(Decimal("100.00"), "USD")
>>> fee.split(3)
(Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
>>> fee.multiply(Decimal("0.075"), rounding=Rounding.HALF_UP)
Money('7.50', 'USD')
>>> fee + Money.of("0.5", "USD")
Money('100.50', 'USD')
>>> Money.of("1.005", "USD")
Traceback (most recent call last):
...
medoffice.kernel._errors.InvalidValue: 1.005 has more decimal places than USD allows (2)
"""

from __future__ import annotations

import decimal
import enum
import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final, final

import attrs
import iso4217

from medoffice.kernel._errors import CurrencyMismatch, InvalidArgument, InvalidValue

__all__ = ["Currency", "Money", "Rounding"]

# Wide enough for any amount a practice will see (and far beyond), so quantizing never traps.
_CONTEXT: Final = decimal.Context(prec=60, Emax=10**6, Emin=-(10**6))


@final
class Rounding(enum.Enum):
    """A rounding mode, always chosen explicitly by the caller."""

    HALF_EVEN = decimal.ROUND_HALF_EVEN
    HALF_UP = decimal.ROUND_HALF_UP
    HALF_DOWN = decimal.ROUND_HALF_DOWN
    UP = decimal.ROUND_UP
    DOWN = decimal.ROUND_DOWN
    CEILING = decimal.ROUND_CEILING
    FLOOR = decimal.ROUND_FLOOR


@final
@attrs.frozen(repr=False)
class Currency:
    """An ISO 4217 currency: alphabetic code, numeric code and minor unit (exponent).

    >>> Currency.of("usd")
    Currency('USD')
    >>> Currency.of("JPY").exponent, Currency.of("BHD").exponent, Currency.of("XAU").exponent
    (0, 3, None)
    """

    code: str
    number: int
    exponent: int | None
    name: str = attrs.field(eq=False)

    @classmethod
    def of(cls, code: str) -> Currency:
        """The currency with this alphabetic code (case-insensitive)."""
        if not isinstance(code, str):
            raise InvalidValue(f"a currency code is a string, not {type(code).__name__}")
        found = _currency_table().get(code.strip().upper())
        if found is None:
            raise InvalidValue(f"{code!r} is not an ISO 4217 currency code")
        return found

    @property
    def can_hold_money(self) -> bool:
        """Whether the currency has a minor unit (``XAU``, ``XDR`` and friends do not)."""
        return self.exponent is not None

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Currency({self.code!r})"


@functools.cache
def _currency_table() -> dict[str, Currency]:
    return {
        member.code: Currency(
            code=member.code,
            number=int(member.number),
            exponent=member.exponent,
            name=member.currency_name,
        )
        for member in iso4217.Currency
    }


def _to_currency(value: Currency | str) -> Currency:
    return value if isinstance(value, Currency) else Currency.of(value)


def _to_decimal(given: Decimal | int | str) -> Decimal:
    value: object = given  # checked at run time: not every caller is type-checked
    if isinstance(value, bool | float):
        raise InvalidValue(
            f"money amounts are exact: pass a Decimal or a string, not {type(value).__name__}"
        )
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | str):
        try:
            amount = Decimal(value)
        except decimal.InvalidOperation:
            raise InvalidValue(f"{value!r} is not a decimal amount") from None
    else:
        raise InvalidValue(f"a money amount is a Decimal, not {type(value).__name__}")
    if not amount.is_finite():
        raise InvalidValue("a money amount must be finite")
    return amount


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite amounts only
    if exponent >= 0:
        return 0
    # Trailing zeros do not count: 10.000 USD is ten dollars exactly.
    return max(0, -int(amount.normalize(_CONTEXT).as_tuple().exponent))


def _fraction(value: Decimal | int | Fraction) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | Fraction):
        raise InvalidArgument(f"a factor is a Decimal, int or Fraction, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidArgument("a factor must be finite")
    return Fraction(value)


@final
@attrs.frozen(repr=False, order=False)
class Money:
    """An exact amount of one currency.

    The constructor takes a ``Decimal`` (or an int or a string that parses as one) and a
    :class:`Currency` or its code; the amount is stored with exactly the currency's minor units.
    """

    amount: Decimal = attrs.field(converter=_to_decimal)
    currency: Currency = attrs.field(converter=_to_currency)

    def __attrs_post_init__(self) -> None:
        exponent = self.currency.exponent
        if exponent is None:
            raise InvalidValue(f"{self.currency.code} has no minor unit and cannot hold money")
        if _places(self.amount) > exponent:
            raise InvalidValue(
                f"{self.amount} has more decimal places than {self.currency.code} allows "
                f"({exponent})"
            )
        quantum = Decimal(1).scaleb(-exponent)
        object.__setattr__(self, "amount", self.amount.quantize(quantum, context=_CONTEXT))

    # -- other ways to build one ------------------------------------------------------------

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: Currency | str) -> Money:
        """Build from a decimal string or number: ``Money.of("12.50", "USD")``."""
        return cls(_to_decimal(amount), _to_currency(currency))

    @classmethod
    def zero(cls, currency: Currency | str) -> Money:
        """No money in ``currency``."""
        return cls(Decimal(0), _to_currency(currency))

    @classmethod
    def from_minor_units(cls, units: int, currency: Currency | str) -> Money:
        """Build from an integer count of minor units (cents): ``from_minor_units(1250, "USD")``."""
        if isinstance(units, bool) or not isinstance(units, int):
            raise InvalidValue(f"minor units are an int, not {type(units).__name__}")
        cur = _to_currency(currency)
        if cur.exponent is None:
            raise InvalidValue(f"{cur.code} has no minor unit and cannot hold money")
        return cls(Decimal(units).scaleb(-cur.exponent, _CONTEXT), cur)

    @classmethod
    def sum(cls, items: Iterable[Money], *, currency: Currency | str) -> Money:
        """The total of ``items``; an empty iterable totals zero in ``currency``."""
        total = cls.zero(currency)
        for item in items:
            total = total + item
        return total

    # -- reading ------------------------------------------------------------------------------

    @property
    def minor_units(self) -> int:
        """The amount as an integer count of minor units (1250 for 12.50 USD)."""
        exponent = self.currency.exponent
        assert exponent is not None
        return int(self.amount.scaleb(exponent, _CONTEXT))

    def is_zero(self) -> bool:
        """Whether the amount is zero."""
        return self.amount == 0

    def is_positive(self) -> bool:
        """Whether the amount is above zero."""
        return self.amount > 0

    def is_negative(self) -> bool:
        """Whether the amount is below zero."""
        return self.amount < 0

    # -- arithmetic within one currency -------------------------------------------------------

    def _same(self, other: object, operation: str) -> Money:
        if not isinstance(other, Money):
            raise InvalidArgument(f"cannot {operation} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"cannot {operation} {self.currency.code} and {other.currency.code}"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other, "add").amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other, "subtract").amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other, "compare").amount

    def multiply(self, factor: Decimal | int | Fraction, *, rounding: Rounding) -> Money:
        """The amount times ``factor``, rounded to minor units with ``rounding``.

        Percentages go through here too: 7.5 % is ``multiply(Decimal("0.075"), ...)``.

        >>> Money.of("10.00", "USD").multiply(Fraction(1, 3), rounding=Rounding.DOWN)
        Money('3.33', 'USD')
        """
        if not isinstance(rounding, Rounding):
            raise InvalidArgument("multiply needs an explicit Rounding")
        exact = Fraction(self.minor_units) * _fraction(factor)
        units = _round_fraction(exact, rounding)
        return Money.from_minor_units(units, self.currency)

    def allocate(self, weights: Sequence[Decimal | int | Fraction]) -> tuple[Money, ...]:
        """Split by ``weights`` so that the parts sum exactly to this amount.

        Each part gets the floor of its exact share in minor units; the units left over go one
        each to the parts with the largest remainders (earlier parts first on a tie). A zero
        weight always gets zero.

        >>> Money.of("40.00", "USD").allocate([1] * 31)[:2]
        (Money('1.30', 'USD'), Money('1.29', 'USD'))
        >>> sum(p.minor_units for p in Money.of("40.00", "USD").allocate([1] * 31))
        4000
        """
        shares = [_fraction(w) for w in weights]
        if not shares:
            raise InvalidArgument("allocate needs at least one weight")
        if any(s < 0 for s in shares):
            raise InvalidArgument("weights must not be negative")
        total_weight = sum(shares, Fraction(0))
        if total_weight == 0:
            raise InvalidArgument("weights must not all be zero")
        units = self.minor_units
        sign = -1 if units < 0 else 1
        magnitude = abs(units)
        exact = [magnitude * s / total_weight for s in shares]
        floors = [int(q) for q in exact]  # q >= 0, so int() is floor
        left = magnitude - sum(floors)
        order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
        for index in order[:left]:
            floors[index] += 1
        return tuple(Money.from_minor_units(sign * f, self.currency) for f in floors)

    def split(self, parts: int) -> tuple[Money, ...]:
        """Split into ``parts`` near-equal amounts that sum exactly to this one."""
        if type(parts) is not int or parts < 1:
            raise InvalidArgument("split needs a positive whole number of parts")
        return self.allocate([1] * parts)

    # -- presentation (never changes what is stored) ------------------------------------------

    def format(
        self,
        *,
        places: int | None = None,
        grouping: bool = True,
        rounding: Rounding = Rounding.HALF_EVEN,
    ) -> str:
        """Text for people: ``1,234.50 USD``; ``places`` rounds the display only.

        >>> Money.of("1234.5", "USD").format()
        '1,234.50 USD'
        >>> Money.of("1234.5", "USD").format(places=0, grouping=False)
        '1234 USD'
        """
        shown = self.amount
        if places is not None:
            if places < 0:
                raise InvalidArgument("places must not be negative")
            shown = shown.quantize(Decimal(1).scaleb(-places), rounding=rounding.value)
        spec = ",f" if grouping else "f"
        return f"{shown:{spec}} {self.currency.code}"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency.code!r})"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec) if spec else str(self)


def _round_fraction(value: Fraction, rounding: Rounding) -> int:
    """Round an exact fraction of minor units to a whole number, exactly."""
    floor = value.numerator // value.denominator
    remainder = value - floor
    if remainder == 0:
        return floor
    up = floor + 1
    half = Fraction(1, 2)
    toward_zero, away_from_zero = (floor, up) if value >= 0 else (up, floor)
    match rounding:
        case Rounding.FLOOR:
            return floor
        case Rounding.CEILING:
            return up
        case Rounding.DOWN:
            return toward_zero
        case Rounding.UP:
            return away_from_zero
        case Rounding.HALF_UP if remainder == half:
            return away_from_zero
        case Rounding.HALF_DOWN if remainder == half:
            return toward_zero
        case Rounding.HALF_EVEN if remainder == half:
            return floor if floor % 2 == 0 else up
    return up if remainder > half else floor

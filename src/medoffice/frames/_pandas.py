"""The one place the frames import pandas, and the money rule every frame follows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

try:
    import pandas as pd
except ImportError as error:  # pragma: no cover - exercised in a subprocess without pandas
    raise ImportError(
        "medoffice.frames builds pandas data frames, and pandas is not installed: "
        'pip install "medoffice[pandas]"'
    ) from error

from medoffice.kernel import InvalidArgument, Money

__all__ = ["MoneyAs", "amounts", "categories", "days", "instants", "pd"]

#: ``"decimal"``: exact ``Decimal`` values in an ``object`` column; ``"float"``: ``float64``.
MoneyAs = Literal["decimal", "float"]


def amounts(values: Iterable[Money | Decimal | None], money: MoneyAs) -> pd.Series:
    """A column of amounts under the money rule (``None`` stays ``None`` or becomes NaN)."""
    if money not in {"decimal", "float"}:
        raise InvalidArgument("money is 'decimal' (exact) or 'float'")
    exact = [v.amount if isinstance(v, Money) else v for v in values]
    if money == "float":
        return pd.Series([float("nan") if v is None else float(v) for v in exact], dtype="float64")
    return pd.Series(exact, dtype="object")


def categories(values: Iterable[str | None], order: Sequence[str] | None = None) -> pd.Series:
    """A ``category`` column; ordered when ``order`` lists every category, worst last."""
    items = list(values)
    if order is None:
        return pd.Series(items, dtype="category")
    return pd.Series(items, dtype=pd.CategoricalDtype(list(order), ordered=True))


def days(values: Iterable[date | None]) -> pd.Series:
    """A ``datetime64`` column of calendar days (midnight, no zone; ``NaT`` for none)."""
    return pd.Series(
        [pd.NaT if v is None else pd.Timestamp(v) for v in values], dtype="datetime64[ns]"
    )


def instants(values: Iterable[datetime]) -> pd.Series:
    """A ``datetime64`` column of instants in UTC."""
    return pd.Series(pd.to_datetime(list(values), utc=True), dtype="datetime64[ns, UTC]")

"""Budget adapters: in-memory ports, and the JSON budget file the command line reads.

The in-memory adapters (postings, encumbrances, the transfer journal, a holiday calendar from a
set of dates) keep everything in process memory, pass the contract suites of
``medoffice.testing._budget_contracts``, and copy nothing mutable out, so a caller cannot change
what is stored behind the adapter's back.

:func:`load_budget_file` reads the JSON layout documented in ``docs/budget.md`` (chart, calendar,
budget lines or annual amounts to phase, transactions, materiality); any malformed part raises
:class:`~medoffice.kernel.InvalidValue` naming the JSON path, never a bare traceback.

>>> from datetime import date
>>> holidays = SetHolidayCalendar([date(2026, 12, 25)])
>>> holidays.is_holiday(date(2026, 12, 25)), holidays.is_holiday(date(2026, 12, 24))
(True, False)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, final

import attrs

from medoffice.budget import (
    Account,
    Budget,
    BudgetLine,
    CalendarDays,
    ChartOfAccounts,
    Dimensions,
    Encumbrance,
    FiscalCalendar,
    Flat,
    JournalEntry,
    Leg,
    Materiality,
    MgmaCategory,
    PhasingMethod,
    Posting,
    Transaction,
)
from medoffice.kernel import (
    ConcurrencyConflict,
    DateRange,
    InvalidArgument,
    InvalidValue,
    MedofficeError,
    Money,
)

__all__ = [
    "BudgetFile",
    "HolidaysLibraryCalendar",
    "InMemoryEncumbranceRepository",
    "InMemoryPostingStore",
    "InMemoryTransferJournal",
    "SetHolidayCalendar",
    "load_budget_file",
    "parse_budget_file",
]


@final
class SetHolidayCalendar:
    """A :class:`~medoffice.budget.ports.HolidayCalendar` from a fixed set of dates."""

    __slots__ = ("_days",)

    def __init__(self, days: Iterable[date] = ()) -> None:
        self._days = frozenset(days)

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is one of the dates."""
        return day in self._days

    def __repr__(self) -> str:
        return f"SetHolidayCalendar({len(self._days)} days)"


@final
class HolidaysLibraryCalendar:
    """A holiday calendar from the optional ``holidays`` package (the ``holidays`` extra).

    ``country`` and ``subdivision`` follow that package (``"US"``, ``"CA"``); it is imported only
    when a calendar is built, so the core never needs it.
    """

    __slots__ = ("_calendar", "_label")

    def __init__(self, country: str, *, subdivision: str | None = None) -> None:
        try:
            import holidays  # noqa: PLC0415 - optional dependency, imported on use
        except ImportError:
            raise InvalidArgument(
                "the holidays package is not installed (pip install 'medoffice[holidays]')"
            ) from None
        self._calendar = holidays.country_holidays(country, subdiv=subdivision)
        self._label = country if subdivision is None else f"{country}-{subdivision}"

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday there."""
        return day in self._calendar

    def __repr__(self) -> str:
        return f"HolidaysLibraryCalendar({self._label!r})"


@final
class InMemoryPostingStore:
    """A :class:`~medoffice.budget.ports.PostingStore` in a list."""

    __slots__ = ("_ids", "_lock", "_postings")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock = lock or threading.RLock()
        self._postings: list[Posting] = []
        self._ids: set[str] = set()

    def append(self, transaction: Transaction) -> None:
        """Record a transaction's postings; a repeated id is refused."""
        with self._lock:
            if transaction.id in self._ids:
                raise InvalidArgument(f"transaction {transaction.id} is already recorded")
            if transaction.imbalance():
                raise InvalidArgument(f"transaction {transaction.id} does not balance")
            self._postings.extend(transaction.postings())
            self._ids.add(transaction.id)

    def postings(self, days: DateRange) -> Iterator[Posting]:
        """The postings dated within ``days``, in the order recorded."""
        with self._lock:
            recorded = list(self._postings)
        return (p for p in recorded if days.contains(p.on))

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the store holds now (a unit of work's rollback)."""
        with self._lock:
            length = len(self._postings)

        def restore() -> None:
            with self._lock:
                self._ids.difference_update(p.transaction for p in self._postings[length:])
                del self._postings[length:]

        return restore

    def __repr__(self) -> str:
        return f"InMemoryPostingStore({len(self._postings)} postings)"


@final
class InMemoryEncumbranceRepository:
    """An :class:`~medoffice.budget.ports.EncumbranceRepository` in a dict."""

    __slots__ = ("_items", "_lock")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        self._lock = lock or threading.RLock()
        self._items: dict[str, Encumbrance] = {}

    def get(self, encumbrance_id: str) -> Encumbrance | None:
        """The stored encumbrance, or ``None``."""
        with self._lock:
            return self._items.get(encumbrance_id)

    def save(self, encumbrance: Encumbrance, *, expected_version: int) -> None:
        """Store it if the stored version is ``expected_version`` (0 for a new one)."""
        with self._lock:
            current = self._items.get(encumbrance.id)
            stored = 0 if current is None else current.version
            if stored != expected_version:
                raise ConcurrencyConflict(
                    f"encumbrance {encumbrance.id} is at version {stored}, not {expected_version}"
                )
            self._items[encumbrance.id] = encumbrance.with_version(stored + 1)

    def all(self) -> tuple[Encumbrance, ...]:
        """Every encumbrance, by id."""
        with self._lock:
            return tuple(self._items[k] for k in sorted(self._items))

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            items = dict(self._items)

        def restore() -> None:
            with self._lock:
                self._items = items

        return restore

    def __repr__(self) -> str:
        return f"InMemoryEncumbranceRepository({len(self._items)} encumbrances)"


@final
class InMemoryTransferJournal:
    """A :class:`~medoffice.budget.ports.TransferJournal` in a list (append-only)."""

    __slots__ = ("_entries", "_lock")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        self._lock = lock or threading.RLock()
        self._entries: list[JournalEntry] = []

    def entries(self) -> tuple[JournalEntry, ...]:
        """Every entry in the order recorded."""
        with self._lock:
            return tuple(self._entries)

    def append(self, entry: JournalEntry, *, expected_length: int) -> None:
        """Append if nobody appended since the caller read ``expected_length`` entries."""
        with self._lock:
            if len(self._entries) != expected_length:
                raise ConcurrencyConflict(
                    f"the journal has {len(self._entries)} entries, not {expected_length}"
                )
            self._entries.append(entry)

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the journal holds now (a unit of work's rollback)."""
        with self._lock:
            length = len(self._entries)

        def restore() -> None:
            with self._lock:
                del self._entries[length:]

        return restore

    def __repr__(self) -> str:
        return f"InMemoryTransferJournal({len(self._entries)} entries)"


@final
@attrs.frozen(kw_only=True)
class BudgetFile:
    """What a budget file holds."""

    chart: ChartOfAccounts
    budget: Budget
    transactions: tuple[Transaction, ...]
    materiality: Materiality | None
    prior_year: Mapping[str, tuple[Money, ...]] = attrs.field(factory=dict)


_METHODS: Final[Mapping[str, PhasingMethod]] = {"flat": Flat(), "days": CalendarDays()}


def _at(path: str, data: Any, key: str) -> Any:
    if not isinstance(data, Mapping) or key not in data:
        raise InvalidValue(f"{path}.{key} is missing")
    return data[key]


def _list(path: str, data: Any, key: str) -> Sequence[Any]:
    value = data.get(key, []) if isinstance(data, Mapping) else None
    if not isinstance(value, list):
        raise InvalidValue(f"{path}.{key} must be a list")
    return value


def _money(path: str, value: Any, currency: str) -> Money:
    if not isinstance(value, str | int):
        raise InvalidValue(f'{path} must be a decimal string such as "12.50"')
    try:
        return Money(Decimal(value), currency)
    except (InvalidOperation, MedofficeError) as error:
        raise InvalidValue(f"{path}: {error}") from None


def _dims(path: str, value: Any) -> Dimensions:
    if value is None:
        return Dimensions()
    if not isinstance(value, Mapping):
        raise InvalidValue(f"{path} must be an object")
    try:
        return Dimensions.from_mapping(value)
    except MedofficeError as error:
        raise InvalidValue(f"{path}: {error}") from None


def _day(path: str, value: Any) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidValue(f"{path} must be a date such as 2026-01-31") from None


def _category(path: str, value: Any) -> MgmaCategory | None:
    if value is None:
        return None
    try:
        return MgmaCategory[str(value).upper()]
    except KeyError:
        raise InvalidValue(f"{path} is not an MGMA category name") from None


def parse_budget_file(data: Any) -> BudgetFile:
    """Build a :class:`BudgetFile` from the parsed JSON ``data`` (layout in docs/budget.md)."""
    try:
        return _parse(data)
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as error:
        if isinstance(error, MedofficeError):
            raise
        raise InvalidValue(f"the budget file is malformed: {error}") from None


def _parse(data: Any) -> BudgetFile:
    currency = str(_at("$", data, "currency"))
    year = _at("$", data, "fiscal_year")
    if type(year) is not int:
        raise InvalidValue("$.fiscal_year must be a whole number")
    cal_data = data.get("calendar", {})
    calendar = FiscalCalendar(
        pattern=cal_data.get("pattern", "monthly"),
        start_month=cal_data.get("start_month", 1),
        start_day=cal_data.get("start_day", 1),
    )
    accounts = [
        Account(
            code=_at(f"$.accounts[{i}]", a, "code"),
            name=str(a.get("name", a["code"])),
            type=_at(f"$.accounts[{i}]", a, "type"),
            parent=a.get("parent"),
            category=_category(f"$.accounts[{i}].category", a.get("category")),
        )
        for i, a in enumerate(_list("$", data, "accounts"))
    ]
    chart = ChartOfAccounts.of(accounts)
    budget_data = data.get("budget", {})
    lines = [
        BudgetLine(
            account=str(_at(f"$.budget.lines[{i}]", ln, "account")),
            period=_at(f"$.budget.lines[{i}]", ln, "period"),
            amount=(
                None
                if ln.get("amount") is None
                else _money(f"$.budget.lines[{i}].amount", ln["amount"], currency)
            ),
            dimensions=_dims(f"$.budget.lines[{i}].dimensions", ln.get("dimensions")),
            include_children=bool(ln.get("include_children", False)),
            note=ln.get("note"),
        )
        for i, ln in enumerate(_list("$.budget", budget_data, "lines"))
    ]
    budget = Budget(
        name=str(budget_data.get("name", f"FY{year}")),
        fiscal_year=year,
        currency=currency,
        calendar=calendar,
        kind=budget_data.get("kind", "original"),
        lines=lines,
    )
    for i, annual in enumerate(_list("$.budget", budget_data, "annual")):
        path = f"$.budget.annual[{i}]"
        method = _METHODS.get(annual.get("method", "flat"))
        if method is None:
            raise InvalidValue(f"{path}.method must be one of {', '.join(_METHODS)}")
        budget = budget.with_phased(
            str(_at(path, annual, "account")),
            _money(f"{path}.amount", _at(path, annual, "amount"), currency),
            method,
            dimensions=_dims(f"{path}.dimensions", annual.get("dimensions")),
        )
    transactions = tuple(
        Transaction(
            id=str(_at(f"$.transactions[{i}]", t, "id")),
            on=_day(f"$.transactions[{i}].date", _at(f"$.transactions[{i}]", t, "date")),
            legs=tuple(
                Leg(
                    account=str(_at(f"$.transactions[{i}].legs[{j}]", leg, "account")),
                    amount=_money(
                        f"$.transactions[{i}].legs[{j}].amount",
                        _at(f"$.transactions[{i}].legs[{j}]", leg, "amount"),
                        leg.get("currency", currency),
                    ),
                    dimensions=_dims(
                        f"$.transactions[{i}].legs[{j}].dimensions", leg.get("dimensions")
                    ),
                )
                for j, leg in enumerate(_list(f"$.transactions[{i}]", t, "legs"))
            ),
        )
        for i, t in enumerate(_list("$", data, "transactions"))
    )
    materiality = None
    if (m := data.get("materiality")) is not None:
        materiality = Materiality(
            amount=None
            if m.get("amount") is None
            else _money("$.materiality.amount", m["amount"], currency),
            percent=None if m.get("percent") is None else Decimal(str(m["percent"])),
        )
    prior = data.get("prior_year", {})
    if not isinstance(prior, Mapping):
        raise InvalidValue("$.prior_year must map account codes to lists of amounts")
    prior_year = {
        str(code): tuple(
            _money(f"$.prior_year.{code}[{i}]", v, currency) for i, v in enumerate(values)
        )
        for code, values in prior.items()
    }
    return BudgetFile(
        chart=chart,
        budget=budget,
        transactions=transactions,
        materiality=materiality,
        prior_year=prior_year,
    )


def load_budget_file(path: Path) -> BudgetFile:
    """Read and parse a JSON budget file; bad JSON or layout raises ``InvalidValue``."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidValue(f"{path.name} is not valid JSON (line {error.lineno})") from None
    return parse_budget_file(data)

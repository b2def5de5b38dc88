"""The budget file: a chart, a calendar, budget lines and transactions in one JSON document.

:func:`load_budget_file` reads the JSON layout documented in ``docs/budget.md`` (chart, calendar,
budget lines or annual amounts to phase, transactions, materiality, prior-year actuals);
:func:`parse_budget_file` does the same for data already parsed. Any malformed part raises
:class:`~medoffice.kernel.InvalidValue` naming the JSON path, never a bare traceback.

>>> found = parse_budget_file(
...     {"currency": "USD", "fiscal_year": 2026, "accounts": [{"code": "6100", "type": "expense"}]}
... )
>>> found.budget.fiscal_year, [a.code for a in found.chart]
(2026, ['6100'])
>>> parse_budget_file({"currency": "USD", "fiscal_year": "2026"})
Traceback (most recent call last):
...
medoffice.kernel._errors.InvalidValue: $.fiscal_year must be a whole number
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, final

import attrs

from medoffice.adapters.formats.inputs import read_input
from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts, MgmaCategory
from medoffice.budget._budget import Budget, BudgetLine
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._ledger import Leg, Transaction
from medoffice.budget._phasing import CalendarDays, Flat, PhasingMethod
from medoffice.budget._variance import Materiality
from medoffice.kernel import InvalidValue, MedofficeError, Money
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits, parse_json

__all__ = ["BudgetFile", "load_budget_file", "parse_budget_file"]


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
    if not isinstance(value, str):
        raise InvalidValue(f'{path} must be a string such as "Drug supply" or "DRUG_SUPPLY"')
    try:
        return MgmaCategory.named(value)
    except InvalidValue as error:
        raise InvalidValue(f"{path}: {error}") from None


_TYPES: Final = ", ".join(t.value for t in AccountType)


def _account_type(path: str, value: Any) -> AccountType:
    try:
        return AccountType(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
        raise InvalidValue(f"{path} is {shown}; an account type is one of {_TYPES}") from None


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
            type=_account_type(f"$.accounts[{i}].type", _at(f"$.accounts[{i}]", a, "type")),
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


def load_budget_file(
    path: str | os.PathLike[str], *, limits: InputLimits = DEFAULT_LIMITS
) -> BudgetFile:
    """Read and parse a JSON budget file; bad JSON or layout raises ``InvalidValue``.

    A file over ``limits`` or not JSON raises :class:`~medoffice.kernel.inputs.UnreadableInput`.
    """
    data = parse_json(read_input(path, limits=limits), source=Path(path).name, limits=limits)
    return parse_budget_file(data)

"""``medoffice budget``: budget versus actual from a JSON budget file, and exact phasing.

The file layout is documented in docs/budget.md; ``examples/budget/practice.json`` is a
synthetic example.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final

import attrs
import click
from rich.table import Table

from medoffice.adapters.calendars import FixedHolidayCalendar
from medoffice.adapters.clock import SystemClock
from medoffice.adapters.formats.beancount import to_beancount
from medoffice.adapters.formats.beancount_ledger import load_beancount_ledger
from medoffice.adapters.formats.budget_file import BudgetFile, load_budget_file, parse_budget_file
from medoffice.adapters.formats.inputs import read_input
from medoffice.adapters.formats.quickbooks_journal import load_quickbooks_journal
from medoffice.adapters.formats.xero_journal import load_xero_journal
from medoffice.budget._accounts import AccountType
from medoffice.budget._budget import check_budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._forecast import Forecast, forecasts
from medoffice.budget._ledger import Transaction, aggregate, check_transaction
from medoffice.budget._phasing import BusinessDays, CalendarDays, Flat, PhasingMethod, phase
from medoffice.budget._reports import (
    PnlLine,
    PnlTotal,
    ProfitAndLoss,
    largest_variances,
    profit_and_loss,
)
from medoffice.budget._variance import VarianceRow, budget_vs_actual, through_date
from medoffice.cli._output import (
    DAY,
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    format_option,
    handle_bad_input,
    json_text,
    print_table,
    reading,
    table_format_option,
)
from medoffice.kernel import Finding, InvalidValue, Money, Report
from medoffice.kernel.inputs import parse_json

__all__ = ["command"]


@click.group(
    name="budget",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/budget.html",
)
def command() -> None:
    """Budgets: variance against actuals, P&L, exact phasing, export to beancount/fava."""


def _pct(row: VarianceRow) -> str:
    return "" if row.percent is None else f"{row.percent}%"


def _verdict(row: VarianceRow) -> str:
    if row.favourable is None:
        return ""
    return "fav" if row.favourable else "unfav"


_WHERE_HELP = (
    "only the cells in this slice, DIMENSION=VALUE (repeatable); cells also tagged with other "
    "dimensions count"
)


def _where_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--where", "where", multiple=True, metavar="DIMENSION=VALUE", help=_WHERE_HELP
    )(function)


def _kept_with(kept: list[Dimension], slice_: Dimensions) -> list[Dimension]:
    """The dimensions to aggregate actuals by: those kept and those the slice names."""
    return [*kept, *(d for d in Dimension if slice_.get(d) is not None and d not in kept)]


@command.command(
    name="variance",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/budget.html#medoffice-budget-variance",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", type=DAY, default=None, help="year to date up to this day")
@click.option(
    "--by",
    "by",
    type=click.Choice([d.value for d in Dimension]),
    multiple=True,
    help="keep this dimension (repeatable); others are summed",
)
@click.option("--by-period/--year-total", default=False, help="one row per period, or the year")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    help="only the N largest variances of revenue and expense accounts, largest first",
)
@_where_option
@table_format_option
@handle_bad_input
def variance_command(
    *,
    file: Path,
    as_of: date | None,
    by: tuple[str, ...],
    where: tuple[str, ...],
    by_period: bool,
    top: int | None,
    output_format: OutputFormat,
) -> None:
    """Budget versus actual; exit 1 if a transaction does not balance or an account is unknown.

    With --top N, only the N rows of revenue and expense accounts with the largest absolute
    variance are listed, largest first (ties by account, slice and period); totals and findings
    still cover every row.
    """
    with reading(file):
        loaded = load_budget_file(file)
    budget = loaded.budget
    day = as_of
    good, findings = _checked(loaded, until=day)
    postings = [p for t in good for p in t.postings()]
    kept = [Dimension(d) for d in by]
    slice_ = Dimensions.parse(where)
    actuals = aggregate(
        postings,
        budget.calendar,
        budget.fiscal_year,
        budget.currency,
        dimensions=_kept_with(kept, slice_),
    )
    through = through_date(budget, day) if day else None
    report = (
        budget_vs_actual(
            budget, actuals, loaded.chart, through_period=through, materiality=loaded.materiality
        )
        .where(slice_)
        .roll_up(keep=kept, over_periods=not by_period)
    )
    all_findings = Report().merge(*findings, report.findings())
    rows = list(report.rows()) if top is None else list(largest_variances(report, top))
    totals = {
        kind.value: report.totals(kind) for kind in (AccountType.REVENUE, AccountType.EXPENSE)
    }
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "budget": budget.name,
                "fiscal_year": budget.fiscal_year,
                "currency": budget.currency.code,
                "as_of": None if day is None else day.isoformat(),
                "through_period": through,
                "top": top,
                "rows": [_with_name(r, loaded) for r in rows],
                "totals": {
                    kind: {"budget": str(b.amount), "actual": str(a.amount)}
                    for kind, (b, a) in totals.items()
                },
                "report": all_findings.to_dict(),
            }
        )
    else:
        _print_rows(
            rows,
            loaded,
            by_period=by_period,
            title=f"{budget.name} ({budget.currency.code})"
            + ("" if top is None else f": the {top} largest variances"),
        )
        out = console()
        for kind, (b, a) in totals.items():
            out.print(f"{kind}: budget {b.format()}, actual {a.format()}")
        for finding in all_findings:
            out.print(f"{finding.severity.value}: {finding.rule} {finding.path} {finding.message}")
    sys.exit(EXIT_OK if all_findings.ok else EXIT_FINDINGS)


def _under(finding: Finding, prefix: str) -> Finding:
    return attrs.evolve(finding, path=prefix + finding.path)


def _checked(
    loaded: BudgetFile, *, since: date | None = None, until: date | None = None
) -> tuple[list[Transaction], list[Report]]:
    """The balanced transactions dated ``since``..``until`` and the findings of the file."""
    findings = [check_budget(loaded.budget, loaded.chart)]
    good = []
    for i, t in enumerate(loaded.transactions):
        checked = check_transaction(t)
        if not checked.ok:
            findings.append(Report.of(_under(f, f"transactions[{i}].") for f in checked))
        elif (since is None or since <= t.on) and (until is None or t.on <= until):
            good.append(t)
    return good, findings


def _figure(amount: Money | None) -> str:
    return "unset" if amount is None else f"{amount.amount:,}"


def _name(account: str, loaded: BudgetFile) -> str | None:
    return loaded.chart[account].name if account in loaded.chart else None


def _with_name(row: VarianceRow, loaded: BudgetFile) -> dict[str, object]:
    return {"account": row.account, "name": _name(row.account, loaded)} | row.to_dict()


def _print_rows(
    rows: list[VarianceRow], loaded: BudgetFile, *, by_period: bool, title: str
) -> None:
    table = Table(title=title)
    headings = ("account", "name", "slice", "period", "budget", "actual", "variance", "%", "note")
    for heading in headings:
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(
            row.account,
            _name(row.account, loaded) or "",
            ",".join(row.dimensions.to_dict().values()),
            str(row.period) if by_period else "year",
            _figure(row.budget),
            _figure(row.actual),
            _figure(row.variance),
            _pct(row),
            _verdict(row) + (" material" if row.material else ""),
        )
    print_table(table)


def _phasing_method(method: str, holidays: tuple[date, ...]) -> PhasingMethod:
    if method == "flat":
        return Flat()
    if method == "days":
        return CalendarDays()
    return BusinessDays(holidays=FixedHolidayCalendar(holidays))


@command.command(
    name="phase",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/budget.html#medoffice-budget-phase",
)
@click.argument("amount")
@click.argument("currency")
@click.option(
    "--calendar",
    "pattern",
    type=click.Choice(["monthly", "4-4-5", "4-5-4", "13"]),
    default="monthly",
    show_default=True,
)
@click.option("--year", "year", type=int, default=None, help="fiscal year (default: this one)")
@click.option("--start-month", type=click.IntRange(1, 12), default=1, show_default=True)
@click.option("--start-day", type=click.IntRange(1, 28), default=1, show_default=True)
@click.option(
    "--method",
    type=click.Choice(["flat", "days", "business-days"]),
    default="flat",
    show_default=True,
)
@click.option("--holiday", "holidays", type=DAY, multiple=True, help="a closed day (repeatable)")
@table_format_option
@handle_bad_input
def phase_command(
    *,
    amount: str,
    currency: str,
    pattern: str,
    year: int | None,
    start_month: int,
    start_day: int,
    method: str,
    holidays: tuple[date, ...],
    output_format: OutputFormat,
) -> None:
    """Spread AMOUNT of CURRENCY over a fiscal year's periods; the parts sum exactly."""
    try:
        annual = Money(Decimal(amount), currency)
    except InvalidOperation:
        raise InvalidValue(f"{amount!r} is not a decimal amount") from None
    calendar = FiscalCalendar(pattern=pattern, start_month=start_month, start_day=start_day)
    # The command line is the imperative shell: the one clock read, through the clock adapter.
    today = SystemClock().now().date()
    fiscal_year = year if year is not None else calendar.fiscal_year_of(today)
    periods = calendar.periods(fiscal_year)
    parts = phase(annual, periods, _phasing_method(method, holidays))
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "amount": str(annual.amount),
                "currency": annual.currency.code,
                "calendar": pattern,
                "fiscal_year": fiscal_year,
                "method": method,
                "periods": [
                    {
                        "period": p.number,
                        "label": p.label,
                        "first": p.days.first.isoformat(),
                        "last": p.days.last.isoformat(),
                        "amount": str(part.amount),
                    }
                    for p, part in zip(periods, parts, strict=True)
                ],
            }
        )
    else:
        table = Table(title=f"{annual.format()} over FY{fiscal_year} ({pattern}, {method})")
        for heading in ("period", "first", "last", "amount"):
            table.add_column(heading)
        for p, part in zip(periods, parts, strict=True):
            table.add_row(p.label, p.days.first.isoformat(), p.days.last.isoformat(), part.format())
        print_table(table)
    sys.exit(EXIT_OK)


@command.command(
    name="forecast",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/budget.html#medoffice-budget-forecast",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", type=DAY, required=True, help="periods ended by this day")
@click.option("--account", "accounts", multiple=True, help="only this account (repeatable)")
@click.option(
    "--by",
    "by",
    type=click.Choice([d.value for d in Dimension]),
    default=None,
    help="one forecast per value of this dimension",
)
@click.option("--window", type=click.IntRange(1, 13), default=3, show_default=True)
@_where_option
@table_format_option
@handle_bad_input
def forecast_command(
    *,
    file: Path,
    as_of: date,
    accounts: tuple[str, ...],
    by: str | None,
    where: tuple[str, ...],
    window: int,
    output_format: OutputFormat,
) -> None:
    """Year-end forecasts by every method for each revenue and expense account.

    Each account includes its descendants (a parent forecasts its subtree). With --by, each
    account is forecast once per value of the dimension (cells without it form the slice with
    no value); the seasonal method, whose prior year is given per account, is then left out,
    as it is with --where.
    """
    with reading(file):
        loaded = load_budget_file(file)
    budget, chart = loaded.budget, loaded.chart
    day = as_of
    periods = budget.calendar.periods(budget.fiscal_year)
    closed = sum(1 for p in periods if p.days.last <= day)
    if closed == 0:
        raise InvalidValue("no period of the fiscal year has ended by --as-of")
    kept = [Dimension(by)] if by else []
    slice_ = Dimensions.parse(where)
    postings = [
        p
        for t in loaded.transactions
        if check_transaction(t).ok and t.on <= day
        for p in t.postings()
    ]
    actuals = aggregate(
        postings,
        budget.calendar,
        budget.fiscal_year,
        budget.currency,
        dimensions=_kept_with(kept, slice_),
    )
    # Natural sign, each account with its descendants, sliced by the kept dimension only.
    cells = (
        budget_vs_actual(budget, actuals, chart).where(slice_).roll_up(keep=kept, tree=True).cells
    )
    wanted = accounts or tuple(a.code for a in chart if a.type.budgeted)
    slices: dict[str, set[Dimensions]] = {code: set() for code in wanted}
    for code, dims, _ in cells:
        if code in slices:
            slices[code].add(dims)
    cur = budget.currency
    results: list[tuple[str, Dimensions, tuple[Forecast, ...]]] = []
    for code in wanted:
        for dims in sorted(slices[code] or {Dimensions()}, key=Dimensions.sort_key):
            units = [cells.get((code, dims, p.number)) for p in periods]
            so_far = tuple(Money.from_minor_units(c[1] if c else 0, cur) for c in units[:closed])
            planned = tuple(Money.from_minor_units((c[0] or 0) if c else 0, cur) for c in units)
            found = forecasts(
                so_far,
                budget=planned,
                prior_year=None if by or where else loaded.prior_year.get(code),
                window=window,
            )
            results.append((code, dims, found))
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "as_of": day.isoformat(),
                "periods_closed": closed,
                "by": by,
                "accounts": [
                    {
                        "account": code,
                        "name": _name(code, loaded),
                        "dimensions": dims.to_dict(),
                        "forecasts": [f.to_dict() for f in found],
                    }
                    for code, dims, found in results
                ],
            }
        )
    else:
        table = Table(title=f"Year-end forecasts, {closed} of {len(periods)} periods closed")
        for heading in ("account", "name", "slice", "method", "year end"):
            table.add_column(heading, overflow="fold")
        for code, dims, found in results:
            for f in found:
                table.add_row(
                    code,
                    _name(code, loaded) or "",
                    ",".join(dims.to_dict().values()),
                    f.method.value,
                    f"{f.amount.amount:,}",
                )
        print_table(table)
    sys.exit(EXIT_OK)


@command.command(
    name="beancount",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/budget.html#medoffice-budget-beancount",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--by",
    "by",
    type=click.Choice([d.value for d in Dimension]),
    default=None,
    help="keep this dimension as a sub-account",
)
@format_option
@handle_bad_input
def beancount_command(*, file: Path, by: str | None, output_format: OutputFormat) -> None:
    """Print the file's budget as fava ``custom "budget"`` entries."""
    with reading(file):
        loaded = load_budget_file(file)
    text = to_beancount(loaded.budget, loaded.chart, by=Dimension(by) if by else None)
    if output_format is OutputFormat.JSON:
        emit_json({"budget": loaded.budget.name, "beancount": text})
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_OK)


def _in_year(loaded: BudgetFile, day: date | None, option: str, *, end: bool) -> date:
    budget = loaded.budget
    days = budget.calendar.year_range(budget.fiscal_year)
    if day is None:
        return days.last if end else days.first
    if not days.first <= day <= days.last:
        raise InvalidValue(
            f"{option} must fall in FY{budget.fiscal_year} "
            f"({days.first.isoformat()} to {days.last.isoformat()})"
        )
    return day


@command.command(
    name="pnl",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/budget.html#medoffice-budget-pnl",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "since", type=DAY, help="first day, YYYY-MM-DD (default: year start)")
@click.option("--to", "until", type=DAY, help="last day, YYYY-MM-DD (default: year end)")
@_where_option
@table_format_option
@handle_bad_input
def pnl_command(
    *,
    file: Path,
    since: date | None,
    until: date | None,
    where: tuple[str, ...],
    output_format: OutputFormat,
) -> None:
    """Profit and loss: revenue and expense accounts, budget and actual, and net income.

    The statement covers the whole fiscal periods from the one containing --from to the one
    containing --to; actuals are the balanced transactions dated in those periods up to --to.
    Exit 1 if a transaction does not balance or a budget line names an unknown account.
    """
    with reading(file):
        loaded = load_budget_file(file)
    budget = loaded.budget
    first_day = _in_year(loaded, since, "--from", end=False)
    last_day = _in_year(loaded, until, "--to", end=True)
    if first_day > last_day:
        raise InvalidValue("--from must not be after --to")
    first = budget.calendar.period_of(first_day)
    last = budget.calendar.period_of(last_day)
    good, findings = _checked(loaded, since=first.days.first, until=last_day)
    slice_ = Dimensions.parse(where)
    actuals = aggregate(
        [p for t in good for p in t.postings()],
        budget.calendar,
        budget.fiscal_year,
        budget.currency,
        dimensions=_kept_with([], slice_),
    )
    pnl = profit_and_loss(
        budget,
        actuals,
        loaded.chart,
        first_period=first.number,
        last_period=last.number,
        within=slice_,
    )
    all_findings = Report().merge(*findings)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                **pnl.to_dict(),
                "from": first_day.isoformat(),
                "to": last_day.isoformat(),
                "report": all_findings.to_dict(),
            }
        )
    else:
        _print_pnl(
            pnl, title=f"{budget.name}: {first.label} to {last.label} ({budget.currency.code})"
        )
        out = console()
        for finding in all_findings:
            out.print(f"{finding.severity.value}: {finding.rule} {finding.path} {finding.message}")
    sys.exit(EXIT_OK if all_findings.ok else EXIT_FINDINGS)


def _note(line: PnlLine | PnlTotal) -> str:
    return "" if line.favourable is None else ("fav" if line.favourable else "unfav")


def _print_pnl(pnl: ProfitAndLoss, *, title: str) -> None:
    table = Table(title=title)
    for heading in ("account", "name", "budget", "actual", "variance", "note"):
        table.add_column(heading, overflow="fold")

    def total(line: PnlTotal) -> None:
        table.add_row(
            "",
            line.label.capitalize(),
            _figure(line.budget),
            _figure(line.actual),
            _figure(line.variance),
            _note(line),
            end_section=True,
        )

    for heading, lines, line_total in (
        ("Revenue", pnl.revenue, pnl.total_revenue),
        ("Expense", pnl.expense, pnl.total_expense),
    ):
        table.add_row("", heading)
        for line in lines:
            table.add_row(
                "  " * line.depth + line.account,
                line.name,
                _figure(line.budget),
                _figure(line.actual),
                _figure(line.variance),
                _note(line),
            )
        total(line_total)
    total(pnl.net_income)
    print_table(table)


def _transaction_data(t: Transaction) -> dict[str, object]:
    return {
        "id": t.id,
        "date": t.on.isoformat(),
        "legs": [
            {"account": leg.account, "amount": str(leg.amount.amount)}
            | ({"dimensions": leg.dimensions.to_dict()} if leg.dimensions.to_dict() else {})
            for leg in t.legs
        ],
    }


_LAYOUTS: Final = {
    "beancount": load_beancount_ledger,
    "quickbooks": load_quickbooks_journal,
    "xero": load_xero_journal,
}


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a file beside it, so a failure leaves the old one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@command.command(
    name="import-actuals",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/budget.html#medoffice-budget-import-actuals",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("journal", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--layout",
    type=click.Choice(sorted(_LAYOUTS)),
    required=True,
    help="the layout: quickbooks (QuickBooks Online's journal report, CSV), xero (Xero's "
    "manual journal CSV) or beancount (a beancount ledger)",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="the budget file to write with the journals added (may be FILE itself)",
)
@table_format_option
@handle_bad_input
def import_actuals_command(
    *, file: Path, journal: Path, layout: str, output: Path, output_format: OutputFormat
) -> None:
    """Add the journals of an accounting export or ledger to a budget file as transactions.

    Nothing is written when a journal does not balance (exit 1 with its findings), names an
    account outside the budget file's chart, or is already in the file (exit 2).
    """
    with reading(file):
        raw = parse_json(read_input(file), source=file.name)
        loaded = parse_budget_file(raw)
    with reading(journal):
        imported = _LAYOUTS[layout](journal, currency=loaded.budget.currency.code)
    unknown = sorted(
        {leg.account for t in imported for leg in t.legs} - {a.code for a in loaded.chart}
    )
    if unknown:
        raise InvalidValue(
            f"{journal.name}: accounts not in the budget file's chart: {', '.join(unknown[:20])}"
        )
    present = {t.id for t in loaded.transactions}
    again = [t.id for t in imported if t.id in present]
    if again:
        raise InvalidValue(f"{journal.name}: already in the budget file: {', '.join(again[:5])}")
    findings = Report().merge(
        *(
            Report.of(_under(f, f"journals[{i}].") for f in check_transaction(t))
            for i, t in enumerate(imported)
        )
    )
    totals: dict[str, Money] = {}
    for t in imported:
        for leg in t.legs:
            totals[leg.account] = (
                totals.get(leg.account, Money.zero(leg.amount.currency)) + leg.amount
            )
    if findings.ok:
        raw["transactions"] = [*raw.get("transactions", []), *map(_transaction_data, imported)]
        parse_budget_file(raw)  # what is written must read back
        _replace(output, json_text(raw) + "\n")
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "layout": layout,
                "imported": len(imported) if findings.ok else 0,
                "transactions": [t.id for t in imported],
                "accounts": {code: str(m.amount) for code, m in sorted(totals.items())},
                "output": str(output) if findings.ok else None,
                "report": findings.to_dict(),
            }
        )
    else:
        out = console()
        table = Table(title=f"{journal.name} ({layout}): {len(imported)} journals")
        table.add_column("account")
        table.add_column("net debit", justify="right")
        for code, money in sorted(totals.items()):
            table.add_row(code, f"{money.amount:,}")
        print_table(table, out)
        for finding in findings:
            out.print(f"{finding.severity.value}: {finding.rule} {finding.path} {finding.message}")
        out.print(f"written to {output}" if findings.ok else "nothing written")
    sys.exit(EXIT_OK if findings.ok else EXIT_FINDINGS)

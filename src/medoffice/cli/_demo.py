"""``medoffice demo``: a month of a synthetic practice, run through the whole library.

The demo generates a practice (:mod:`._demo_practice`: providers and rooms across the March
2026 daylight-saving change, a staff roster whose licences partly lapse during the month, a
year's budget with purchase orders, appointment requests, JSON and 837P claims), then runs it
stage by stage with progress bars: the roster's identifiers, credentials, scheduling with a
waitlist, the pre-submission claim check with ICD-10-CM and sample NCCI tables, the revenue
cycle (the payers' 835 remittances posted, the receivables aged, the denials listed with their
next actions), and the budget with actuals, variance and forecasts, every use case saving through
the database's adapters and recording audit events. It prints a summary; ``--format json`` gives
the same summary as data. The database and the working files go into a temporary folder unless
``--db`` names the database to create, or ``--database`` a URL: ``sqlite:///new.db``, or a
PostgreSQL practice (``postgresql://user@host/db?practice=demo``) that holds no data yet; every
stage runs on either, with the same figures.

>>> import tempfile
>>> from pathlib import Path
>>> from medoffice.adapters.sqlite import open_database
>>> with tempfile.TemporaryDirectory() as folder, open_database(Path(folder) / "d.db") as db:
...     summary = run_demo(
...         seed=7, size="small", database=db, folder=Path(folder), start=lambda *_: abs
...     )
>>> summary["storage"], summary["integrity"], summary["identifiers"]["summary"]["invalid"]
('sqlite', 'ok', 5)
>>> 0 <= summary["scheduling"]["utilisation_overall"] <= 1
True

The roster is invented (no real people or organisations); some entries carry the mistakes that
reach billing offices every day: a transposed NPI digit, a DEA number with a wrong check digit, a
CLIA number missing its ``D``, an EIN with a prefix the IRS never assigns.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from medoffice.adapters.databases import is_postgres_url, open_database, storage_of
from medoffice.cli._demo_authorizations import authorizations_stage
from medoffice.cli._demo_budget import budget_stage
from medoffice.cli._demo_claims import claims_stage
from medoffice.cli._demo_practice import SIZES, generate_practice
from medoffice.cli._demo_revenue import AGED_ON, revenue_stage
from medoffice.cli._demo_scheduling import scheduling_stage
from medoffice.cli._demo_stages import credentials_stage
from medoffice.cli._identifiers import Checked, check_value
from medoffice.cli._output import (
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    format_option,
    handle_bad_input,
)
from medoffice.kernel import InvalidArgument

if TYPE_CHECKING:
    from medoffice.adapters.databases import Database

__all__ = ["DEMO_ROSTER", "command", "run_demo"]

# (who, kind, value): synthetic values; valid ones computed with the official check digits.
DEMO_ROSTER: Final[tuple[tuple[str, str, str], ...]] = (
    ("Practice (billing provider)", "npi", "1234567893"),
    ("Practice (billing provider)", "ein", "12-3456789"),
    ("Practice laboratory", "clia", "05D0123456"),
    ("Physician A (rendering)", "npi", "1987654328"),
    ("Physician A (rendering)", "dea", "AB1234563"),
    ("Physician B (rendering)", "npi", "1456789019"),
    ("Physician B (rendering)", "dea", "BJ6125341"),
    ("Nurse practitioner C", "npi", "1765432103"),
    ("Nurse practitioner C", "dea", "MK9876547"),
    ("Physician assistant D", "npi", "1765432130"),  # two digits transposed
    ("Physician assistant D", "dea", "FS1234560"),  # wrong check digit
    ("Referring physician E", "npi", "2234567890"),  # wrong check digit
    ("Satellite laboratory", "clia", "05X0123456"),  # the third character must be D
    ("Management company", "ein", "07-3456789"),  # 07 is not an IRS campus prefix
)

StageStart = Callable[[str, int], Callable[[int], None]]


def _identifiers() -> dict[str, Any]:
    results: list[tuple[str, Checked]] = [
        (who, check_value(value, kind)) for who, kind, value in DEMO_ROSTER
    ]
    invalid = sum(not r.valid for _, r in results)
    return {
        "roster": [{"who": who, **r.to_dict()} for who, r in results],
        "summary": {"checked": len(results), "valid": len(results) - invalid, "invalid": invalid},
    }


def run_demo(
    *, seed: int, size: str, database: Database, folder: Path, start: StageStart
) -> dict[str, Any]:
    """Run every stage over the practice of ``seed`` and ``size``, stored in ``database``.

    ``start(label, total)`` is called as each stage begins and returns the callback that the
    stage calls with each unit of work done. Returns the summary as data.
    """
    chosen = SIZES[size]
    practice = generate_practice(seed=seed, size=chosen)
    identifiers = _identifiers()
    audit = database.audit
    credentials = credentials_stage(practice, database, audit, start("credentials", chosen.staff))
    scheduling = scheduling_stage(
        practice,
        database,
        database.credentials,
        audit,
        start("scheduling", len(practice.requests) + len(practice.requests) // 12 + 1),
    )
    authorizations = authorizations_stage(practice, database, audit, start("authorizations", 6))
    claims = claims_stage(
        practice, folder, start("claims", len(practice.claims) + practice.x12_claims)
    )
    revenue = revenue_stage(
        folder,
        database,
        audit,
        start("revenue", 3 * len(practice.claims) // 20 + 2),
        patient_key=database.claims.patient_key,
    )
    budget = budget_stage(
        practice,
        Decimal(claims["clean_charges"]),
        store=database,
        audit=audit,
        advance=start(
            "budget", len(practice.budget["transactions"]) + 1 + len(practice.purchase_orders)
        ),
    )
    events = Counter(f"{e.action}:{e.outcome.value}" for e in audit.events())
    return {
        "seed": seed,
        "size": size,
        "storage": storage_of(database),
        "integrity": database.integrity_check(),
        "audit_events": dict(sorted(events.items())),
        "identifiers": identifiers,
        "credentials": credentials,
        "scheduling": scheduling,
        "authorizations": authorizations,
        "claims": claims,
        "revenue": revenue,
        "budget": budget,
    }


def _refuse_used(database: Database) -> Database:
    if next(database.audit.events(), None) is not None:
        database.close()
        raise InvalidArgument("the practice holds data already; the demo starts a new practice")
    return database


@contextlib.contextmanager
def _database(db: Path | None, url: str | None) -> Iterator[tuple[Database, Path]]:
    """A new demo database and the folder for its working files (temporary unless given)."""
    if url is not None:
        if db is not None:
            raise InvalidArgument("give --db or --database, not both")
        if not is_postgres_url(url):
            if "://" in url and not url.startswith("sqlite:///"):
                raise InvalidArgument("--database is sqlite:///path or postgresql://...")
            db = Path(url.removeprefix("sqlite://"))
        else:
            with (
                tempfile.TemporaryDirectory(prefix="medoffice-demo-") as temporary,
                _refuse_used(open_database(url)) as database,
            ):
                yield database, Path(temporary)
            return
    if db is None:
        with tempfile.TemporaryDirectory(prefix="medoffice-demo-") as temporary:
            database = open_database(Path(temporary) / "demo.db")
            with database:
                yield database, Path(temporary)
        return
    if db.exists():
        raise InvalidArgument(f"{db} exists already; the demo starts a new database")
    db.parent.mkdir(parents=True, exist_ok=True)
    with open_database(db) as database:
        yield database, db.parent


@click.command(
    name="demo",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/demo.html",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="the practice's seed")
@click.option(
    "--size",
    type=click.Choice(sorted(SIZES)),
    default="full",
    show_default=True,
    help="full: 12 providers, 1,000 requests, 420 claims; small: a quick look",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    default=None,
    help="the new SQLite database to create (default: in a temporary folder, removed afterwards)",
)
@click.option(
    "--database",
    "url",
    default=None,
    metavar="URL",
    help="where to store the demo: sqlite:///new.db, or postgresql://user@host/db?practice=name "
    "(a practice that holds no data yet)",
)
@format_option
@handle_bad_input
def command(
    seed: int, size: str, db: Path | None, url: str | None, output_format: OutputFormat
) -> None:
    """Run a month of a synthetic practice through scheduling, claims, budget and credentials."""
    began = time.perf_counter()
    errors = Console(stderr=True)
    show = output_format is OutputFormat.TABLE and errors.is_terminal
    with (
        _database(db, url) as (database, folder),
        Progress(console=errors, disable=not show) as bars,
    ):

        def start(label: str, total: int) -> Callable[[int], None]:
            task = bars.add_task(label, total=total)
            return lambda done: bars.advance(task, done)

        summary = run_demo(seed=seed, size=size, database=database, folder=folder, start=start)
    if output_format is OutputFormat.JSON:
        emit_json(summary)
        raise SystemExit(EXIT_OK)
    _print(summary, time.perf_counter() - began)
    raise SystemExit(EXIT_OK)


def _table(title: str, rows: dict[str, Any]) -> Table:
    table = Table(title=title)
    table.add_column("")
    table.add_column("value", justify="right")
    for key, value in rows.items():
        table.add_row(key, str(value))
    return table


def _print(summary: dict[str, Any], seconds: float) -> None:
    out = console()
    roster = Table(title="Synthetic practice roster: identifier check")
    for column in ("who", "kind", "value", "valid", "formatted / problem"):
        roster.add_column(column)
    for row in summary["identifiers"]["roster"]:
        roster.add_row(
            row["who"],
            row["kind"] or "?",
            row["input"],
            Text("yes", style="green") if row["valid"] else Text("no", style="red"),
            row["formatted"] if row["valid"] else row["problem"],
        )
    out.print(roster)
    counts = summary["identifiers"]["summary"]
    out.print(
        f"{counts['checked']} identifiers checked: {counts['valid']} valid, "
        f"{counts['invalid']} to fix before the next claim goes out."
    )
    sched = summary["scheduling"]
    out.print(
        _table(
            "Scheduling, March 2026 (across the 8 March DST change)",
            {
                "requests": sched["requests"],
                "booked first time": sched["booked_first_time"],
                "cancelled / offered to the waitlist / filled": (
                    f"{sched['cancelled']} / {sched['waitlist_offers']} / "
                    f"{sched['filled_from_waitlist']}"
                ),
                "rest allocated in one batch (placed / requests)": (
                    f"{sched['batch']['booked']} / {sched['batch']['requests']}"
                ),
                "still waiting": sched["still_waiting"],
                "utilisation (booked / open minutes)": f"{sched['utilisation_overall']:.1%}",
                "third-next-available, median days": sched["third_next_available_median_days"],
                **{f"refused: {k}": v for k, v in sched["refused_by_rule"].items()},
            },
        )
    )
    _print_authorizations(out, summary["authorizations"])
    claims = summary["claims"]
    rows = {"JSON claims (clean)": f"{claims['json']['claims']} ({claims['json']['clean']})"}
    rows |= {f"finding {k}": v for k, v in claims["json"]["findings_by_rule"].items()}
    x12 = claims["x12"]
    if "claims" in x12:
        rows["837P claims (clean)"] = f"{x12['claims']} ({x12['clean']})"
        rows |= {f"837P finding {k}": v for k, v in x12["findings_by_rule"].items()}
    out.print(_table(f"Claims checked for submission on {claims['submitted_on']}", rows))
    _print_revenue(out, summary["revenue"])
    budget = summary["budget"]
    rows = {
        f"{kind}: budget / actual / variance": f"{t['budget']} / {t['actual']} / {t['variance']}"
        for kind, t in budget["totals"].items()
    }
    rows |= {f"finding {k}": v for k, v in budget["findings_by_rule"].items()}
    rows |= {
        f"year-end {account} (run-rate / committed)": f"{f['run-rate']} / {f['committed']}"
        for account, f in budget["forecast_year_end"].items()
    }
    out.print(_table(f"Budget {budget['fiscal_year']} through {budget['through']}", rows))
    cred = summary["credentials"]
    rows = {
        "staff": cred["staff"],
        f"not in force on {cred['not_in_force_on']}": cred["staff_not_in_force"],
        "reminders planned for the month": cred["alerts_planned"],
    }
    rows |= {
        f"cannot be booked: {p}": f"from {d}"
        for p, d in cred["providers_not_bookable_from"].items()
    }
    out.print(_table("Credentials", rows))
    audited = sum(summary["audit_events"].values())
    out.print(
        f"Demo finished in {seconds:.1f} s: {summary['storage']} database "
        f"(integrity {summary['integrity']}), {audited} audit events."
    )


def _print_revenue(out: Console, revenue: dict[str, Any]) -> None:
    rows: dict[str, Any] = {
        "claims billed": revenue["claims_billed"],
        "remittances posted (again: skipped)": (
            f"{revenue['remittances_posted']} ({revenue['duplicates_skipped']})"
        ),
        "ledger entries": revenue["ledger_entries"],
        "work queue": revenue["work_queue"],
    }
    rows |= {f"denials: {k.replace('_', ' ')}": v for k, v in revenue["denials_by_action"].items()}
    rows |= revenue["kpis"]
    out.print(_table("Revenue cycle: 835 remittances posted", rows))
    aging = Table(title=f"A/R aging by payer on {AGED_ON.isoformat()}")
    aging.add_column("payer")
    for label in revenue["aging"]["totals"]:
        aging.add_column(label, justify="right")
    aging.add_column("total", justify="right")
    for row in revenue["aging"]["rows"]:
        aging.add_row(row["key"], *row["buckets"].values(), row["total"])
    out.print(aging)
    work = Table(title="Denial work list (first entries)")
    for column in ("claim", "code", "amount", "category", "next action", "by", "claim rule"):
        work.add_column(column)
    for d in revenue["denial_work_list"]:
        work.add_row(
            d["claim"],
            d["code"],
            d["amount"],
            d["category"].replace("_", " "),
            d["action"].replace("_", " "),
            d["appeal_by"] or "",
            d["claims_rule"] or "",
        )
    out.print(work)


def _print_authorizations(out: Console, auth: dict[str, Any]) -> None:
    series = auth["therapy_series"]
    rows = {
        "specialist visit without / with the referral": (
            f"{auth['specialist_visit']['without_referral']} / "
            f"{auth['specialist_visit']['with_referral']}"
        ),
        "therapy series: visits asked / approved / booked": (
            f"{series['requested']} / {series['approved_visits']} / {series['booked']}"
        ),
        "therapy visits used after a cancellation and a rebooking": series["visits_used"],
        **{f"refused: {k}": v for k, v in auth["refused_by_rule"].items()},
        **{f"claim finding {k}": v for k, v in auth["claim_findings_by_rule"].items()},
        **{f"work queue {k} on {auth['queues_on']}": v for k, v in auth["queues"].items()},
    }
    out.print(_table("Referrals and prior authorizations", rows))

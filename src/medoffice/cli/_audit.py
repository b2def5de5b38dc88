"""``medoffice audit``: export the audit log's hash chain, and verify a database against it.

The database refuses every rewrite of its audit log through SQL, but whoever can write the file
(or, on PostgreSQL, own the schema) can drop those guards. ``audit export`` writes the chain
(each event's number and digest) to a file to keep elsewhere; ``audit verify`` recomputes the
chain from the events and compares it with the digests stored beside them and, given
``--against``, with that exported copy. DATABASE is a SQLite file (a path or ``sqlite:///path``)
or a PostgreSQL practice (``postgresql://user@host/db?practice=name``, ``main`` when absent);
either is opened read-only, and nothing is created or migrated. Exit 0 when the log is intact,
1 when an event was changed, inserted or deleted, 2 when a file or the database cannot be read.

>>> _label("postgresql://app:secret@db.example:5432/medoffice?practice=north&sslmode=require")
'practice north (medoffice on db.example)'
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import click
from rich.table import Table
from rich.text import Text

from medoffice.adapters.databases import is_postgres_url, open_database, split_practice
from medoffice.cli._output import (
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    format_option,
    handle_bad_input,
    print_table,
    table_format_option,
)
from medoffice.kernel import ChainLink, InvalidArgument, InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.databases import Database

__all__ = ["command", "read_chain"]

_FORMAT: Final = "medoffice-audit-chain"
_MAX_EXPORT_BYTES: Final = 256 * 1024 * 1024


def _document(links: tuple[ChainLink, ...]) -> dict[str, Any]:
    return {"format": _FORMAT, "version": 1, "links": [link.to_dict() for link in links]}


def read_chain(path: Path) -> tuple[ChainLink, ...]:
    """The links of a chain written by ``medoffice audit export``."""
    with path.open("rb") as file:
        raw = file.read(_MAX_EXPORT_BYTES + 1)
    if len(raw) > _MAX_EXPORT_BYTES:
        raise InvalidValue(f"{path.name}: larger than an exported chain can be")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise InvalidValue(f"{path.name}: not an exported audit chain (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("version") != 1:
        raise InvalidValue(f"{path.name}: not an exported audit chain (format {_FORMAT}, 1)")
    links = data.get("links")
    if not isinstance(links, list):
        raise InvalidValue(f"{path.name}: an exported audit chain lists its links")
    try:
        return tuple(ChainLink.from_dict(link) for link in links)
    except InvalidValue as error:
        raise InvalidValue(f"{path.name}: {error}") from None


_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_DATABASE_HELP: Final = (
    "DATABASE is a SQLite file (a path or sqlite:///path) or a PostgreSQL practice "
    "(postgresql://user@host/db?practice=name)"
)


def _label(url: str) -> str:
    """How output names the database: the file's name, or the practice, database and host
    (never the user or password of a URL)."""
    if not is_postgres_url(url):
        return Path(url.removeprefix("sqlite://")).name
    plain, practice = split_practice(url)
    parts = urlsplit(plain)
    where = parts.path.strip("/") or "default database"
    return f"practice {practice} ({where}" + (f" on {parts.hostname})" if parts.hostname else ")")


def _open(url: str) -> Database:
    """The database ``url`` names, opened read-only: an existing SQLite file, or an existing
    PostgreSQL practice at this medoffice's schema version; nothing is created or migrated."""
    if is_postgres_url(url):
        return open_database(url, read_only=True)
    sqlite_url = url.startswith("sqlite:///")
    path = Path(url.removeprefix("sqlite://")) if sqlite_url else Path(url)
    if not path.is_file():
        if not sqlite_url and ("://" in url or _SCHEME.match(url)):
            raise InvalidArgument(_DATABASE_HELP)  # a mistyped URL may hold a password: not shown
        raise InvalidValue(f"{path}: no database file there")
    return open_database(path, read_only=True)


@click.group(
    name="audit",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/audit.html",
)
def command() -> None:
    """The audit log: export its hash chain, verify it."""


@command.command(
    name="export",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/audit.html#medoffice-audit-export",
)
@click.argument("database", type=click.Path())
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@format_option
@handle_bad_input
def export(database: str, output: Path, output_format: OutputFormat) -> None:
    """Write the audit chain of DATABASE to OUTPUT, to keep where the database's users cannot.

    DATABASE is a SQLite file (a path or sqlite:///path) or a PostgreSQL practice
    (postgresql://user@host/db?practice=name, practice main when absent), opened read-only:
    nothing is created or migrated.
    """
    with _open(database) as opened:
        links = opened.audit.chain()
    output.write_text(json.dumps(_document(links), indent=1) + "\n", encoding="utf-8")
    head = links[-1].to_dict() if links else None
    if output_format is OutputFormat.JSON:
        emit_json({"events": len(links), "head": head, "output": str(output)})
    else:
        where = f"head {head['seq']} {head['digest']}" if head else "no events yet"
        console().print(f"{len(links)} audit events exported to {output} ({where}).", markup=False)
    raise SystemExit(EXIT_OK)


@command.command(
    name="verify",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/audit.html#medoffice-audit-verify",
)
@click.argument("database", type=click.Path())
@click.option(
    "--against",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="a chain written earlier by `medoffice audit export`",
)
@table_format_option
@handle_bad_input
def verify(database: str, against: Path | None, output_format: OutputFormat) -> None:
    """Check that no audit event of DATABASE was changed, inserted or deleted.

    DATABASE is a SQLite file (a path or sqlite:///path) or a PostgreSQL practice
    (postgresql://user@host/db?practice=name, practice main when absent), opened read-only:
    nothing is created or migrated. Exit 0 when the log is intact, 1 when it was rewritten, 2
    when a file or the database cannot be read.
    """
    anchor = () if against is None else read_chain(against)
    with _open(database) as opened:
        report, events = opened.audit.check_chain_counted(anchor=anchor)
    result = {"events": events, "anchored": len(anchor), **report.to_dict()}
    if output_format is OutputFormat.JSON:
        emit_json(result)
    else:
        table = Table(title=f"Audit chain of {_label(database)}: {events} events")
        for column in ("rule", "where", "problem"):
            table.add_column(column)
        for finding in report:
            table.add_row(Text(str(finding.rule)), Text(finding.path), Text(finding.message))
        if report.findings:
            print_table(table)
        verdict = "intact" if report.ok else "REWRITTEN"
        console().print(
            f"{events} events, {len(anchor)} exported links checked: {verdict}.", markup=False
        )
    raise SystemExit(EXIT_OK if report.ok else EXIT_FINDINGS)

"""``medoffice identifiers check``: validate provider, payer and code identifiers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final, TypedDict

import attrs
import click
from rich.table import Table
from rich.text import Text

from medoffice.adapters.formats.inputs import read_input
from medoffice.cli._output import (
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    console,
    emit_json,
    handle_bad_input,
    print_table,
    table_format_option,
)
from medoffice.identifiers import KINDS, guess
from medoffice.kernel import InvalidValue, ValidationError
from medoffice.kernel.inputs import UnreadableInput, decode_text

__all__ = ["Checked", "check_values", "command", "read_values"]

# Member ids are protected health information: an MBI is never echoed back whole.
_MASKED_KINDS: Final = frozenset({"mbi"})


class CheckedRow(TypedDict):
    """The JSON form of one checked value."""

    input: str
    kind: str | None
    valid: bool
    formatted: str | None
    problem: str | None


@attrs.frozen(kw_only=True)
class Checked:
    """The outcome for one value: its kind, whether it is valid, and why not."""

    shown: str
    kind: str | None
    formatted: str | None
    problem: str | None

    @property
    def valid(self) -> bool:
        """Whether the value validated."""
        return self.problem is None

    def to_dict(self) -> CheckedRow:
        """The JSON form."""
        return {
            "input": self.shown,
            "kind": self.kind,
            "valid": self.valid,
            "formatted": self.formatted,
            "problem": self.problem,
        }


def _mask(value: str) -> str:
    kept = value.strip()[-2:]
    return f"{'*' * max(0, len(value.strip()) - 2)}{kept}"


def check_value(value: str, kind: str | None) -> Checked:
    """Validate ``value`` as ``kind``, or as whatever identifier it looks like."""
    kinds = (kind,) if kind else guess(value)
    if not kinds:
        # Not valid as anything: say which identifier it most resembles, when one does.
        near = _nearest_kind(value)
        return Checked(
            shown=_mask(value) if near in _MASKED_KINDS else value,
            kind=near,
            formatted=None,
            problem=_problem(near, value) if near else "not a recognised identifier",
        )
    chosen = kinds[0]
    shown = _mask(value) if chosen in _MASKED_KINDS else value
    try:
        canonical = KINDS[chosen].validate(value)
    except ValidationError as error:
        return Checked(shown=shown, kind=chosen, formatted=None, problem=str(error))
    formatted = KINDS[chosen].format(canonical)
    if chosen in _MASKED_KINDS:
        formatted = _mask(formatted)
    return Checked(shown=shown, kind=chosen, formatted=formatted, problem=None)


def _nearest_kind(value: str) -> str | None:
    # The first kind whose compact form has the identifier's length: a mistyped NPI is still
    # reported as an NPI with its real problem (a check digit, say).
    lengths = {"npi": 10, "dea": 9, "ein": 9, "clia": 10, "mbi": 11}
    try:
        compacted = {name: KINDS[name].compact(value) for name in lengths}
    except (ValidationError, AttributeError, TypeError):
        return None
    for name, size in lengths.items():
        text = compacted[name]
        if len(text) == size and _shape_matches(name, text):
            return name
    return None


def _shape_matches(kind: str, text: str) -> bool:
    if kind in ("npi", "ein"):
        return text.isdigit()
    if kind == "dea":
        return text[:2].isalpha() or (text[0].isalpha() and text[1] == "9")
    if kind == "clia":
        return text[:2].isdigit() and text[3:].isdigit()
    return text[0].isdigit() and not text.isdigit()


def _problem(kind: str, value: str) -> str:
    try:
        KINDS[kind].validate(value)
    except ValidationError as error:
        return str(error)
    return "not a recognised identifier"  # pragma: no cover - guess() would have found it


def check_values(values: Iterable[tuple[str | None, str]]) -> list[Checked]:
    """Check (kind or None, value) pairs in order."""
    return [check_value(value, kind) for kind, value in values]


def read_values(path: Path) -> list[tuple[str | None, str]]:
    """Values from a file: one per line, or a CSV whose header has ``value`` (and ``kind``).

    Blank lines and lines starting with ``#`` are skipped.
    """
    text = decode_text(read_input(path), source=str(path))
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return []
    try:
        header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
        if "value" not in header:
            return [(None, ln.strip()) for ln in lines]
        rows = list(csv.DictReader(io.StringIO("\n".join(lines)), fieldnames=header))[1:]
    except csv.Error as error:
        raise UnreadableInput(str(path), f"not a readable CSV file ({error})") from None
    pairs: list[tuple[str | None, str]] = []
    for number, row in enumerate(rows, start=2):
        kind = (row.get("kind") or "").strip().lower() or None
        if kind is not None and kind not in KINDS:
            raise InvalidValue(f"{path.name}, record {number}: unknown kind {kind!r}")
        pairs.append((kind, (row.get("value") or "").strip()))
    return pairs


def render(results: Sequence[Checked], output_format: OutputFormat, *, title: str) -> None:
    """Print the results as a table or JSON."""
    invalid = sum(not r.valid for r in results)
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "results": [r.to_dict() for r in results],
                "summary": {
                    "checked": len(results),
                    "valid": len(results) - invalid,
                    "invalid": invalid,
                },
            }
        )
        return
    table = Table(title=title)
    for column in ("value", "kind", "valid", "formatted / problem"):
        table.add_column(column)
    for r in results:
        table.add_row(
            r.shown,
            r.kind or "?",
            Text("yes", style="green") if r.valid else Text("no", style="red"),
            r.formatted if r.valid else r.problem,
        )
    out = console()
    print_table(table, out)
    out.print(f"{len(results)} checked, {len(results) - invalid} valid, {invalid} invalid")


@click.group(
    name="identifiers",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/identifiers.html",
)
def command() -> None:
    """Validate identifiers: NPI, DEA, EIN, CLIA, MBI, and code syntax."""


@command.command(
    name="check",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/identifiers.html#medoffice-identifiers-check",
)
@click.argument("values", nargs=-1)
@click.option(
    "--kind",
    type=click.Choice(list(KINDS)),
    default=None,
    help="validate every value as this kind (default: recognise each value)",
)
@click.option(
    "--file",
    "files",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="read values from a file (one per line, or CSV with value[,kind] columns)",
)
@table_format_option
@handle_bad_input
def check(
    values: tuple[str, ...],
    kind: str | None,
    files: tuple[Path, ...],
    output_format: OutputFormat,
) -> None:
    """Check each VALUE; exit 1 when any is invalid."""
    pairs: list[tuple[str | None, str]] = [(kind, v) for v in values]
    for path in files:
        pairs.extend((k or kind, v) for k, v in read_values(path))
    if not pairs:
        raise click.UsageError("give at least one VALUE or --file")
    results = check_values(pairs)
    render(results, output_format, title="Identifiers")
    raise SystemExit(EXIT_FINDINGS if any(not r.valid for r in results) else EXIT_OK)

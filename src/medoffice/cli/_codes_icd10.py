"""``medoffice codes icd10 CODE...``: what the ICD-10-CM index knows about each code.

Exit 0 when every code is known, 1 when any is unknown on the date of service, 2 on bad input
(an unreadable file, a date no loaded release covers).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from medoffice.adapters.reference import load_icd10cm
from medoffice.adapters.reference._reference_data import default_code_sets
from medoffice.cli._output import (
    DAY,
    EXIT_FINDINGS,
    EXIT_OK,
    OutputFormat,
    emit_json,
    handle_bad_input,
    print_table,
    table_format_option,
)
from medoffice.coding.icd10cm import IcdCodeSet, IcdItem, IcdVersions, Note
from medoffice.kernel import InvalidArgument

__all__ = ["command"]


def _note(note: Note) -> dict[str, Any]:
    return {
        "kind": note.kind.value,
        "source": note.source,
        "text": note.text,
        "references": [str(reference) for reference in note.references],
    }


def describe(item: IcdItem) -> dict[str, Any]:
    """The JSON form of an item."""
    return {
        "code": item.code,
        "kind": item.kind.value,
        "description": item.description,
        "billable": item.is_billable,
        "chapter": item.chapter,
        "block": item.block,
        "category": item.category,
        "parent": item.parent,
        "ancestors": list(item.ancestors),
        "children": list(item.children),
        "requires_seventh": item.requires_seventh,
        "seventh_characters": [
            {"character": s.character, "meaning": s.meaning, "defined_on": s.defined_on}
            for s in item.seventh_characters
        ],
        "is_manifestation": item.is_manifestation,
        "has_manifestation_title": item.has_manifestation_title,
        "is_external_cause": item.is_external_cause,
        "record_use": item.record_use.value if item.record_use else None,
        "notes": [_note(note) for note in item.notes],
    }


def _code_set(tabular: Path | None, code_list: Path | None, on: date | None) -> IcdCodeSet:
    extra = []
    if tabular is not None:
        extra.append(load_icd10cm(tabular, code_list=code_list))
    elif code_list is not None:
        raise InvalidArgument("--code-list goes with --tabular")
    if on is None:
        return extra[0] if extra else load_icd10cm()
    return IcdVersions(default_code_sets(extra=extra)).on(on)


@click.command(
    name="icd10",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/codes.html#medoffice-codes-icd10",
)
@click.argument("codes", nargs=-1, required=True)
@click.option("--on", "on", type=DAY, help="date of service, YYYY-MM-DD")
@click.option(
    "--tabular",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="the official tabular XML of another release (its code list alongside)",
)
@click.option(
    "--code-list",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="the code list of that release, when not next to the XML",
)
@table_format_option
@handle_bad_input
def command(
    codes: tuple[str, ...],
    on: date | None,
    tabular: Path | None,
    code_list: Path | None,
    output_format: OutputFormat,
) -> None:
    """Show what ICD-10-CM knows about each CODE (dotted or not) on a date of service."""
    code_set = _code_set(tabular, code_list, on)
    found = {code: code_set.lookup(code) for code in codes}
    if output_format is OutputFormat.JSON:
        emit_json(
            {
                "release": code_set.release.label,
                "provenance": code_set.release.provenance,
                "on": on.isoformat() if on else None,
                "codes": [
                    {"input": code, "found": item is not None, **(describe(item) if item else {})}
                    for code, item in found.items()
                ],
            }
        )
    else:
        table = Table(title=f"ICD-10-CM, {code_set.release.provenance}")
        for column in ("code", "kind", "billable", "description"):
            table.add_column(column)
        for code, item in found.items():
            if item is None:
                table.add_row(code, "unknown", "", "")
            else:
                billable = "yes" if item.is_billable else "no"
                table.add_row(item.code, item.kind.value, billable, item.description)
        print_table(table)
    sys.exit(EXIT_FINDINGS if None in found.values() else EXIT_OK)

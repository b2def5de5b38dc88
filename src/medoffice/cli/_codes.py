"""``medoffice codes``: what the reference code sets know."""

from __future__ import annotations

import importlib
from typing import Final

import click

__all__ = ["command"]

# Each module defines a click command named ``command``, added under ``medoffice codes``.
_SUBCOMMAND_MODULES: Final[tuple[str, ...]] = (
    "medoffice.cli._codes_inspect",
    "medoffice.cli._codes_icd10",
)


@click.group(
    name="codes",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/codes.html",
)
def command() -> None:
    """Look up codes and check reference files (ICD-10-CM, HCPCS, NCCI, MUE, add-on, POS)."""


for _name in _SUBCOMMAND_MODULES:
    command.add_command(importlib.import_module(_name).command)

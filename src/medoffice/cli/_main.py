"""The ``medoffice`` command."""

from __future__ import annotations

import importlib
from typing import Final

import click

from medoffice import __version__
from medoffice.cli._output import safe_output

__all__ = ["main"]

# Each module defines a click command or group named ``command``; listed here so that `--help`
# shows them in a stable order and a missing module fails loudly at start-up.
_COMMAND_MODULES: Final = (
    "medoffice.cli._demo",
    "medoffice.cli._identifiers",
    "medoffice.cli._codes",
    "medoffice.cli._slots",
    "medoffice.cli._claims",
    "medoffice.cli._credentials",
    "medoffice.cli._budget",
)

_EPILOG: Final = """\b
Exit codes:
  0  ran and found nothing wrong
  1  ran and reported error findings
  2  bad input (unreadable file, unknown option, impossible value):
     one line on standard error, "medoffice: error: FILE: problem"

Every command takes --format json for machine-readable output.
"""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=_EPILOG,
)
@click.version_option(__version__, "--version", "-V", prog_name="medoffice")
def main() -> None:
    """medoffice: the rules a medical office lives by.

    Scheduling, claim scrubbing against ICD-10-CM, CPT/HCPCS and NCCI, budgets and credentials.
    """
    safe_output()


for _name in _COMMAND_MODULES:
    main.add_command(importlib.import_module(_name).command)

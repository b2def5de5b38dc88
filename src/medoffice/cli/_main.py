"""The ``medoffice`` command."""

from __future__ import annotations

import importlib
from typing import Final

import click

from medoffice import __version__

__all__ = ["main"]

# Each module defines a click command or group named ``command`` (or several, in ``COMMANDS``);
# listed here so that `--help` shows them in a stable order and a missing module fails loudly at
# start-up.
_COMMAND_MODULES: Final = (
    "medoffice.cli._demo",
    "medoffice.cli._identifiers",
    "medoffice.cli._codes",
    "medoffice.cli._reference",
    "medoffice.cli._slots",
    "medoffice.cli._claims",
    "medoffice.cli._credentials",
    "medoffice.cli._auth",
    "medoffice.cli._referrals",
    "medoffice.cli._budget",
    "medoffice.cli._audit",
    "medoffice.cli._revenue",
)

_EPILOG: Final = """\b
Exit codes:
  0  ran and found nothing wrong
  1  ran and reported error findings
  2  bad input (unreadable file, unknown option, impossible value)

Every command takes --format json for machine-readable output.
"""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=_EPILOG,
)
@click.version_option(__version__, "--version", "-V", prog_name="medoffice")
def main() -> None:
    """medoffice: the rules a medical office lives by.

    Scheduling, claim scrubbing against ICD-10-CM, CPT/HCPCS and NCCI, budgets, credentials,
    referrals and prior authorizations, and the revenue cycle (835 remittances, accounts
    receivable, denials).
    """


for _name in _COMMAND_MODULES:
    _module = importlib.import_module(_name)
    for _command in getattr(_module, "COMMANDS", (_module.command,)):
        main.add_command(_command)

"""The ``medoffice`` command."""

from __future__ import annotations

import importlib
from typing import Final

import click

from medoffice import __version__

__all__ = ["main"]

# Each module defines a click command or group named ``command``; listed here so that `--help`
# shows them in a stable order. A module is imported only when its command runs (or `--help`
# lists them all): `medoffice --version` or `medoffice codes ...` does not pay for the SQLite
# adapters, the claim checker or the scheduling solver.
_COMMAND_MODULES: Final = {
    "demo": "medoffice.cli._demo",
    "identifiers": "medoffice.cli._identifiers",
    "codes": "medoffice.cli._codes",
    "slots": "medoffice.cli._slots",
    "claims": "medoffice.cli._claims",
    "credentials": "medoffice.cli._credentials",
    "budget": "medoffice.cli._budget",
}

_EPILOG: Final = """\b
Exit codes:
  0  ran and found nothing wrong
  1  ran and reported error findings
  2  bad input (unreadable file, unknown option, impossible value)

Every command takes --format json for machine-readable output.
"""


class _LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [
            *_COMMAND_MODULES,
            *(n for n in super().list_commands(ctx) if n not in _COMMAND_MODULES),
        ]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _COMMAND_MODULES.get(cmd_name)
        if module is None:
            return super().get_command(ctx, cmd_name)
        command: click.Command = importlib.import_module(module).command
        return command


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=_EPILOG,
)
@click.version_option(__version__, "--version", "-V", prog_name="medoffice")
def main() -> None:
    """medoffice: the rules a medical office lives by.

    Scheduling, claim scrubbing against ICD-10-CM, CPT/HCPCS and NCCI, budgets and credentials.
    """

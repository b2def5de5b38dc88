"""The ``medoffice`` command."""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from typing import Final

import click

from medoffice import __version__

__all__ = ["main", "run"]

# Each module defines a click command or group named ``command`` (or several, in ``COMMANDS``);
# listed here by command name so that `--help` shows them in a stable order. A module is imported
# only when its command runs (or `--help` lists them all): `medoffice --version` or
# `medoffice codes ...` does not pay for the SQLite adapters, the claim checker or the scheduling
# solver.
_COMMAND_MODULES: Final = {
    "demo": "medoffice.cli._demo",
    "identifiers": "medoffice.cli._identifiers",
    "codes": "medoffice.cli._codes",
    "reference": "medoffice.cli._reference",
    "slots": "medoffice.cli._slots",
    "claims": "medoffice.cli._claims",
    "credentials": "medoffice.cli._credentials",
    "auth": "medoffice.cli._auth",
    "referrals": "medoffice.cli._referrals",
    "budget": "medoffice.cli._budget",
    "audit": "medoffice.cli._audit",
    "remits": "medoffice.cli._revenue",
    "ar": "medoffice.cli._revenue",
    "denials": "medoffice.cli._revenue",
    "examples": "medoffice.cli._examples",
    "completion": "medoffice.cli._completion",
}

_EPILOG: Final = """\b
Exit codes:
  0  ran and found nothing wrong
  1  ran and reported error findings
  2  bad input (unreadable file, unknown option, impossible value):
     one line on standard error, "medoffice: error: FILE: problem"

Every command takes --format json for machine-readable output; commands that print
tables also take --format csv. Shell completion: medoffice completion bash|zsh|fish.
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
        loaded = importlib.import_module(module)
        commands: tuple[click.Command, ...] = getattr(loaded, "COMMANDS", (loaded.command,))
        return next(c for c in commands if c.name == cmd_name)


@click.group(
    cls=_LazyGroup,
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
    from medoffice.cli._output import safe_output  # noqa: PLC0415 - not for --version

    safe_output()


def run() -> None:
    """The ``medoffice`` program (its script, ``python -m medoffice``): :func:`main`, after
    which the process ends at once with the command's exit code, once the functions registered
    with :mod:`atexit` have run and standard output and error are flushed.

    The rest of the interpreter's teardown is skipped: it frees every object still alive one by
    one (after ``claims check``, the reference data: about 0.1 s of CPU time), and no command
    leaves anything that needs it (each closes its files and stops its processes itself). Where
    a thread that is not a daemon still runs (the interpreter would wait for it), a flush fails
    (a pipe closed early) or the exit is not a number, the interpreter ends the process as
    usual, and says so as usual.
    """
    try:
        main()
    except SystemExit as stop:
        if not isinstance(stop.code, int) or _threads_to_wait_for():
            raise
        try:
            atexit._run_exitfuncs()  # noqa: SLF001 - what the interpreter calls on exit
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            raise stop from None
        os._exit(stop.code)


def _threads_to_wait_for() -> bool:
    """Whether a thread other than this one runs that the interpreter would wait for."""
    current = threading.current_thread()
    return any(t is not current and not t.daemon and t.is_alive() for t in threading.enumerate())

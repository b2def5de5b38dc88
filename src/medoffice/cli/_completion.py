"""``medoffice completion bash|zsh|fish``: the script that completes medoffice's commands.

Add the line it prints to the shell's start-up file: commands, sub-commands, options, choices
(``--format``, ``--layout``) and file names then complete with the Tab key.
"""

from __future__ import annotations

from typing import Final

import click
from click.shell_completion import get_completion_class

from medoffice.cli._output import OutputFormat, emit_json, format_option

__all__ = ["command"]

_VARIABLE: Final = "_MEDOFFICE_COMPLETE"
_START_UP: Final = {
    "bash": ("~/.bashrc", 'eval "$(medoffice completion bash)"'),
    "zsh": ("~/.zshrc", 'eval "$(medoffice completion zsh)"'),
    "fish": ("~/.config/fish/config.fish", "medoffice completion fish | source"),
}


@click.command(
    name="completion",
    epilog="\b\nDocumentation: https://medoffice.readthedocs.io/en/latest/cli/completion.html",
)
@click.argument("shell", type=click.Choice(sorted(_START_UP)))
@format_option
def command(shell: str, output_format: OutputFormat) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish).

    \b
    bash:  eval "$(medoffice completion bash)"             in ~/.bashrc
    zsh:   eval "$(medoffice completion zsh)"              in ~/.zshrc
    fish:  medoffice completion fish | source              in ~/.config/fish/config.fish

    With --format json: the script, and the file and line that load it.
    """
    from medoffice.cli._main import main  # noqa: PLC0415 - the group this command belongs to

    completion = get_completion_class(shell)
    if completion is None:  # pragma: no cover - click knows the three shells offered
        raise click.BadParameter(f"no completion for {shell}")
    script = completion(main, {}, "medoffice", _VARIABLE).source()
    if output_format is OutputFormat.JSON:
        start_up, line = _START_UP[shell]
        emit_json({"shell": shell, "start_up_file": start_up, "line": line, "script": script})
    else:
        click.echo(script)

"""Sphinx configuration for the medoffice documentation."""

from __future__ import annotations

import tempfile
from pathlib import Path

from medoffice import __version__

project = "medoffice"
author = "medoffice developers"
copyright = "2026, medoffice developers"
release = __version__
version = __version__

extensions = [
    "myst_nb",  # MyST Markdown, plus notebooks and text notebooks executed at build time
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "notebooks/.ipynb_checkpoints"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# Notebooks (docs/notebooks/*.ipynb, committed without outputs) and the gallery's code cells
# run at every build, so the pictures always show what the code of this release draws (a
# cache keyed on the notebooks' text would keep pictures of older code). A cell that raises
# fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# Where the "cache" mode would keep executed notebooks: outside the repository, never committed.
nb_execution_cache_path = str(Path(tempfile.gettempdir()) / "medoffice-docs-jupyter-cache")
nb_merge_streams = True

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
nitpicky = False


html_theme = "furo"
html_title = f"medoffice {release}"
html_static_path: list[str] = []
# Two domains may name a value alike (budget and revenue each have a Posting): a type name that
# only the type checker resolves is then ambiguous to Sphinx, which links the first match.
suppress_warnings = ["config.cache", "ref.python"]


# --- copy buttons, CLI pages, API contents ------------------------------------------------------
import sys  # noqa: E402
import types  # noqa: E402
from typing import Any  # noqa: E402

import click  # noqa: E402

from medoffice.cli import main  # noqa: E402

extensions += ["sphinx_copybutton", "sphinx_click"]

# A copied example leaves the prompts and the output behind: ">>> ", "... " and "$ ".
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# Options keep their two hyphens ("--format", not an en dash): smart quotes and ellipses only.
smartquotes_action = "qe"

# The page contents list classes and functions by their own name, not Module.Class.method.
toc_object_entries_show_parents = "hide"

# Each command of the `medoffice` group (whose commands load lazily) as an attribute of one
# module, so that every docs/cli/ page renders its command with `.. click:: MODULE:NAME`.
_context = click.Context(main, info_name="medoffice")
_commands = types.ModuleType("medoffice_cli_commands", "The medoffice commands, by name.")
_commands.__dict__.update(
    {name: main.get_command(_context, name) for name in main.list_commands(_context)}
)
sys.modules[_commands.__name__] = _commands


def _no_contract_tests_in_contents(app: Any, domain: str, objtype: str, content: Any) -> None:
    """The contract suites' test methods are documented, but not listed in the page contents."""
    description = content.parent
    for signature in description.children:
        fullname = signature.get("fullname", "") if hasattr(signature, "get") else ""
        in_kit = signature.get("module") == "medoffice.testing" if fullname else False
        if in_kit and objtype == "method" and fullname.split(".")[0].endswith("Contract"):
            description["no-contents-entry"] = True


def setup(app: Any) -> None:
    """Hook the contents filter into the build."""
    app.connect("object-description-transform", _no_contract_tests_in_contents)

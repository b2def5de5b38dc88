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

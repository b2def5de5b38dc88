"""Sphinx configuration for the medoffice documentation."""

from __future__ import annotations

from medoffice import __version__

project = "medoffice"
author = "medoffice developers"
copyright = "2026, medoffice developers"
release = __version__
version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "notebooks/.ipynb_checkpoints"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

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

"""The ``medoffice`` command line (click + rich); ``--format json`` on every command."""

from __future__ import annotations

from medoffice.cli._main import main

__all__ = ["main"]

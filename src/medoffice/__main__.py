"""``python -m medoffice`` runs the command line."""

from __future__ import annotations

from medoffice.cli._main import run

if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    run()

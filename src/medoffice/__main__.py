"""``python -m medoffice`` runs the command line."""

from __future__ import annotations

from medoffice.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    main()

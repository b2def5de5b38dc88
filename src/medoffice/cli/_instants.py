"""Instants given on the command line: ISO 8601 with their UTC offset."""

from __future__ import annotations

from datetime import datetime

import click

__all__ = ["parse_instant"]


def parse_instant(value: str) -> datetime:
    """An ISO 8601 instant with its offset, or a click parameter error."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "use an ISO 8601 instant such as 2026-03-01T08:00:00+00:00"
        ) from None
    if parsed.utcoffset() is None:
        raise click.BadParameter("give the instant's offset, for example +00:00")
    return parsed

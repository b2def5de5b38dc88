"""Adapters: the implementations of the ports the domain cores declare.

In-memory and SQLite repositories, the system clock, and the loaders of official reference files.
This is the only layer that reads the system clock or touches files, databases or networks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from medoffice.adapters.clock import SystemClock

__all__ = ["SystemClock"]


def __getattr__(name: str) -> Any:
    # Lazy: importing one adapter (say the ICD-10-CM loader) must not pay for pendulum, which
    # only the system clock needs.
    if name == "SystemClock":
        from medoffice.adapters.clock import SystemClock  # noqa: PLC0415

        return SystemClock
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

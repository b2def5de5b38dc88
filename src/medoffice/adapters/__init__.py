"""Adapters: the implementations of the ports the domain cores declare.

In-memory and SQLite repositories, the system clock, and the loaders of official reference files.
This is the only layer that reads the system clock or touches files, databases or networks.
"""

from __future__ import annotations

from medoffice.adapters._clock import SystemClock

__all__ = ["SystemClock"]

"""Identifiers, one module each, in python-stdnum's shape."""

from __future__ import annotations

__all__: list[str] = []

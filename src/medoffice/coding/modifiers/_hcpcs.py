"""HCPCS Level II modifiers as the CMS quarterly HCPCS file lists them (record type 7)."""

from __future__ import annotations

from datetime import date
from typing import final

import attrs

__all__ = ["HcpcsModifier"]


@final
@attrs.frozen(kw_only=True)
class HcpcsModifier:
    """One HCPCS Level II modifier with its dates; ``terminated`` is the last valid day."""

    code: str
    short_description: str = ""
    long_description: str = ""
    coverage: str = ""
    added: date | None = None
    action_effective: date | None = None
    terminated: date | None = None
    action: str = ""

    def valid_on(self, on: date) -> bool:
        """Whether the modifier may be reported on ``on``."""
        return (self.added is None or self.added <= on) and (
            self.terminated is None or on <= self.terminated
        )

"""Citations: where a rule, a kind or a monitoring source comes from.

>>> Citation(source="42 CFR 424.515", section="(a)", url="https://www.ecfr.gov").__str__()
'42 CFR 424.515, (a)'
"""

from __future__ import annotations

from datetime import date
from typing import final

import attrs

__all__ = ["Citation"]


@final
@attrs.frozen(kw_only=True)
class Citation:
    """Where a rule comes from.

    ``retrieved_on`` is the day the text was read at ``url``; ``None`` says the figure has not
    been checked against a retrieved copy and ``note`` says what is uncertain.
    """

    source: str
    section: str
    url: str
    retrieved_on: date | None = None
    note: str = ""

    def __str__(self) -> str:
        return f"{self.source}, {self.section}"

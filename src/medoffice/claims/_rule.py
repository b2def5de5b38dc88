"""A claim rule: a plain function plus the metadata that explains it.

Each rule is a function from the prepared facts of one claim to a sequence of :class:`Hit`
records (a field path, a message for people, and the offending value unless it is PHI). The
checker turns hits into :class:`~medoffice.kernel.Finding` records with the rule's id, its
effective severity (the profile may override the default) and its authority as the source, so a
rule function never builds findings itself and a clean claim costs no allocation.

>>> from medoffice.kernel import Severity
>>> Hit("lines[0].units", "units must be above zero", "0")
Hit(path='lines[0].units', message='units must be above zero', value='0')
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, final

import attrs

from medoffice.kernel import Severity

if TYPE_CHECKING:
    from medoffice.claims._facts import Facts

__all__ = ["NO_HITS", "Hit", "Needs", "Rule"]


class Hit(NamedTuple):
    """One problem a rule found: where, what, and the value (``None`` when absent or PHI)."""

    path: str
    message: str
    value: str | None = None


NO_HITS: tuple[Hit, ...] = ()


@final
class Needs(enum.StrEnum):
    """Optional reference data a rule needs; without it the rule is skipped."""

    NOTHING = "nothing"
    DIAGNOSIS_EDITS = "diagnosis-edit table"
    HCPCS = "HCPCS Level II file"
    EDIT_TABLES = "NCCI and modifier edit tables"
    AUTHORIZATIONS = "authorizations and referrals"


@final
@attrs.frozen(kw_only=True)
class Rule:
    """A rule of the catalogue: stable id, default severity, summary, authority, function."""

    id: str
    severity: Severity
    summary: str
    authority: str
    check: Callable[[Facts], Sequence[Hit]] = attrs.field(repr=False, eq=False)
    needs: Needs = Needs.NOTHING
    enabled: bool = True
    group: str = ""

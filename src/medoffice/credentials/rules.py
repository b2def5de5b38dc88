"""Renewal rules and rule packs: the shape of the cited data.

A :class:`Rule` says how long a credential of one kind lasts (its :class:`Term`, of a
:class:`TermShape`) and its renewal and grace :class:`Window` values, with the
:class:`Citation` it comes from; rules come in versioned, effective-dated :class:`RulePack`
values, and a :class:`RuleBook` picks the rule for a credential. The packs that ship are in
:mod:`medoffice.credentials.packs`.
"""

from medoffice.credentials._citation import (
    Citation,
)
from medoffice.credentials._rules import (
    Rule,
    RuleBook,
    RulePack,
    Term,
    TermShape,
    Window,
)

__all__ = [
    "Citation",
    "Rule",
    "RuleBook",
    "RulePack",
    "Term",
    "TermShape",
    "Window",
]

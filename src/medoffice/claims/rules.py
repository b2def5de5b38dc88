"""The rule catalogue: every claim rule, its metadata, and its documentation.

:data:`RULES` lists every :class:`Rule` of :func:`~medoffice.claims.check_claim` in a stable
order (:func:`rule_by_id` finds one; :data:`INTERNAL_RULE` reports a rule that failed).
A rule is a plain function returning :class:`Hit` values, plus what it :class:`Needs` from
reference data. :func:`render_rule_catalogue` writes ``docs/rules.md``.
:func:`is_first_listed_only` is the ICD-10-CM guideline of the :data:`GUIDELINE_YEAR` on codes
that may only be first-listed.

>>> rule_by_id("DX-FIRST-LISTED-ONLY").id == "DX-FIRST-LISTED-ONLY"
True
"""

from medoffice.claims._catalogue import (
    INTERNAL_RULE,
    RULES,
    render_rule_catalogue,
    rule_by_id,
)
from medoffice.claims._first_listed import (
    GUIDELINE_YEAR,
    is_first_listed_only,
)
from medoffice.claims._rule import (
    Hit,
    Needs,
    Rule,
)

__all__ = [
    "GUIDELINE_YEAR",
    "INTERNAL_RULE",
    "RULES",
    "Hit",
    "Needs",
    "Rule",
    "is_first_listed_only",
    "render_rule_catalogue",
    "rule_by_id",
]

"""Which rules did not run on a claim for lack of reference data, said out loud.

A rule that needs a table the context does not hold (the MCE diagnosis edits, a HCPCS file, the
NCCI edit tables) is skipped, and a scrubber that is silently stale is worse than none: every
report lists the rules that did not run and what they needed (``Report.not_run``, in JSON too).
A profile that *requires* the data turns ``CHK-NOT-RUN`` on (as an error): the report then
carries one finding per missing table, naming the rules and the command that installs the
data, and is not ``ok`` while the table is missing.

>>> from datetime import date
>>> from medoffice.claims import CheckContext, Profile, RuleSetting, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> report = check_claim(sample_claim(), context=context)
>>> report.ok, report.not_run[0]
(True, ('AOC-ALONE', 'NCCI and modifier edit tables'))
>>> required = Profile(rules={"CHK-NOT-RUN": RuleSetting(enabled=True, severity="error")})
>>> strict = CheckContext(
...     on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), profile=required
... )
>>> report = check_claim(sample_claim(), context=strict)
>>> report.ok
False
>>> for finding in report.filter(rules=["CHK-NOT-RUN"]):
...     print(finding.value)
HCPCS Level II file
NCCI and modifier edit tables
authorizations and referrals
diagnosis-edit table
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from medoffice.claims._facts import Facts
from medoffice.claims._rule import Hit, Needs, Rule
from medoffice.kernel import Severity

__all__ = ["COVERAGE_RULES", "INSTALL_HINTS"]

INSTALL_HINTS: Final = {
    Needs.DIAGNOSIS_EDITS: "install the CMS MCE tables with `medoffice reference import PATH`",
    Needs.HCPCS: "install them with `medoffice reference fetch hcpcs`",
    Needs.EDIT_TABLES: "install them with `medoffice reference fetch ncci-ptp`, `fetch ncci-mue` "
    "and `import` the add-on code and place-of-service files",
}


def not_run(f: Facts) -> Sequence[Hit]:
    by_need: dict[Needs, list[str]] = {}
    for rule_id, need in f.context.not_run:
        by_need.setdefault(need, []).append(rule_id)
    return [
        Hit(
            "",
            f"no {need.value} is loaded: {len(ids)} rules did not run ({', '.join(ids)}); "
            f"{INSTALL_HINTS.get(need, 'install the data')}",
            need.value,
        )
        for need, ids in by_need.items()
    ]


COVERAGE_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="CHK-NOT-RUN",
        severity=Severity.INFO,
        summary="Rules did not run for lack of reference data; names them and the command "
        "that installs the data. Off by default (every report lists them in not_run); a "
        "profile that requires the data turns it on as an error.",
        authority="medoffice: a check never passes silently for lack of data",
        check=not_run,
        enabled=False,
    ),
)

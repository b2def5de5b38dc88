"""Which dates of service the installed reference data answers for, and the gaps.

:func:`store_coverage` lists every release that answers (the store's, plus the ICD-10-CM releases
the package itself carries: the bundled FY2026 one and the FY2027 one derived from the shipped
addenda), which release of each set answers on a day, and the gaps over the year before it
(Medicare's timely-filing limit: a claim may be filed up to 12 months after the date of
service), with the command that fills each gap.

>>> import tempfile
>>> from pathlib import Path
>>> found = store_coverage(
...     ReferenceStore(Path(tempfile.mkdtemp())), on=date(2026, 12, 5), cache_dir=tempfile.mkdtemp()
... )
>>> found.answers["icd10cm"].startswith("FY2027 October release, derived")
True
>>> found.coverage["icd10cm"], found.gaps["icd10cm"]
([{'first': '2025-10-01', 'last': '2027-03-31'}], [])
>>> found.commands["ncci-ptp"]
'medoffice reference fetch ncci-ptp --period 2026Q4'
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, final

import attrs

from medoffice.adapters.reference._files import FilePath
from medoffice.adapters.reference._reference_data import default_code_sets
from medoffice.adapters.reference._store import ReferenceStore, merged_spans
from medoffice.adapters.reference._store_fetch import FetchManifest
from medoffice.adapters.reference._store_load import load_release
from medoffice.adapters.reference._store_model import Period, ReferenceSet
from medoffice.coding.icd10cm._catalog import IcdVersions
from medoffice.coding.icd10cm._versions import CodeSetUnavailable
from medoffice.kernel import DateRange

__all__ = ["StoreCoverage", "install_command", "store_coverage"]

_TIMELY_FILING = timedelta(days=365)


@final
@attrs.frozen(kw_only=True)
class StoreCoverage:
    """What :func:`store_coverage` found."""

    store: str
    on: date
    window: tuple[str, str]
    releases: tuple[dict[str, Any], ...]
    answers: dict[str, str | None]
    coverage: dict[str, list[dict[str, str]]]
    gaps: dict[str, list[dict[str, str]]]
    commands: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "store": self.store,
            "on": self.on.isoformat(),
            "window": {"first": self.window[0], "last": self.window[1]},
            "releases": list(self.releases),
            "answers": self.answers,
            "coverage": self.coverage,
            "gaps": self.gaps,
            "commands": self.commands,
        }


def install_command(reference_set: ReferenceSet, day: date, manifest: FetchManifest) -> str:
    """The command that installs the release of ``reference_set`` answering for ``day``."""
    period = Period.of(reference_set, day)
    if any(r.set is reference_set and r.period == period for r in manifest.releases):
        return f"medoffice reference fetch {reference_set} --period {period}"
    return f"medoffice reference import PATH  (the official {reference_set} files of {period})"


def _span(span: DateRange) -> dict[str, str]:
    return {"first": span.first.isoformat(), "last": span.last.isoformat()}


def store_coverage(
    store: ReferenceStore, *, on: date, cache_dir: FilePath | None = None
) -> StoreCoverage:
    """Releases, answers on ``on`` and gaps over the 12 months before it (module docstring)."""
    manifest = FetchManifest.read()
    installed = store.releases()
    window = DateRange(on - _TIMELY_FILING, on)
    full = [load_release(store, m, cache_dir) for m in installed if m.set is ReferenceSet.ICD10CM]
    versions = IcdVersions(default_code_sets(extra=full, cache_dir=cache_dir))
    releases: list[dict[str, Any]] = [
        {
            "set": ReferenceSet.ICD10CM.value,
            "period": f"FY{c.release.fiscal_year}",
            "label": c.release.provenance,
            "obtained": "derived" if c.release.is_derived else "package",
            "effective": _span(c.release.effective),
        }
        for c in versions
        if all(c is not f for f in full)
    ]
    releases += [m.to_dict() for m in installed]
    answers: dict[str, str | None] = {}
    covered: dict[str, list[dict[str, str]]] = {}
    gaps: dict[str, list[dict[str, str]]] = {}
    commands: dict[str, str] = {}
    for reference_set in ReferenceSet:
        if reference_set is ReferenceSet.ICD10CM:
            try:
                answers[reference_set.value] = versions.on(on).release.provenance
            except CodeSetUnavailable:
                answers[reference_set.value] = None
            spans = [s for c in versions for s in versions.effective(c)]
        else:
            answers[reference_set.value] = store.covering(reference_set, on)
            spans = list(store.coverage(reference_set))
        covered[reference_set.value] = [_span(s) for s in merged_spans(spans)]
        missing: tuple[DateRange, ...] = (window,)
        for span in spans:
            missing = tuple(p for part in missing for p in part.subtract(span))
        gaps[reference_set.value] = [_span(g) for g in missing]
        if missing:
            commands[reference_set.value] = install_command(
                reference_set, missing[-1].last, manifest
            )
    return StoreCoverage(
        store=str(store.root),
        on=on,
        window=(window.first.isoformat(), window.last.isoformat()),
        releases=tuple(releases),
        answers=answers,
        coverage=covered,
        gaps=gaps,
        commands=commands,
    )

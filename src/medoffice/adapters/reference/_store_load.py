"""The claim checker's reference data, read from the store, each release answering for its dates.

:func:`load_store` builds, from everything installed: the ICD-10-CM releases (the bundled
FY2026 and the derived FY2027 ones, replaced by full releases of the same fiscal year and update
when installed), the MCE diagnosis-edit tables and HCPCS files (each date of service asks the
release of its fiscal year or quarter: :class:`DatedDiagnosisEdits`,
:class:`DatedProcedureCodes`) and the NCCI tables of every installed quarter (their rows carry
their own dates, so each line's date picks its quarter). :meth:`StoreReference.provenance`
says which release of each set answers on a date of service, and
:meth:`StoreReference.missing` which sets none answers for.

:func:`verify_store` re-hashes every stored file and loads every release again, a finding per
problem.

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> reference = load_store(ReferenceStore(Path(tempfile.mkdtemp())), cache_dir=tempfile.mkdtemp())
>>> reference.provenance(date(2026, 11, 30))["icd10cm"]
'FY2027 October release, derived from FY2026 April update + CMS order addenda FY2027'
>>> [str(s) for s in reference.missing(date(2026, 11, 30))]
['mce', 'hcpcs', 'ncci-ptp', 'ncci-mue', 'ncci-aoc', 'pos']
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar, final

import attrs

from medoffice.adapters.bridges import (
    HcpcsProcedureCodes,
    IcdDiagnosisCodes,
    MceDiagnosisEdits,
    NcciEditTables,
)
from medoffice.adapters.reference._edit_tables import load_edit_tables
from medoffice.adapters.reference._files import FilePath
from medoffice.adapters.reference._hcpcs import load_hcpcs
from medoffice.adapters.reference._icd10cm import load_icd10cm
from medoffice.adapters.reference._inspect import ReferenceKind, inspect_file
from medoffice.adapters.reference._mce import load_diagnosis_edits
from medoffice.adapters.reference._reference_data import default_code_sets
from medoffice.adapters.reference._store import ReferenceStore
from medoffice.adapters.reference._store_model import ReferenceSet, ReleaseManifest
from medoffice.claims.ports import (
    AgeGroup,
    DiagnosisEdit,
    DiagnosisEdits,
    ProcedureCodes,
)
from medoffice.coding.icd10cm._catalog import IcdVersions
from medoffice.coding.icd10cm._index import IcdCodeSet
from medoffice.coding.icd10cm._versions import CodeSetUnavailable
from medoffice.kernel import DateRange, Finding, MedofficeError, Report, RuleId, Severity

__all__ = [
    "DatedDiagnosisEdits",
    "DatedProcedureCodes",
    "StoreReference",
    "load_release",
    "load_store",
    "verify_store",
]

_EDIT_SETS = (ReferenceSet.NCCI_PTP, ReferenceSet.NCCI_MUE, ReferenceSet.NCCI_AOC, ReferenceSet.POS)
_KINDS = {
    ReferenceSet.NCCI_PTP: ReferenceKind.NCCI_PTP,
    ReferenceSet.NCCI_MUE: ReferenceKind.NCCI_MUE,
    ReferenceSet.NCCI_AOC: ReferenceKind.NCCI_AOC,
    ReferenceSet.HCPCS: ReferenceKind.HCPCS,
    ReferenceSet.POS: ReferenceKind.POS,
}


@final
@attrs.frozen(kw_only=True)
class StoreReference:
    """What the store holds, as the claim checker's ports, with the provenance of each answer."""

    store: ReferenceStore
    icd10cm: IcdVersions
    diagnoses: IcdDiagnosisCodes
    edits: DiagnosisEdits | None
    procedures: ProcedureCodes | None
    tables: NcciEditTables | None
    releases: tuple[ReleaseManifest, ...]

    def provenance(self, on: date) -> dict[str, str | None]:
        """For each set, the release that answers on ``on`` (``None``: none installed does)."""
        found: dict[str, str | None] = {}
        for reference_set in ReferenceSet:
            if reference_set is ReferenceSet.ICD10CM:
                try:
                    found[reference_set.value] = self.icd10cm.on(on).release.provenance
                except CodeSetUnavailable:
                    found[reference_set.value] = None
            else:
                found[reference_set.value] = self.store.covering(reference_set, on)
        return found

    def missing(self, on: date) -> tuple[ReferenceSet, ...]:
        """The sets no installed release answers for on ``on``."""
        answers = self.provenance(on)
        return tuple(s for s in ReferenceSet if answers[s.value] is None)


T = TypeVar("T")


def _pick(releases: Sequence[tuple[DateRange, T]], day: date) -> T:
    """The release covering ``day``; else the latest that started before it (its history
    answers); else the earliest."""
    started = [found for span, found in releases if span.first <= day]
    covering = [found for span, found in releases if span.contains(day)]
    return (covering or started or [releases[0][1]])[-1]


@final
class DatedDiagnosisEdits:
    """``DiagnosisEdits`` over several MCE releases: each date asks the release of its year."""

    __slots__ = ("_releases",)

    def __init__(self, releases: Sequence[tuple[DateRange, DiagnosisEdits]]) -> None:
        self._releases = tuple(sorted(releases, key=lambda r: r[0].first))

    def lookup(self, code: str, on: date) -> DiagnosisEdit | None:
        """The flags of ``code`` on ``on``, from the release of that date."""
        return _pick(self._releases, on).lookup(code, on)

    def age_range(self, group: AgeGroup, on: date) -> tuple[int, int] | None:
        """The ages of ``group`` on ``on``, from the release of that date."""
        return _pick(self._releases, on).age_range(group, on)


@final
class DatedProcedureCodes:
    """``ProcedureCodes`` over several HCPCS quarters: each date asks the quarter it falls in."""

    __slots__ = ("_releases",)

    def __init__(self, releases: Sequence[tuple[DateRange, ProcedureCodes]]) -> None:
        self._releases = tuple(sorted(releases, key=lambda r: r[0].first))

    def covers(self, on: date) -> bool:
        """Whether the release of that date can answer for it."""
        return _pick(self._releases, on).covers(on)

    def is_valid_on(self, code: str, on: date) -> bool:
        """Whether ``code`` is active on ``on``, by the release of that date."""
        return _pick(self._releases, on).is_valid_on(code, on)


def _paths(store: ReferenceStore, manifest: ReleaseManifest) -> list[Path]:
    return [store.path(manifest, f.name) for f in manifest.files]


def _tabular(store: ReferenceStore, manifest: ReleaseManifest) -> tuple[Path, Path]:
    paths = _paths(store, manifest)
    xml = next(p for p in paths if p.suffix.lower() == ".xml")
    code_list = next(p for p in paths if p.suffix.lower() == ".txt")
    return xml, code_list


def load_release(
    store: ReferenceStore, manifest: ReleaseManifest, cache_dir: FilePath | None
) -> IcdCodeSet:
    """The ICD-10-CM code set of an installed full release."""
    tabular, code_list = _tabular(store, manifest)
    return load_icd10cm(tabular, code_list=code_list, cache_dir=cache_dir)


def _mce(store: ReferenceStore, manifest: ReleaseManifest) -> MceDiagnosisEdits:
    paths = _paths(store, manifest)
    master = next(p for p in paths if "dx_master" in p.name.lower())
    ages = next(p for p in paths if "age_ranges" in p.name.lower())
    # The MCE of a fiscal year answers for that year only: its open-ended rows end with it.
    edits = load_diagnosis_edits(master, age_ranges=ages, through=manifest.effective.last)
    return MceDiagnosisEdits(edits)


def _hcpcs(store: ReferenceStore, manifest: ReleaseManifest) -> HcpcsProcedureCodes | None:
    files = [p for p in _paths(store, manifest) if "transaction" not in p.name.lower()]
    csv = [p for p in files if p.suffix.lower() == ".csv"]
    return HcpcsProcedureCodes(load_hcpcs(csv[-1])) if csv else None


def _dated_mce(store: ReferenceStore, releases: Sequence[ReleaseManifest]) -> DiagnosisEdits | None:
    found = [(m.effective, _mce(store, m)) for m in releases]
    return DatedDiagnosisEdits(found) if found else None


def _dated_hcpcs(
    store: ReferenceStore, releases: Sequence[ReleaseManifest]
) -> ProcedureCodes | None:
    found: list[tuple[DateRange, ProcedureCodes]] = []
    for manifest in releases:
        codes = _hcpcs(store, manifest)
        if codes is not None:
            found.append((manifest.effective, codes))
    return DatedProcedureCodes(found) if found else None


def load_store(
    store: ReferenceStore | None = None, *, cache_dir: FilePath | None = None
) -> StoreReference:
    """Everything the store holds, ready for a ``CheckContext`` (see the module docstring)."""
    store = store or ReferenceStore.open()
    releases = store.releases()
    full = [load_release(store, m, cache_dir) for m in releases if m.set is ReferenceSet.ICD10CM]
    versions = IcdVersions(default_code_sets(extra=full, cache_dir=cache_dir))
    mce = [m for m in releases if m.set is ReferenceSet.MCE]
    hcpcs = [m for m in releases if m.set is ReferenceSet.HCPCS]
    edit_files = [p for m in releases if m.set in _EDIT_SETS for p in _paths(store, m)]
    if hcpcs:
        edit_files += _paths(store, hcpcs[-1])  # its modifiers
    loaded = load_edit_tables(store.root, cache_dir=cache_dir, files=edit_files)
    return StoreReference(
        store=store,
        icd10cm=versions,
        diagnoses=IcdDiagnosisCodes(versions),
        edits=_dated_mce(store, mce),
        procedures=_dated_hcpcs(store, hcpcs),
        tables=loaded.tables if any(m.set in _EDIT_SETS for m in releases) else None,
        releases=releases,
    )


def _finding(rule: str, message: str, path: str) -> Finding:
    return Finding(rule=RuleId(rule), severity=Severity.ERROR, message=message, path=path)


def _reload(store: ReferenceStore, manifest: ReleaseManifest, cache: Path) -> Sequence[Finding]:
    where = f"{manifest.set.value}/{manifest.period.name}"
    try:
        if manifest.set is ReferenceSet.ICD10CM:
            load_release(store, manifest, cache)
            return ()
        if manifest.set is ReferenceSet.MCE:
            _mce(store, manifest)
            return ()
        findings = []
        for path in _paths(store, manifest):
            inspection = inspect_file(path, _KINDS[manifest.set])
            if inspection.error is not None:
                findings.append(
                    _finding("REF-STORE-LOAD", inspection.error, f"{where}/{path.name}")
                )
            for problem in inspection.problems:
                if not problem.kept:
                    findings.append(
                        _finding(
                            "REF-STORE-LOAD",
                            f"line {problem.line}: {problem.message}",
                            f"{where}/{path.name}",
                        )
                    )
        return findings
    except (MedofficeError, OSError, ValueError, StopIteration) as error:
        message = str(error) or type(error).__name__
        return (_finding("REF-STORE-LOAD", f"the release does not load: {message}", where),)


def verify_store(store: ReferenceStore, *, cache_dir: FilePath | None = None) -> Report:
    """Re-hash every file and load every release again: a finding per problem."""
    report = store.verify_files()
    broken = {f.path.rsplit("/", 1)[0] for f in report}
    findings = list(report)
    with contextlib.ExitStack() as stack:
        # A fresh cache unless one is given: verifying means reading the files, not the cache.
        fresh = cache_dir or stack.enter_context(tempfile.TemporaryDirectory())
        cache = Path(fresh)
        for manifest in store.releases():
            if f"{manifest.set.value}/{manifest.period.name}" not in broken:
                findings.extend(_reload(store, manifest, cache))
    return Report.of(findings)

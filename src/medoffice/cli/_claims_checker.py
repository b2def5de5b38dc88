"""What ``medoffice claims check`` checks each claim against, and which reference data answered.

:func:`build_checker` loads the reference data once, from a folder of official files
(``--reference-data``) or from the reference store, and returns a :class:`Checker`: called on
each claim as it is read, it returns the claim's report with the reader's own findings on it.
With the store, it also notes each date of service seen, so that the document can name the
releases that answered on each (a set of calendar days: it stays small whatever the file size).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medoffice.kernel import Finding, Report

if TYPE_CHECKING:
    from medoffice.claims import CheckContext, Profile

__all__ = ["Checker", "Provenance", "build_checker"]

# Which reference data answered: the files loaded, or per date of service, each set's release.
Provenance = dict[str, dict[str, str | None]] | list[str]


class Checker:
    """Checks one claim at a time against a context built once."""

    __slots__ = ("_check", "_context", "_dates", "_provenance")

    def __init__(
        self,
        context: CheckContext,
        provenance: Callable[[set[date]], Provenance],
        *,
        track_dates: bool,
    ) -> None:
        from medoffice.claims._check import check_with_prior  # noqa: PLC0415

        self._check = check_with_prior
        self._context = context
        self._provenance = provenance
        self._dates: set[date] | None = set() if track_dates else None

    def __call__(self, claim: Any, read: Sequence[Finding]) -> Report:
        """The report on ``claim``, with ``read`` (the reader's findings on it) added."""
        if self._dates is not None:
            self._dates.update(line.service_from for line in claim.lines)
        report = self._check(claim, context=self._context, prior=None)
        if not read:
            return report
        return Report((*read, *report.findings), not_run=report.not_run)

    @property
    def dates(self) -> frozenset[date]:
        """The dates of service seen so far (none unless the store answers)."""
        return frozenset(self._dates or ())

    def add_dates(self, dates: frozenset[date]) -> None:
        """Note dates of service that another process's checker saw."""
        if self._dates is not None:
            self._dates.update(dates)

    def provenance(self) -> Provenance:
        """Which reference data answered the claims checked so far."""
        return self._provenance(self._dates or set())


def build_checker(
    *, profile: Profile, on: date, reference_dir: Path | None, store: Path | None
) -> Checker:
    """A checker over the files of ``reference_dir``, else over the reference store ``store``."""
    from medoffice.claims import CheckContext  # noqa: PLC0415

    if reference_dir is None:
        from medoffice.adapters.reference._store import ReferenceStore  # noqa: PLC0415
        from medoffice.adapters.reference._store_load import load_store  # noqa: PLC0415

        held = load_store(ReferenceStore.open(store))
        context = CheckContext.from_store(held, on=on, profile=profile)

        def by_date(dates: set[date]) -> Provenance:
            return {d.isoformat(): held.provenance(d) for d in sorted(dates)}

        return Checker(context, by_date, track_dates=True)
    from medoffice.adapters.reference._edit_tables import load_edit_tables  # noqa: PLC0415
    from medoffice.adapters.reference._files import reference_report  # noqa: PLC0415
    from medoffice.adapters.reference._reference_data import load_reference_data  # noqa: PLC0415

    reference = load_reference_data(reference_dir)
    loaded = load_edit_tables(reference_dir, hcpcs=reference.hcpcs)  # HCPCS read once
    # Every report carries the problems of the reference files it relied on.
    context = CheckContext(
        on=on,
        diagnoses=reference.diagnoses,
        edits=reference.edits,
        procedures=reference.procedures,
        tables=loaded.tables,
        profile=profile,
        reference=reference_report(reference.problems + loaded.problems),
    )
    files_used: list[str] = [*reference.loaded, *loaded.loaded]
    return Checker(context, lambda _dates: files_used, track_dates=False)

"""The local reference store: every official release by set and period, with its manifest.

One folder (by default ``platformdirs.user_data_dir("medoffice")/reference``;
``MEDOFFICE_REFERENCE_STORE`` or an argument overrides it) holds ``<set>/<period>/`` for each
installed release: the official files and ``release.json`` (source, how it was obtained, size,
SHA-256 of every file, the dates of service it answers for). Reading never writes, so a
read-only store (reference data mounted read-only in CI) works; compiled caches go to the cache
folder, not here.

Installing is atomic and serialised: the files are copied into a staging folder inside the
store, hashed, described, then renamed into place under an exclusive lock, so a failed or
interrupted install leaves the store as it was, and of two installs of the same release one
installs and the other finds it there (a no-op).

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "pos.csv").write_text("code,name\\n11,Office\\n")
>>> store = ReferenceStore(Path(tempfile.mkdtemp()))
>>> installed = store.install(
...     ReferenceSet.POS,
...     Period.parse("2026Q4"),
...     [folder / "pos.csv"],
...     label="Place of service 2026Q4",
...     obtained=Obtained.IMPORTED,
...     source="pos.csv",
... )
>>> [r.label for r in store.releases()], store.covering(ReferenceSet.POS, date(2026, 11, 30))
(['Place of service 2026Q4'], 'Place of service 2026Q4')
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Final, final

import platformdirs

from medoffice.adapters.reference._files import FilePath
from medoffice.adapters.reference._store_model import (
    FileRecord,
    Obtained,
    Period,
    ReferenceSet,
    ReleaseManifest,
)
from medoffice.kernel import DateRange, Finding, InvalidArgument, Report, RuleId, Severity

__all__ = [
    "MANIFEST_NAME",
    "ReferenceStore",
    "file_record",
    "locked",
    "merged_spans",
    "store_directory",
]

MANIFEST_NAME: Final = "release.json"
_STAGING: Final = ".staging"
_LOCK: Final = ".lock"
_CHUNK: Final = 1 << 20


def store_directory(store: FilePath | None = None) -> Path:
    """The store folder: the argument, ``MEDOFFICE_REFERENCE_STORE``, or the user data folder."""
    if store is not None:
        return Path(store)
    configured = os.environ.get("MEDOFFICE_REFERENCE_STORE")
    if configured:
        return Path(configured)
    return Path(platformdirs.user_data_dir("medoffice")) / "reference"


def file_record(path: Path, name: str | None = None) -> FileRecord:
    """Size and SHA-256 of a file."""
    hasher = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return FileRecord(name=name or path.name, sha256=hasher.hexdigest(), size=size)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` for the block (waits for another holder)."""
    with path.open("a+b") as handle:
        _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


def _lock(handle: IO[bytes]) -> None:
    try:
        import fcntl  # noqa: PLC0415 - POSIX only

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    except ImportError:  # pragma: no cover - Windows
        import msvcrt  # noqa: PLC0415

        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]


def _unlock(handle: IO[bytes]) -> None:
    try:
        import fcntl  # noqa: PLC0415 - POSIX only

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except ImportError:  # pragma: no cover - Windows
        import msvcrt  # noqa: PLC0415

        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


@final
class ReferenceStore:
    """A folder of installed official releases (see the module docstring)."""

    __slots__ = ("root",)

    def __init__(self, root: FilePath) -> None:
        self.root = Path(root)

    @classmethod
    def open(cls, store: FilePath | None = None) -> ReferenceStore:
        """The store at ``store``, ``MEDOFFICE_REFERENCE_STORE`` or the user data folder."""
        return cls(store_directory(store))

    def __repr__(self) -> str:
        return f"ReferenceStore({str(self.root)!r})"

    def folder(self, reference_set: ReferenceSet, period: Period) -> Path:
        """Where a release lives (whether installed or not)."""
        return self.root / reference_set.value / period.name

    def _manifests(self) -> Iterator[tuple[Path, ReleaseManifest | None]]:
        if not self.root.is_dir():
            return
        for reference_set in ReferenceSet:
            folder = self.root / reference_set.value
            if not folder.is_dir():
                continue
            for release in sorted(folder.iterdir()):
                if not release.is_dir() or release.name.startswith("."):
                    continue
                try:
                    data = json.loads((release / MANIFEST_NAME).read_text(encoding="utf-8"))
                    yield release, ReleaseManifest.from_dict(data)
                except (OSError, ValueError):
                    yield release, None

    def releases(self, reference_set: ReferenceSet | None = None) -> tuple[ReleaseManifest, ...]:
        """The installed releases (of one set), by set and period; unreadable ones left out."""
        found = [m for _, m in self._manifests() if m is not None]
        if reference_set is not None:
            found = [m for m in found if m.set is reference_set]
        return tuple(sorted(found, key=lambda m: (m.set.value, m.effective.first)))

    def release(self, reference_set: ReferenceSet, period: Period) -> ReleaseManifest | None:
        """The installed release of that set and period, if any."""
        return next(
            (m for m in self.releases(reference_set) if m.period == period),
            None,
        )

    def path(self, manifest: ReleaseManifest, name: str) -> Path:
        """The stored file ``name`` of an installed release."""
        return self.folder(manifest.set, manifest.period) / name

    def covering(self, reference_set: ReferenceSet, day: date) -> str | None:
        """The label of the installed release that answers for ``day`` (the latest-starting)."""
        found = [m for m in self.releases(reference_set) if m.effective.contains(day)]
        return found[-1].label if found else None

    def coverage(self, reference_set: ReferenceSet) -> tuple[DateRange, ...]:
        """The dates of service the installed releases of a set answer for, merged."""
        return merged_spans(m.effective for m in self.releases(reference_set))

    def gaps(self, reference_set: ReferenceSet, within: DateRange) -> tuple[DateRange, ...]:
        """The days of ``within`` that no installed release of the set answers for."""
        remaining: tuple[DateRange, ...] = (within,)
        for span in self.coverage(reference_set):
            remaining = tuple(p for part in remaining for p in part.subtract(span))
        return remaining

    def install(
        self,
        reference_set: ReferenceSet,
        period: Period,
        files: Sequence[FilePath],
        *,
        label: str,
        obtained: Obtained,
        source: str,
        installed_on: date | None = None,
    ) -> ReleaseManifest:
        """Copy ``files`` in as one release, atomically; the same files again are a no-op.

        Another release of the same set and period is replaced (in one rename). Raises
        :class:`OSError` when the store cannot be written (a read-only store).
        """
        if not files:
            raise InvalidArgument("a release needs at least one file")
        paths = [Path(f) for f in files]
        names = [f.name for f in paths]
        if len(set(names)) != len(names) or MANIFEST_NAME in names:
            raise InvalidArgument("the files of a release need distinct names")
        records = tuple(sorted((file_record(f) for f in paths), key=lambda r: r.name))
        self.root.mkdir(parents=True, exist_ok=True)
        with locked(self.root / _LOCK):
            present = self.release(reference_set, period)
            if present is not None and present.files == records:
                return present
            manifest = ReleaseManifest(
                set=reference_set,
                period=period,
                label=label,
                obtained=obtained,
                source=source,
                files=records,
                installed_on=None if installed_on is None else installed_on.isoformat(),
            )
            self._put(manifest, paths)
            return manifest

    def _put(self, manifest: ReleaseManifest, files: Sequence[Path]) -> None:
        staging_root = self.root / _STAGING
        staging_root.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=staging_root, prefix="install-"))
        try:
            staging.chmod(0o755)  # mkdtemp's folders are private; a release is readable by all
            for path in files:
                shutil.copyfile(path, staging / path.name)
            copied = {r.name: r for r in (file_record(staging / f.name) for f in files)}
            if any(copied[r.name] != r for r in manifest.files):
                raise OSError("a file changed while it was being copied into the store")
            text = json.dumps(manifest.to_dict(), indent=2, sort_keys=True) + "\n"
            (staging / MANIFEST_NAME).write_text(text, encoding="utf-8")
            target = self.folder(manifest.set, manifest.period)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                old = Path(tempfile.mkdtemp(dir=staging_root, prefix="replaced-"))
                target.replace(old / "release")
                staging.replace(target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                staging.replace(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def verify_files(self) -> Report:
        """Re-hash every file of every release: a finding per missing or altered file."""
        findings: list[Finding] = []
        for folder, manifest in self._manifests():
            shown = str(folder.relative_to(self.root))
            if manifest is None:
                findings.append(_problem("REF-STORE-MANIFEST", "no readable release.json", shown))
                continue
            for record in manifest.files:
                path = folder / record.name
                where = f"{shown}/{record.name}"
                if not path.is_file():
                    findings.append(_problem("REF-STORE-MISSING", "the file is missing", where))
                elif file_record(path) != record:
                    findings.append(
                        _problem(
                            "REF-STORE-CHECKSUM",
                            "the file's size or SHA-256 differs from the manifest: re-install "
                            f"it (medoffice reference fetch {manifest.set.value} --period "
                            f"{manifest.period.name}, or reference import)",
                            where,
                        )
                    )
        return Report.of(findings)


def merged_spans(spans: Iterable[DateRange]) -> tuple[DateRange, ...]:
    """Ranges of days, overlapping or adjacent ones joined, in order."""
    merged: list[DateRange] = []
    for span in sorted(spans, key=lambda r: r.first):
        if merged and span.first.toordinal() <= merged[-1].last.toordinal() + 1:
            if span.last > merged[-1].last:
                merged[-1] = DateRange(merged[-1].first, span.last)
        else:
            merged.append(span)
    return tuple(merged)


def _problem(rule: str, message: str, path: str) -> Finding:
    return Finding(rule=RuleId(rule), severity=Severity.ERROR, message=message, path=path)

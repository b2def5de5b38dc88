"""Filling the reference store: fetching the official files a manifest names.

The package ships a manifest (``data/releases.json``) of the CDC/CMS release files it knows:
for each set and period, the URLs, the names expected, the SHA-256 where a published copy has
been pinned, and which members of a zip to keep. :func:`fetch_release` downloads them
(resumably, see :mod:`._download`) into the store's download folder, checks them, extracts the
members to keep, and installs the release atomically. While one fetch of a release runs, a
second one of the same release waits for it and then finds the release installed (a no-op).

A site without internet downloads the same files by hand and imports them
(:func:`~medoffice.adapters.reference._store_import.import_path`).
"""

from __future__ import annotations

import fnmatch
import json
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final, final

import attrs

from medoffice.adapters.reference._download import FetchError, Progress, download
from medoffice.adapters.reference._files import FilePath
from medoffice.adapters.reference._store import ReferenceStore, locked
from medoffice.adapters.reference._store_model import (
    Obtained,
    Period,
    ReferenceSet,
    ReleaseManifest,
)
from medoffice.kernel import InvalidValue

__all__ = ["FetchManifest", "FetchResult", "OfficialFile", "OfficialRelease", "fetch_release"]

SHIPPED_MANIFEST: Final = Path(__file__).parent / "data" / "releases.json"


@final
@attrs.frozen(kw_only=True)
class OfficialFile:
    """One file to download: where, under what name, and its SHA-256 when pinned."""

    url: str
    name: str
    sha256: str | None = None


@final
@attrs.frozen(kw_only=True)
class OfficialRelease:
    """One release a manifest names."""

    set: ReferenceSet
    period: Period
    label: str
    files: tuple[OfficialFile, ...]
    keep: tuple[str, ...] = ("*",)
    """Patterns of the zip members (or plain files) stored."""

    @property
    def source(self) -> str:
        """The URLs, as the store records them."""
        return " ".join(f.url for f in self.files)


def _release(data: Any) -> OfficialRelease:
    return OfficialRelease(
        set=ReferenceSet(data["set"]),
        period=Period.parse(data["period"]),
        label=str(data["label"]),
        keep=tuple(str(p) for p in data.get("keep", ("*",))),
        files=tuple(
            OfficialFile(url=str(f["url"]), name=Path(str(f["name"])).name, sha256=f.get("sha256"))
            for f in data["files"]
        ),
    )


@final
@attrs.frozen
class FetchManifest:
    """The releases medoffice knows how to fetch."""

    releases: tuple[OfficialRelease, ...]

    @classmethod
    def read(cls, path: FilePath | None = None) -> FetchManifest:
        """The manifest at ``path`` (by default the one shipped with the package)."""
        source = SHIPPED_MANIFEST if path is None else Path(path)
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
            return cls(tuple(_release(r) for r in data["releases"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InvalidValue(
                f"{source.name} is not a readable fetch manifest ({error})"
            ) from None

    def find(self, reference_set: ReferenceSet, period: Period | None) -> OfficialRelease:
        """The release of the set for ``period`` (the latest one when ``None``)."""
        found = [r for r in self.releases if r.set is reference_set]
        if period is not None:
            found = [r for r in found if r.period == period]
        if not found:
            known = ", ".join(f"{r.set} {r.period}" for r in self.releases) or "none"
            wanted = f"{reference_set} {period}" if period else str(reference_set)
            raise FetchError(
                f"the fetch manifest names no release of {wanted} (it knows: {known}); download "
                "the files by hand and run `medoffice reference import PATH`"
            )
        return max(found, key=lambda r: r.period.effective(r.set).first)


@final
@attrs.frozen(kw_only=True)
class FetchResult:
    """What a fetch did: the release installed, and whether anything changed."""

    release: ReleaseManifest
    changed: bool


def _matching(names: Sequence[str], keep: Sequence[str]) -> list[str]:
    return [n for n in names if any(fnmatch.fnmatch(Path(n).name, p) for p in keep)]


def _extract(downloaded: Sequence[Path], keep: Sequence[str], into: Path) -> list[Path]:
    found: list[Path] = []
    for path in downloaded:
        if not zipfile.is_zipfile(path):
            if _matching([path.name], keep):
                found.append(Path(shutil.copy(path, into / path.name)))
            continue
        with zipfile.ZipFile(path) as archive:
            members = [i.filename for i in archive.infolist() if not i.is_dir()]
            for member in _matching(members, keep):
                target = into / Path(member).name
                with archive.open(member) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
                found.append(target)
    if not found:
        raise FetchError(
            f"the downloaded files hold nothing matching {', '.join(keep)}; nothing was installed"
        )
    return found


def fetch_release(
    store: ReferenceStore,
    reference_set: ReferenceSet,
    period: Period | None = None,
    *,
    manifest: FetchManifest | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> FetchResult:
    """Download, check and install a release the manifest names; installed already: a no-op."""
    official = (manifest or FetchManifest.read()).find(reference_set, period)
    store.root.mkdir(parents=True, exist_ok=True)
    lock = store.root / f".fetch-{official.set.value}-{official.period.name}.lock"
    with locked(lock):
        present = store.release(official.set, official.period)
        if present is not None and present.source == official.source:
            return FetchResult(release=present, changed=False)
        downloads = store.root / ".downloads" / official.set.value / official.period.name
        files = [
            download(
                f.url,
                downloads / f.name,
                sha256=f.sha256,
                progress=progress,
            )
            for f in official.files
        ]
        staging_root = store.root / ".staging"
        staging_root.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=staging_root, prefix="fetch-") as folder:
            paths = _extract([downloads / f.name for f in files], official.keep, Path(folder))
            installed = store.install(
                official.set,
                official.period,
                paths,
                label=official.label,
                obtained=Obtained.FETCHED,
                source=official.source,
                installed_on=today,
            )
        shutil.rmtree(downloads, ignore_errors=True)
        return FetchResult(release=installed, changed=True)

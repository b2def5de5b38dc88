"""The ``CodeSetSource`` port answered from official ICD-10-CM files, by path.

>>> import tempfile
>>> FileCodeSetSource(cache_dir=Path(tempfile.mkdtemp())).load().release.label
'FY2026 April update'
"""

from __future__ import annotations

from pathlib import Path
from typing import final

import attrs

from medoffice.adapters.reference._icd10cm import load_icd10cm
from medoffice.coding.icd10cm._index import IcdCodeSet
from medoffice.coding.icd10cm._versions import IcdRelease

__all__ = ["FileCodeSetSource"]


@final
@attrs.frozen(kw_only=True)
class FileCodeSetSource:
    """A :class:`~medoffice.coding.icd10cm.CodeSetSource` reading official files by path."""

    path: Path | None = None
    code_list: Path | None = None
    release: IcdRelease | None = None
    cache_dir: Path | None = None

    def load(self) -> IcdCodeSet:
        """Compile or load from the cache."""
        return load_icd10cm(
            self.path, code_list=self.code_list, release=self.release, cache_dir=self.cache_dir
        )

"""Where compiled reference data is cached: one folder for every loader.

The argument when given, else ``MEDOFFICE_CACHE_DIR`` when set, else the user cache folder of
medoffice (``platformdirs.user_cache_dir("medoffice")``). A cache only saves time: the loaders
rebuild what is missing, stale or unreadable, and carry on when the folder cannot be written.

>>> import os
>>> cache_directory("/tmp/medoffice-cache").name
'medoffice-cache'
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["cache_directory", "cache_folder"]


def cache_directory(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where compiled caches go: the argument, ``MEDOFFICE_CACHE_DIR``, or the user cache."""
    from pathlib import Path  # noqa: PLC0415 - the ICD-10-CM load uses cache_folder, no pathlib

    return Path(cache_folder(cache_dir))


def cache_folder(cache_dir: str | os.PathLike[str] | None = None) -> str:
    """:func:`cache_directory` as a string."""
    if cache_dir is not None:
        return os.fspath(cache_dir)
    configured = os.environ.get("MEDOFFICE_CACHE_DIR")
    if configured:
        return configured
    import platformdirs  # noqa: PLC0415 - only the default needs it; imported on that path alone

    return str(platformdirs.user_cache_dir("medoffice"))

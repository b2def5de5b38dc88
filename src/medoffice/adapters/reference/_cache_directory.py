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
from pathlib import Path

__all__ = ["cache_directory"]


def cache_directory(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where compiled caches go: the argument, ``MEDOFFICE_CACHE_DIR``, or the user cache."""
    if cache_dir is not None:
        return Path(cache_dir)
    configured = os.environ.get("MEDOFFICE_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs  # noqa: PLC0415 - only the default needs it; imported on that path alone

    return Path(platformdirs.user_cache_dir("medoffice"))

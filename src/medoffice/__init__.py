"""medoffice: the rules a medical office lives by, as a typed, pure-Python SDK.

The package is organised in layers (see the README's architecture section): ``kernel`` values,
``identifiers``, ``coding`` reference sets, the domain cores (``scheduling``, ``claims``,
``budget``, ``credentials``), then ``adapters`` and the ``cli``. ``testing`` is the public test kit.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("medoffice")
except PackageNotFoundError:  # pragma: no cover - only when run from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]

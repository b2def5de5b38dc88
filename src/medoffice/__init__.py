"""medoffice: the rules a medical office lives by, as a typed, pure-Python SDK.

The package is organised in layers (see the README's architecture section): ``kernel`` values,
``identifiers``, ``coding`` reference sets, the domain cores (``scheduling``, ``claims``,
``budget``, ``credentials``), then ``adapters`` and the ``cli``. ``testing`` is the public test kit.
"""

from __future__ import annotations

# The single source of the version (hatchling reads it at build time); a literal, because
# importlib.metadata alone costs ~50 ms at import, and code-set loads are budgeted in ms.
__version__ = "0.1.0"

__all__ = ["__version__"]

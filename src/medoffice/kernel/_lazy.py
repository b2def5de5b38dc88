"""Names a package exports but imports on first use, so importing the package stays cheap.

A package lists where each name lives and takes its module ``__getattr__`` and ``__dir__`` from
:func:`lazy_exports`; the first look-up of a name imports its module and stores the value in the
package, so later look-ups never reach ``__getattr__`` again.

>>> namespace = {"__all__": ["sqrt"]}
>>> getattr_, dir_ = lazy_exports("math", namespace, {"sqrt": "math"})
>>> getattr_("sqrt")(9.0), "sqrt" in namespace, dir_()
(3.0, True, ['__all__', 'sqrt'])
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, MutableMapping
    from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, namespace: MutableMapping[str, Any], homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package`` (its ``globals()`` as ``namespace``)
    for the names in ``homes``, each mapped to the module (relative to ``package``) defining it."""

    def get_attribute(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home, package), name)
        namespace[name] = value  # later look-ups skip this function
        return value

    def names() -> list[str]:
        return sorted({*namespace, *namespace.get("__all__", ())})

    return get_attribute, names
